#pragma once
// The point layers of a study: AVS structures (centres sociaux, EVS, ...) and TECS initiatives,
// read from any GDAL source or from CSV as French spreadsheets export it, placed in the
// territory (position, method, commune) as they are read. These are inputs: what the analysis
// computes about them lives in AnalysisResult.

#include "cog.hpp"
#include "commune_locator.hpp"
#include "kdtree.hpp"
#include "rejects.hpp"
#include "study.hpp"
#include "territory.hpp"
#include "vocabulary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

/// Where a point is and how it was placed.
struct Placement {
    std::optional<XY> xy; ///< metric CRS; nullopt when it could not be placed
    PlacementMethod method = PlacementMethod::None;
    std::optional<double> precision_m; ///< estimated precision of the position
    std::size_t commune = Territory::npos; ///< commune containing xy; npos outside or unplaced
    std::string insee_given; ///< the INSEE code column as read (normalised), may be empty

    bool in_territory() const { return commune != Territory::npos; }
};

struct Structure {
    std::string name;
    StructureType type = StructureType::Other;
    std::string category;           ///< the source's own wording (« MJC », « Centre social »)
    std::optional<bool> ambassador; ///< has a TECS ambassador (optional column)
    std::string bonus;              ///< sustainable-development bonus dimensions (optional column)
    /// Supply for the E2SFCA accessibility index (optional `capacity` column: places, staff…);
    /// none: the structure counts for 1.
    std::optional<double> capacity;
    Placement place;
    SourceRef source;
};

struct Initiative {
    std::string title;
    std::optional<int> year;
    std::string theme;
    std::string structure;
    Placement place;
    SourceRef source;
};

/// INSEE code of the commune a point lies in, or "" outside.
std::string commune_code(const Territory& territory, const Placement& place);
/// Code of the CTG a point lies in, or "" outside.
std::string ctg_code(const Territory& territory, const Placement& place);
/// Index of the CTG a point lies in, or Territory::npos outside.
std::size_t ctg_index(const Territory& territory, const Placement& place);

/// Reads structures. Rows without a usable position are kept out and recorded in `rejects`;
/// layer-level problems (missing file, no CRS, no name column) throw InputError.
std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const Cog& cog, Rejects& rejects, Diagnostics& diagnostics);

/// Same, with a locator shared between layers (building one costs a prepared geometry per
/// commune).
std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const CommuneLocator& locator, const Cog& cog,
                                       Rejects& rejects, Diagnostics& diagnostics);

/// Reads initiatives. An initiative that can be placed neither by coordinates nor by commune
/// code is kept without geometry (method None) and recorded in `rejects` as kept.
std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const Cog& cog, Rejects& rejects,
                                         Diagnostics& diagnostics);
std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const CommuneLocator& locator, const Cog& cog,
                                         Rejects& rejects, Diagnostics& diagnostics);

} // namespace tecsmap
