#include "dbscan.hpp"

#include "../parallel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

// DBSCAN in memory linear in the number of points, whatever their density: no neighbour list is
// ever stored (the previous implementation kept them all: 30,000 points on one commune took
// 7 GB). docs/methods.md, "Clusters (DBSCAN)", explains the method; in short:
//  1. points are binned in a grid of cells of side eps/√2; each cell gets a k-d tree (implicit,
//     with the bounding box of every subtree) over its points, then one over its core points;
//  2. a point is core when at least min_points points lie within eps, counted with an early
//     exit, whole subtrees at once when their box lies within eps (one point on which 100,000
//     initiatives sit costs one box test);
//  3. core points are joined with a union-find: all the cores of a "tight" cell (diameter <=
//     eps) at once, then cell pairs by one witness pair each (a k-d tree query per core of the
//     smaller cell, stopped at the first hit);
//  4. clusters are numbered in the order of their first core in input order, and a border point
//     takes the lowest-numbered cluster among the cores within eps of it: exactly what the
//     previous stack expansion produced (kept as the reference in tests/core/test_dbscan.cpp).
//
// Every distance test is the same expression as KdTree::within: sqrt(dx² + dy²) <= sqrt(eps²)
// (distances compared, not squares, like sklearn). Box tests are exact for it: IEEE rounding is
// monotonic, so a box's computed nearest (farthest) distance is <= (>=) that of every point in
// it, and pruning never changes an answer.

namespace tecsmap {

namespace {

using Index = std::size_t;

struct Box {
    double min_x, min_y, max_x, max_y;
};

double hypot_as_within(double dx, double dy) {
    return std::sqrt(dx * dx + dy * dy);
}

bool within(const XY& a, const XY& b, double limit) {
    return hypot_as_within(a.x - b.x, a.y - b.y) <= limit;
}

double box_nearest(const Box& b, const XY& q) {
    const double dx = q.x < b.min_x ? b.min_x - q.x : (q.x > b.max_x ? q.x - b.max_x : 0.0);
    const double dy = q.y < b.min_y ? b.min_y - q.y : (q.y > b.max_y ? q.y - b.max_y : 0.0);
    return hypot_as_within(dx, dy);
}

double box_farthest(const Box& b, const XY& q) {
    return hypot_as_within(std::max(q.x - b.min_x, b.max_x - q.x),
                           std::max(q.y - b.min_y, b.max_y - q.y));
}

// Implicit k-d trees over sub-ranges of one index array: the node of [lo, hi) is its median
// position, and box[mid] bounds the whole subtree. Built in place, O(n log n), no pointers.
class RangeTrees {
public:
    RangeTrees(const std::vector<XY>& points, std::vector<Index>& order)
        : p_(points)
        , order_(order)
        , box_(order.size()) {}

    void build(Index lo, Index hi) {
        if (lo >= hi)
            return;
        Box b{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
              -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        for (Index k = lo; k < hi; ++k) {
            const XY& q = p_[order_[k]];
            b.min_x = std::min(b.min_x, q.x);
            b.min_y = std::min(b.min_y, q.y);
            b.max_x = std::max(b.max_x, q.x);
            b.max_y = std::max(b.max_y, q.y);
        }
        const Index mid = lo + (hi - lo) / 2;
        box_[mid] = b;
        if (hi - lo == 1)
            return;
        const bool by_x = b.max_x - b.min_x >= b.max_y - b.min_y;
        std::nth_element(order_.begin() + static_cast<std::ptrdiff_t>(lo),
                         order_.begin() + static_cast<std::ptrdiff_t>(mid),
                         order_.begin() + static_cast<std::ptrdiff_t>(hi), [&](Index a, Index c) {
                             return by_x ? p_[a].x < p_[c].x : p_[a].y < p_[c].y;
                         });
        build(lo, mid);
        build(mid + 1, hi);
    }

    const Box& bounds(Index lo, Index hi) const { return box_[lo + (hi - lo) / 2]; }

    /// Points of [lo, hi) within `limit` of q, counted up to `cap` (may return more).
    Index count(Index lo, Index hi, const XY& q, double limit, Index cap) const {
        if (lo >= hi || cap == 0)
            return 0;
        const Index mid = lo + (hi - lo) / 2;
        const Box& b = box_[mid];
        if (box_nearest(b, q) > limit)
            return 0;
        if (box_farthest(b, q) <= limit)
            return hi - lo;
        Index n = within(p_[order_[mid]], q, limit) ? 1 : 0;
        n += count(lo, mid, q, limit, cap - std::min(cap, n));
        if (n < cap)
            n += count(mid + 1, hi, q, limit, cap - n);
        return n;
    }

    /// Whether some point of [lo, hi) lies within `limit` of q.
    bool any(Index lo, Index hi, const XY& q, double limit) const {
        return count(lo, hi, q, limit, 1) > 0;
    }

    /// Calls f(index) for every point of [lo, hi) within `limit` of q.
    template <typename F>
    void for_each(Index lo, Index hi, const XY& q, double limit, const F& f) const {
        if (lo >= hi)
            return;
        const Index mid = lo + (hi - lo) / 2;
        const Box& b = box_[mid];
        if (box_nearest(b, q) > limit)
            return;
        if (box_farthest(b, q) <= limit) {
            for (Index k = lo; k < hi; ++k)
                f(order_[k]);
            return;
        }
        if (within(p_[order_[mid]], q, limit))
            f(order_[mid]);
        for_each(lo, mid, q, limit, f);
        for_each(mid + 1, hi, q, limit, f);
    }

private:
    const std::vector<XY>& p_;
    std::vector<Index>& order_;
    std::vector<Box> box_;
};

struct CellKey {
    std::int64_t x, y;
    bool operator<(const CellKey& o) const { return x != o.x ? x < o.x : y < o.y; }
    bool operator==(const CellKey& o) const { return x == o.x && y == o.y; }
};

// Points grouped by cell: cell c holds order[begin[c], begin[c + 1]).
struct Grid {
    std::vector<CellKey> keys; ///< sorted
    std::vector<Index> begin;  ///< keys.size() + 1 entries
    std::vector<Index> order;
    std::vector<Index> cell_of; ///< per input point; npos for non-finite points
    std::vector<bool> tight;    ///< every pair of the cell's points within eps
    static constexpr Index npos = static_cast<Index>(-1);

    Index size() const { return keys.size(); }
    // Existing cells whose x and y indices are both within `reach` of cell c's (c included),
    // in key order.
    template <typename F> void neighbours(Index c, std::int64_t reach, const F& f) const {
        for (std::int64_t dx = -reach; dx <= reach; ++dx) {
            const CellKey from{keys[c].x + dx, keys[c].y - reach};
            auto it = std::lower_bound(keys.begin(), keys.end(), from);
            for (; it != keys.end() && it->x == from.x && it->y <= keys[c].y + reach; ++it)
                f(static_cast<Index>(it - keys.begin()));
        }
    }
};

Grid make_grid(const std::vector<XY>& points, double eps) {
    Grid g;
    const Index n = points.size();
    g.cell_of.assign(n, Grid::npos);
    double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
    double max_x = -min_x, max_y = -min_x;
    std::vector<Index> finite;
    finite.reserve(n);
    for (Index i = 0; i < n; ++i) {
        const XY& p = points[i];
        // A non-finite point is within eps of nothing, not even itself (as in KdTree::within).
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            continue;
        finite.push_back(i);
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    // Cells of side eps/√2, never more than 2^50 across (index arithmetic stays exact: points
    // within eps are at most 2 cells apart on each axis); one cell when the extent overflows.
    const double extent = std::max(max_x - min_x, max_y - min_y);
    double side = std::max(eps / std::sqrt(2.0), extent * std::ldexp(1.0, -50));
    const bool one_cell =
        finite.empty() || !std::isfinite(extent) || !std::isfinite(side) || !(side > 0);
    std::vector<std::pair<CellKey, Index>> keyed;
    keyed.reserve(finite.size());
    for (Index i : finite) {
        CellKey k{0, 0};
        if (!one_cell)
            k = {static_cast<std::int64_t>(std::floor((points[i].x - min_x) / side)),
                 static_cast<std::int64_t>(std::floor((points[i].y - min_y) / side))};
        keyed.push_back({k, i});
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return a.first < b.first || (a.first == b.first && a.second < b.second);
    });
    g.order.reserve(keyed.size());
    for (Index k = 0; k < keyed.size(); ++k) {
        if (k == 0 || !(keyed[k].first == keyed[k - 1].first)) {
            g.keys.push_back(keyed[k].first);
            g.begin.push_back(k);
        }
        g.order.push_back(keyed[k].second);
        g.cell_of[keyed[k].second] = g.keys.size() - 1;
    }
    g.begin.push_back(keyed.size());
    return g;
}

class UnionFind {
public:
    explicit UnionFind(Index n)
        : parent_(n) {
        std::iota(parent_.begin(), parent_.end(), Index{0});
    }
    Index find(Index a) {
        while (parent_[a] != a) {
            parent_[a] = parent_[parent_[a]];
            a = parent_[a];
        }
        return a;
    }
    void unite(Index a, Index b) {
        a = find(a);
        b = find(b);
        if (a != b)
            parent_[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<Index> parent_;
};

} // namespace

DbscanResult dbscan(const std::vector<XY>& points, double eps, int min_points) {
    const Index n = points.size();
    DbscanResult r;
    r.labels.assign(n, std::nullopt);
    r.core.assign(n, false);
    const double limit = std::sqrt(eps * eps); // exactly KdTree::within's bound
    if (n == 0 || std::isnan(limit))
        return r;
    const Index need = static_cast<Index>(std::max(min_points, 0));
    const std::int64_t reach = 2;

    Grid grid = make_grid(points, limit);
    const Index cells = grid.size();
    RangeTrees all(points, grid.order);
    grid.tight.assign(cells, false);
    for (Index c = 0; c < cells; ++c) {
        all.build(grid.begin[c], grid.begin[c + 1]);
        const Box& b = all.bounds(grid.begin[c], grid.begin[c + 1]);
        grid.tight[c] = hypot_as_within(b.max_x - b.min_x, b.max_y - b.min_y) <= limit;
    }

    // Core points. Each cell writes its own points' slots (deterministic in any thread count).
    std::vector<char> core(n, 0);
    parallel_for(cells, [&](Index c) {
        const Index lo = grid.begin[c], hi = grid.begin[c + 1];
        if (grid.tight[c] && hi - lo >= need) {
            for (Index k = lo; k < hi; ++k)
                core[grid.order[k]] = 1;
            return;
        }
        std::vector<Index> near;
        grid.neighbours(c, reach, [&](Index d) { near.push_back(d); });
        for (Index k = lo; k < hi; ++k) {
            const XY& q = points[grid.order[k]];
            Index count = 0;
            for (Index d : near) {
                if (count >= need)
                    break;
                if (d == c && grid.tight[c])
                    count += hi - lo;
                else
                    count += all.count(grid.begin[d], grid.begin[d + 1], q, limit, need - count);
            }
            core[grid.order[k]] = count >= need ? 1 : 0;
        }
    });

    if (need == 0) // min_points <= 0: every point, even one within eps of nothing
        std::fill(core.begin(), core.end(), 1);

    // The core points of each cell, in a second index array with its own trees.
    std::vector<Index> core_begin(cells + 1, 0);
    std::vector<Index> core_order;
    for (Index c = 0; c < cells; ++c) {
        core_begin[c] = core_order.size();
        for (Index k = grid.begin[c]; k < grid.begin[c + 1]; ++k)
            if (core[grid.order[k]])
                core_order.push_back(grid.order[k]);
    }
    core_begin[cells] = core_order.size();
    RangeTrees cores(points, core_order);
    for (Index c = 0; c < cells; ++c)
        cores.build(core_begin[c], core_begin[c + 1]);
    auto core_count = [&](Index c) { return core_begin[c + 1] - core_begin[c]; };

    // Connected components of the core points (edges: pairs within eps).
    UnionFind uf(n);
    for (Index c = 0; c < cells; ++c) {
        if (core_count(c) == 0)
            continue;
        const Index first = core_order[core_begin[c]];
        if (grid.tight[c])
            for (Index k = core_begin[c] + 1; k < core_begin[c + 1]; ++k)
                uf.unite(first, core_order[k]);
        grid.neighbours(c, reach, [&](Index d) {
            if (d < c || core_count(d) == 0 || (d == c && grid.tight[c]))
                return;
            if (grid.tight[c] && grid.tight[d]) {
                if (uf.find(first) == uf.find(core_order[core_begin[d]]))
                    return;
                // One witness pair joins the two cells' components.
                const bool c_smaller = core_count(c) <= core_count(d);
                const Index small = c_smaller ? c : d, large = c_smaller ? d : c;
                for (Index k = core_begin[small]; k < core_begin[small + 1]; ++k) {
                    if (cores.any(core_begin[large], core_begin[large + 1], points[core_order[k]],
                                  limit)) {
                        uf.unite(first, core_order[core_begin[d]]);
                        return;
                    }
                }
                return;
            }
            // A cell that is not tight may hold several components: join point by point. A
            // tight side needs one hit (its cores are one component), a loose one all.
            const Index loose = grid.tight[c] ? d : c, other = grid.tight[c] ? c : d;
            for (Index k = core_begin[loose]; k < core_begin[loose + 1]; ++k) {
                const Index p = core_order[k];
                if (grid.tight[other]) {
                    if (cores.any(core_begin[other], core_begin[other + 1], points[p], limit))
                        uf.unite(p, core_order[core_begin[other]]);
                } else {
                    cores.for_each(core_begin[other], core_begin[other + 1], points[p], limit,
                                   [&](Index q) { uf.unite(p, q); });
                }
            }
        });
    }

    // Clusters numbered by their first core in input order.
    std::vector<int> id_of_root(n, 0);
    for (Index i = 0; i < n; ++i) {
        if (!core[i])
            continue;
        r.core[i] = true;
        int& id = id_of_root[uf.find(i)];
        if (id == 0)
            id = ++r.cluster_count;
        r.labels[i] = id;
    }

    // Border points: the lowest-numbered cluster among the cores within eps.
    std::vector<int> border(n, 0);
    parallel_for(cells, [&](Index c) {
        std::vector<Index> near;
        grid.neighbours(c, reach, [&](Index d) {
            if (core_count(d) > 0)
                near.push_back(d);
        });
        for (Index k = grid.begin[c]; k < grid.begin[c + 1]; ++k) {
            const Index p = grid.order[k];
            if (core[p])
                continue;
            int best = 0;
            auto consider = [&](Index q) {
                const int id = *r.labels[q];
                if (best == 0 || id < best)
                    best = id;
            };
            for (Index d : near) {
                if (grid.tight[d]) {
                    const int id = *r.labels[core_order[core_begin[d]]];
                    if ((best == 0 || id < best) &&
                        cores.any(core_begin[d], core_begin[d + 1], points[p], limit))
                        best = id;
                } else {
                    cores.for_each(core_begin[d], core_begin[d + 1], points[p], limit, consider);
                }
            }
            border[p] = best;
        }
    });
    for (Index i = 0; i < n; ++i)
        if (!core[i] && border[i] != 0)
            r.labels[i] = border[i];
    return r;
}

} // namespace tecsmap
