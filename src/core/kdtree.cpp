#include "kdtree.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tecsmap {

namespace {
double coord(const XY& p, int axis) {
    return axis == 0 ? p.x : p.y;
}
} // namespace

KdTree::KdTree(std::vector<XY> points)
    : points_(std::move(points))
    , order_(points_.size()) {
    for (std::size_t i = 0; i < order_.size(); ++i)
        order_[i] = i;
    build(0, order_.size(), 0);
}

void KdTree::build(std::size_t lo, std::size_t hi, int depth) {
    if (hi - lo <= 1)
        return;
    const int axis = depth % 2;
    const std::size_t mid = lo + (hi - lo) / 2;
    std::nth_element(order_.begin() + static_cast<std::ptrdiff_t>(lo),
                     order_.begin() + static_cast<std::ptrdiff_t>(mid),
                     order_.begin() + static_cast<std::ptrdiff_t>(hi),
                     [&](std::size_t a, std::size_t b) {
                         return coord(points_[a], axis) < coord(points_[b], axis);
                     });
    build(lo, mid, depth + 1);
    build(mid + 1, hi, depth + 1);
}

KdTree::Nearest KdTree::nearest(XY q) const {
    Nearest best{npos, std::numeric_limits<double>::infinity()};
    if (points_.empty())
        return best;
    best.distance = std::numeric_limits<double>::infinity(); // squared during the search
    nearest_in(0, order_.size(), 0, q, best);
    best.distance = std::sqrt(best.distance);
    return best;
}

void KdTree::nearest_in(std::size_t lo, std::size_t hi, int depth, XY q, Nearest& best) const {
    if (lo >= hi)
        return;
    const int axis = depth % 2;
    const std::size_t mid = lo + (hi - lo) / 2;
    const XY& p = points_[order_[mid]];
    const double dx = p.x - q.x, dy = p.y - q.y;
    const double d2 = dx * dx + dy * dy;
    // Ties go to the lowest input index so that results never depend on the tree's shape.
    if (d2 < best.distance || (d2 == best.distance && order_[mid] < best.index)) {
        best.distance = d2;
        best.index = order_[mid];
    }
    const double delta = coord(q, axis) - coord(p, axis);
    const bool left_first = delta < 0;
    if (left_first)
        nearest_in(lo, mid, depth + 1, q, best);
    else
        nearest_in(mid + 1, hi, depth + 1, q, best);
    if (delta * delta <= best.distance) {
        if (left_first)
            nearest_in(mid + 1, hi, depth + 1, q, best);
        else
            nearest_in(lo, mid, depth + 1, q, best);
    }
}

std::vector<std::size_t> KdTree::within(XY q, double radius) const {
    std::vector<std::size_t> out;
    within_in(0, order_.size(), 0, q, radius * radius, out);
    std::sort(out.begin(), out.end());
    return out;
}

void KdTree::within_in(std::size_t lo, std::size_t hi, int depth, XY q, double r2,
                       std::vector<std::size_t>& out) const {
    if (lo >= hi)
        return;
    const int axis = depth % 2;
    const std::size_t mid = lo + (hi - lo) / 2;
    const XY& p = points_[order_[mid]];
    const double dx = p.x - q.x, dy = p.y - q.y;
    // Compare distances, not squares, as sklearn and GeoPandas do (they agree to the last bit
    // on inputs such as a chain of points exactly eps apart).
    if (std::sqrt(dx * dx + dy * dy) <= std::sqrt(r2))
        out.push_back(order_[mid]);
    const double delta = coord(q, axis) - coord(p, axis);
    const double slack = r2 * (1 + 1e-9); // pruning only: never drops a point at distance r
    if (delta <= 0 || delta * delta <= slack)
        within_in(lo, mid, depth + 1, q, r2, out);
    if (delta >= 0 || delta * delta <= slack)
        within_in(mid + 1, hi, depth + 1, q, r2, out);
}

} // namespace tecsmap
