#pragma once
// Isochrones per structure: the places from which the structure is reached within T minutes,
// travelling to it (reversed graph) and walking off the road at walk_kmh for at most
// walk_cap_m. Construction (docs/methods.md): a road point q reached at time t(q) <= T contributes
// the disc of radius r(q) = min(walk_cap_m, walk speed x (T - t(q))). Along an edge t varies
// linearly, so the union of its discs is the convex hull of the discs at the two ends of each
// piece: where r is capped this is a plain buffer of the segment (segments capped all along,
// over both directions of travel, are merged into chains and each chain buffered), elsewhere a
// tapered hull. The isochrone is the union (by tiles, see tiled_union), a MultiPolygon in the
// metric CRS.

#include "dijkstra.hpp"
#include "geos_handles.hpp"
#include "snapping.hpp"

#include <vector>

namespace tecsmap::access {

struct IsochroneParams {
    std::vector<double> minutes = {10, 15, 20, 30};
    double walk_kmh = 4.5;
    double walk_cap_m = 300;
    int quadrant_segments = 4; ///< disc approximation: 4 x this many sides
    double tile_m = 5000;      ///< side of the tiles of the union (speed only, not the result)
};

struct Isochrone {
    std::size_t structure = 0;
    double minutes = 0;
    geos::GeomPtr geometry; ///< MultiPolygon (empty when nothing is reached)
};

/// Isochrones of one structure, one per params.minutes (ascending), using `search` as scratch.
std::vector<Isochrone> structure_isochrones(const RoadGraph& graph, const Snap& structure,
                                            std::size_t structure_index,
                                            const IsochroneParams& params, BoundedSearch& search);

/// All structures, in parallel; result ordered by structure then minutes.
std::vector<Isochrone> isochrones(const RoadGraph& graph, const std::vector<Snap>& structures,
                                  const IsochroneParams& params, Feedback* feedback = nullptr);

} // namespace tecsmap::access
