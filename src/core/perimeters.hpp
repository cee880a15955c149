#pragma once
// Policy perimeters (PAT, PCAET, CTE): polygons, or lists of EPCI SIRENs / INSEE codes turned
// into the union of those polygons. All rows with the same (kind, name), across all sources,
// form one perimeter (spec "Policy perimeters").

#include "cog.hpp"
#include "geos_handles.hpp"
#include "rejects.hpp"
#include "study.hpp"
#include "territory.hpp"
#include "vocabulary.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct Perimeter {
    PerimeterKind kind = PerimeterKind::PAT;
    std::string name;
    geos::GeomPtr geometry;           ///< MultiPolygon, metric CRS, not clipped to the territory
    std::vector<std::string> sources; ///< files that contributed
};

std::vector<Perimeter> read_perimeters(const std::vector<LayerSource>& sources,
                                       const Territory& territory, const Cog& cog, Rejects& rejects,
                                       Diagnostics& diagnostics);

} // namespace tecsmap
