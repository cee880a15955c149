#pragma once
// Getis-Ord Gi* hot spots (spec "Hot spots"): binary weights with the commune itself included,
// population variance (divide by n), analytical z-score of Getis & Ord (1995).

#include "../commune_neighbours.hpp"
#include "../territory.hpp"

#include <vector>

namespace tecsmap {

/// Neighbour lists (self included, ascending) of communes whose polygons are within
/// `tolerance_m` of each other (queen contiguity robust to slivers): the territory's own lists
/// at the default tolerance when it has them, else commune_neighbours().
std::vector<std::vector<std::size_t>> queen_neighbours(const Territory& territory,
                                                       double tolerance_m = kNeighbourToleranceM);

/// z-scores; 0 where the variance (or the weight term) is 0.
std::vector<double> gi_star(const std::vector<double>& values,
                            const std::vector<std::vector<std::size_t>>& neighbours);

/// 1 where z >= 1.96, -1 where z <= -1.96, else 0.
int hotspot_class(double z);

} // namespace tecsmap
