#pragma once
// The coverage relation of the location model for the straight-line rule (distance <= R),
// built with the k-d tree: which demand points each candidate site would cover, and which
// demand points the existing structures already cover. Other rules (agreed zones, travel
// minutes) build the same two vectors their own way.

#include "../kdtree.hpp"

#include <cstddef>
#include <vector>

namespace tecsmap {

/// For each candidate, the demand points at Euclidean distance <= radius_m, ascending.
/// One k-d tree over the demand points, one radius query per candidate (both cores).
std::vector<std::vector<std::size_t>> covers_within_radius(const std::vector<XY>& demand,
                                                           const std::vector<XY>& candidates,
                                                           double radius_m);

/// 1 for the demand points at distance <= radius_m of at least one existing site, else 0.
/// One k-d tree over the sites, one nearest-neighbour query per demand point.
std::vector<char> covered_within_radius(const std::vector<XY>& demand,
                                        const std::vector<XY>& existing_sites, double radius_m);

} // namespace tecsmap
