#pragma once
// The outlines of the départements around a territory, drawn faded on maps. Obtained (mirror,
// cache, download) and read here, in the core, so that the renderer only receives geometries.

#include "boundary_source.hpp"
#include "geos_handles.hpp"
#include "territory.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct DepartementOutline {
    std::string code;
    std::string name;
    geos::GeomPtr geometry; ///< metric CRS of the territory
};

/// Départements other than the territory's within `margin_m` of it, in the territory's CRS.
/// Never throws for a missing or unreadable file: the maps then simply lack the faded
/// surroundings, and a diagnostic says so.
std::vector<DepartementOutline> load_neighbour_outlines(const Territory& territory,
                                                        const BoundaryOptions& options,
                                                        Diagnostics& diagnostics,
                                                        double margin_m = 150000);

} // namespace tecsmap
