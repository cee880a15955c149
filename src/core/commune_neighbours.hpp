#pragma once
// Which communes of a territory touch: queen contiguity, robust to slivers. Built once with the
// territory (and kept in the territory cache), read by the hot-spot statistics.

#include "geos_handles.hpp"

#include <vector>

namespace tecsmap {

struct Commune;

/// Tolerance under which two commune polygons count as touching (slivers between sources).
inline constexpr double kNeighbourToleranceM = 1.0;

/// Neighbour lists (self included, ascending) of communes whose polygons are within
/// `tolerance_m` (>= 0) of each other. STRtree on envelopes expanded by the tolerance, then
/// once per candidate pair (the relation is symmetric), on all cores: a vertex in common
/// (distance 0), else GEOS's exact distance test. Reads the communes from several threads
/// after filling their lazy GEOS caches: no other thread may use them meanwhile.
std::vector<std::vector<std::size_t>> commune_neighbours(const std::vector<Commune>& communes,
                                                         double tolerance_m = kNeighbourToleranceM);

} // namespace tecsmap
