#pragma once
// DBSCAN (spec "Clusters of initiatives"): min_points counts the point itself; a point is core
// when at least min_points points lie within eps (distance <= eps). Clusters are numbered
// 1..k in the order of their first core member in input order; noise has no label.

#include "../kdtree.hpp"

#include <optional>
#include <vector>

namespace tecsmap {

struct DbscanResult {
    std::vector<std::optional<int>> labels; ///< per input point
    std::vector<bool> core;                 ///< per input point
    int cluster_count = 0;
};

DbscanResult dbscan(const std::vector<XY>& points, double eps, int min_points);

} // namespace tecsmap
