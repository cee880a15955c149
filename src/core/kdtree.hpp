#pragma once
// A static 2-D k-d tree over points, for nearest-neighbour distances (coverage) and
// fixed-radius neighbourhoods (DBSCAN). Built once in O(n log n); queries are exact.

#include <cstddef>
#include <vector>

namespace tecsmap {

struct XY {
    double x = 0;
    double y = 0;
};

class KdTree {
public:
    explicit KdTree(std::vector<XY> points);

    /// Index of the nearest point and its Euclidean distance; {npos, inf} when empty.
    struct Nearest {
        std::size_t index;
        double distance;
    };
    Nearest nearest(XY q) const;

    /// Indices of the points at distance <= radius of q, ascending.
    std::vector<std::size_t> within(XY q, double radius) const;

    std::size_t size() const noexcept { return points_.size(); }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    void build(std::size_t lo, std::size_t hi, int depth);
    void nearest_in(std::size_t lo, std::size_t hi, int depth, XY q, Nearest& best) const;
    void within_in(std::size_t lo, std::size_t hi, int depth, XY q, double r2,
                   std::vector<std::size_t>& out) const;

    std::vector<XY> points_;
    std::vector<std::size_t> order_; ///< implicit tree: median of [lo,hi) is the node
};

} // namespace tecsmap
