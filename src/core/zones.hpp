#pragma once
// Agreed intervention zones (zones de compétence) of the structures (issue 11, item 4). Each
// agreement may define the territory a structure serves, often a whole intercommunality. A
// zone comes from the structure's own `zone_insee` column (a list of INSEE codes: the union of
// those communes), from a polygon layer keyed by a structure identifier (`[layers] zones`), or
// both (their union).
//
// The zones layer: any GDAL polygon source; each feature names its structure in a column
// (`columns = { structure = "..." }`, default the first of structure, siret, identifiant, id,
// nom). A value is matched against the structures' SIRET (14 digits, spaces ignored), then
// their identifier column, then their name (accents, case and articles ignored; a name two
// structures share is refused as ambiguous). Unmatched features go to `rejects`.

#include "geos_handles.hpp"
#include "points.hpp"
#include "rejects.hpp"
#include "study.hpp"
#include "territory.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

struct StructureZone {
    std::size_t structure = 0;         ///< index into the structures
    geos::GeomPtr geometry;            ///< MultiPolygon, metric CRS
    std::vector<std::size_t> communes; ///< territory communes listed in zone_insee (wholly in)
    std::vector<std::string> insee;    ///< zone_insee codes, current (also those not loaded)
    bool from_layer = false;           ///< polygons from the zones layer contribute
    geos::GeomPtr layer_geometry;      ///< the zones layer's part alone (null when none)
};

/// Builds the zone of every structure that has one, in structure order. A zone_insee code
/// whose polygon is not loaded (outside the territory) is recorded in `rejects` (kept) and
/// left out of the polygon. Throws InputError for an unreadable zones layer, one without CRS,
/// or without a column naming the structure.
std::vector<StructureZone> build_zones(const std::vector<Structure>& structures,
                                       const std::optional<LayerSource>& layer,
                                       const Territory& territory, Rejects& rejects,
                                       Diagnostics& diagnostics);

} // namespace tecsmap
