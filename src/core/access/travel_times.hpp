#pragma once
// Travel times FROM where people are TO the structures (one-way streets matter): searches run
// over the reversed graph, seeded at the structures' snapped nodes with the structures' walk
// minutes. A demand point's minutes = walk to its snapped node + road minutes + walk from the
// structure's snapped node to the structure.

#include "dijkstra.hpp"
#include "snapping.hpp"

#include <cstddef>
#include <vector>

namespace tecsmap::access {

inline constexpr double default_walk_kmh = 4.5;
inline constexpr std::size_t no_structure = static_cast<std::size_t>(-1);

struct NearestStructure {
    std::vector<double> minutes;        ///< per demand point; unreachable when no structure
    std::vector<std::size_t> structure; ///< index of the nearest structure (ties: lowest index)
    std::vector<double> road_minutes;   ///< the road part of minutes
    std::vector<double> route_length_m; ///< length of the road part of the route
};

/// Nearest structure of every demand point, by time. One multi-source search over the whole
/// graph: O((V + E) log V) whatever the number of structures.
NearestStructure nearest_structure(const RoadGraph& graph, const std::vector<Snap>& demand,
                                   const std::vector<Snap>& structures,
                                   Feedback* feedback = nullptr);

/// One (demand point, minutes) pair.
struct TimeEntry {
    std::uint32_t demand;
    double minutes;
};

/// For each structure, the demand points that reach it within max_minutes (total minutes,
/// walks included), ascending by demand index. One bounded search per structure, in parallel.
std::vector<std::vector<TimeEntry>> times_within(const RoadGraph& graph,
                                                 const std::vector<Snap>& demand,
                                                 const std::vector<Snap>& structures,
                                                 double max_minutes, Feedback* feedback = nullptr);

} // namespace tecsmap::access
