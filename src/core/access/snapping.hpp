#pragma once
// Snapping points to the road graph: each point goes to the nearest node of the kept component
// by straight-line distance (k-d tree; ties to the lowest node index), and that distance is
// walked.

#include "kdtree.hpp"
#include "road_graph.hpp"

#include <cstdint>
#include <vector>

namespace tecsmap::access {

/// A structure or a demand point farther than this from any road is flagged (issue 12: a
/// structure more than 5 km from any road is reported).
inline constexpr double far_from_road_m = 5000;

struct Snap {
    std::uint32_t node = 0;
    double distance_m = 0;   ///< straight line, point to node
    double walk_minutes = 0; ///< distance_m at walk_kmh
    bool far = false;        ///< distance_m > far_from_road_m
};

class Snapper {
public:
    explicit Snapper(const RoadGraph& graph);
    Snap snap(XY p, double walk_kmh) const;
    std::vector<Snap> snap_all(const std::vector<XY>& points, double walk_kmh) const;

private:
    KdTree tree_;
};

} // namespace tecsmap::access
