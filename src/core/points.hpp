#pragma once
// The point layers of a study: AVS structures (centres sociaux, EVS, ...) and TECS initiatives,
// read from any GDAL source or from CSV as French spreadsheets export it.

#include "cog.hpp"
#include "kdtree.hpp"
#include "rejects.hpp"
#include "study.hpp"
#include "territory.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

/// Where a point came from and how it was placed. Shared by structures and initiatives.
struct PointPlacement {
    std::optional<XY> xy;         ///< metric CRS; nullopt when it could not be placed
    std::optional<XY> swapped_xy; ///< metric position if x and y were swapped (for diagnosis)
    std::string located_by;       ///< "coordinates", "commune" or empty (not placed)
    std::string insee_given;      ///< the INSEE code column as read (normalised), may be empty
    std::string file;             ///< source file
    std::string location;         ///< "ligne 12" / "entité 7"
    // Set by the point-in-commune join (analysis):
    std::string insee;    ///< commune containing the point, empty outside
    std::string ctg_code; ///< its CTG, empty outside
    bool in_territory = false;
};

struct Structure {
    std::string name;
    std::string type;               ///< CS, EVS, MJC, ... as given (upper-cased short forms)
    std::optional<bool> ambassador; ///< has a TECS ambassador (optional column)
    std::string bonus;              ///< sustainable-development bonus dimensions (optional column)
    PointPlacement place;
};

struct Initiative {
    std::string title;
    std::optional<int> year;
    std::string theme;
    std::string structure;
    PointPlacement place;
    // Analysis results:
    std::optional<int> cluster_id;
    bool in_pat = false, in_pcaet = false, in_cte = false;
};

/// Reads structures. Rows without a usable position are kept out and recorded in `rejects`;
/// layer-level problems (missing file, no CRS, no name column) throw InputError.
std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const Cog& cog, Rejects& rejects, Diagnostics& diagnostics);

/// Reads initiatives. An initiative that can be placed neither by coordinates nor by commune
/// code is kept without geometry (located_by empty) and recorded in `rejects` as kept.
std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const Cog& cog, Rejects& rejects,
                                         Diagnostics& diagnostics);

} // namespace tecsmap
