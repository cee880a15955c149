#include "analysis/dbscan.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace tecsmap;

TEST_CASE("a chain of points exactly eps apart: middle core, ends border", "[dbscan]") {
    const auto r = dbscan({{0, 0}, {5000, 0}, {10000, 0}}, 5000, 3);
    CHECK(r.cluster_count == 1);
    CHECK(r.core == std::vector<bool>{false, true, false});
    CHECK(r.labels[0] == 1);
    CHECK(r.labels[1] == 1);
    CHECK(r.labels[2] == 1);
}

TEST_CASE("a chain just over eps apart is all noise", "[dbscan]") {
    const auto r = dbscan({{0, 0}, {5000.01, 0}, {10000.02, 0}}, 5000, 3);
    CHECK(r.cluster_count == 0);
    for (const auto& l : r.labels)
        CHECK_FALSE(l);
}

TEST_CASE("duplicates count: three identical points form a cluster", "[dbscan]") {
    const auto r = dbscan({{7, 7}, {7, 7}, {7, 7}, {90000, 0}}, 1, 3);
    CHECK(r.cluster_count == 1);
    CHECK(r.labels[0] == 1);
    CHECK(r.labels[2] == 1);
    CHECK_FALSE(r.labels[3]);
}

TEST_CASE("min_points counts the point itself", "[dbscan]") {
    SECTION("min_points 1: every point is a core") {
        const auto r = dbscan({{0, 0}, {100000, 0}}, 10, 1);
        CHECK(r.cluster_count == 2);
    }
    SECTION("min_points 2: a pair is a cluster, a lone point noise") {
        const auto r = dbscan({{0, 0}, {10, 0}, {100000, 0}}, 10, 2);
        CHECK(r.cluster_count == 1);
        CHECK_FALSE(r.labels[2]);
    }
}

TEST_CASE("clusters are numbered by their first core member in input order", "[dbscan]") {
    // Input order: a noise point, then group B, then group A.
    const std::vector<XY> pts{{500000, 0}, {100000, 0}, {100010, 0}, {100020, 0},
                              {0, 0},      {10, 0},     {20, 0}};
    const auto r = dbscan(pts, 15, 3);
    CHECK(r.cluster_count == 2);
    CHECK_FALSE(r.labels[0]);
    CHECK(r.labels[1] == 1);
    CHECK(r.labels[4] == 2);
}

TEST_CASE("a border point between two clusters joins the lower-numbered one — cores are exact",
          "[dbscan]") {
    // Two core groups with a shared border point at x = 2, within eps of one core of each
    // (x = 0 and x = 4) but with only 3 points within eps itself (min_points 4): not core.
    const std::vector<XY> pts{{0, 0}, {-1, 0}, {-2, 0},   {2, 0},  {4, 0},
                              {5, 0}, {6, 0},  {-1.5, 0}, {5.5, 0}};
    const auto r = dbscan(pts, 2, 4);
    CHECK(r.core[0]);
    CHECK(r.core[4]);
    CHECK_FALSE(r.core[3]);
    CHECK(r.cluster_count == 2);
    CHECK(r.labels[3] == 1); // the cluster of the first core in input order
}

namespace {

// The previous implementation (stack expansion over stored neighbour lists), kept verbatim as
// the reference the bounded-memory one must equal exactly: labels, core flags, count.
DbscanResult reference_dbscan(const std::vector<XY>& points, double eps, int min_points) {
    const std::size_t n = points.size();
    DbscanResult r;
    r.labels.assign(n, std::nullopt);
    r.core.assign(n, false);
    const KdTree tree(points);
    std::vector<std::vector<std::size_t>> neighbours(n);
    for (std::size_t i = 0; i < n; ++i) {
        neighbours[i] = tree.within(points[i], eps);
        r.core[i] = neighbours[i].size() >= static_cast<std::size_t>(min_points);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!r.core[i] || r.labels[i])
            continue;
        const int id = ++r.cluster_count;
        r.labels[i] = id;
        std::vector<std::size_t> stack{i};
        while (!stack.empty()) {
            const std::size_t p = stack.back();
            stack.pop_back();
            for (std::size_t q : neighbours[p]) {
                if (r.labels[q])
                    continue;
                r.labels[q] = id;
                if (r.core[q])
                    stack.push_back(q);
            }
        }
    }
    return r;
}

void require_same(const std::vector<XY>& pts, double eps, int min_points) {
    const DbscanResult want = reference_dbscan(pts, eps, min_points);
    const DbscanResult got = dbscan(pts, eps, min_points);
    INFO("n = " << pts.size() << ", eps = " << eps << ", min_points = " << min_points);
    REQUIRE(got.cluster_count == want.cluster_count);
    REQUIRE(got.core == want.core);
    REQUIRE(got.labels == want.labels);
}

// Seeded instances of every shape that matters: uniform, blobs denser than eps, many exact
// duplicates, lattices exactly eps apart (distance ties). Finite points only: the reference's
// k-d tree is built with nth_element, which NaN coordinates break (it then misses neighbours).
std::vector<XY> random_instance(std::mt19937_64& rng, double eps) {
    std::uniform_int_distribution<int> shape_d(0, 4), n_d(0, 600);
    const int shape = shape_d(rng);
    const int n = n_d(rng);
    std::uniform_real_distribution<double> side_d(0.2, 40.0);
    const double side = side_d(rng) * eps;
    const double x0 = 800000, y0 = 6400000; // Lambert-93 magnitudes: rounding as in real use
    std::uniform_real_distribution<double> u(0, side);
    std::vector<XY> pts;
    std::vector<XY> centres;
    for (int k = 0; k < 6; ++k)
        centres.push_back({x0 + u(rng), y0 + u(rng)});
    std::normal_distribution<double> spread(0, eps * 0.7);
    std::uniform_int_distribution<int> pick(0, 5), lattice(0, 12);
    for (int i = 0; i < n; ++i) {
        switch (shape) {
        case 0: // uniform
            pts.push_back({x0 + u(rng), y0 + u(rng)});
            break;
        case 1: { // blobs
            const XY& c = centres[pick(rng)];
            pts.push_back({c.x + spread(rng), c.y + spread(rng)});
            break;
        }
        case 2: // duplicates: a few distinct positions, many times each
            pts.push_back(centres[pick(rng)]);
            break;
        case 3: // lattice exactly eps apart: every neighbour at distance exactly eps
            pts.push_back({x0 + lattice(rng) * eps, y0 + lattice(rng) * eps});
            break;
        default: // mixed
            if (i % 2)
                pts.push_back(centres[pick(rng)]);
            else
                pts.push_back({x0 + lattice(rng) * eps * 0.5, y0 + u(rng)});
        }
    }
    return pts;
}

} // namespace

TEST_CASE("bounded-memory DBSCAN equals the reference on seeded random instances", "[dbscan]") {
    std::mt19937_64 rng(20260416);
    const double eps_values[] = {5000, 1, 0.25, 3, 1000};
    std::uniform_int_distribution<int> min_points_d(1, 8);
    for (int trial = 0; trial < 400; ++trial) {
        const double eps = eps_values[trial % 5];
        auto pts = random_instance(rng, eps);
        // A far outlier widens the extent so much that grid cells are coarser than eps (cells
        // that are not "tight": the point-by-point paths).
        if (trial % 3 == 0)
            pts.push_back({8e5 + 1e17, 6.4e6});
        require_same(pts, eps, min_points_d(rng));
    }
}

TEST_CASE("DBSCAN equals the reference on edge cases", "[dbscan]") {
    SECTION("no point, one point") {
        require_same({}, 5, 3);
        require_same({{1, 1}}, 5, 1);
        require_same({{1, 1}}, 5, 2);
    }
    SECTION("all identical points, more and fewer than min_points") {
        require_same(std::vector<XY>(50, XY{845000, 6420000}), 5000, 3);
        require_same(std::vector<XY>(2, XY{845000, 6420000}), 5000, 3);
        require_same(std::vector<XY>(10, XY{845000, 6420000}), 0, 10);
    }
    SECTION("a long chain exactly eps apart") {
        std::vector<XY> chain;
        for (int i = 0; i < 300; ++i)
            chain.push_back({800000.0 + i * 5000.0, 6400000});
        for (int m = 1; m <= 4; ++m)
            require_same(chain, 5000, m);
    }
    SECTION("integer 3-4-5 triangles: distance exactly eps along a diagonal") {
        std::vector<XY> pts;
        for (int i = 0; i < 40; ++i)
            pts.push_back({3.0 * (i % 7), 4.0 * (i / 7)});
        for (int m = 1; m <= 6; ++m)
            require_same(pts, 5, m);
    }
    SECTION("an infinite eps joins every point") {
        require_same({{0, 0}, {1e6, 0}, {-3e6, 2e6}, {5, 5}},
                     std::numeric_limits<double>::infinity(), 2);
    }
    SECTION("a NaN eps: every point is noise") {
        const auto r =
            dbscan({{0, 0}, {0, 0}, {1, 0}}, std::numeric_limits<double>::quiet_NaN(), 1);
        CHECK(r.cluster_count == 0);
    }
    SECTION("a negative eps acts as its absolute value (eps² in the reference)") {
        require_same({{0, 0}, {1, 0}, {2, 0}, {5, 0}}, -1, 2);
    }
    SECTION("a huge extent with a tiny eps") {
        require_same({{-1e15, 0}, {1e15, 0}, {0, 0}, {1e-9, 0}, {2e-9, 0}}, 1e-9, 2);
        require_same({{-1e300, 0}, {1e300, 0}, {0, 0}, {0, 0}}, 1, 2);
    }
}

TEST_CASE("non-finite points are noise and leave the others as without them", "[dbscan]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<XY> finite = random_instance(rng, 3);
        std::vector<XY> mixed;
        std::vector<std::size_t> where;
        for (std::size_t i = 0; i < finite.size(); ++i) {
            if (i % 7 == 3)
                mixed.push_back({nan, finite[i].y});
            if (i % 11 == 5)
                mixed.push_back({inf, -inf});
            where.push_back(mixed.size());
            mixed.push_back(finite[i]);
        }
        const auto want = reference_dbscan(finite, 3, 3);
        const auto got = dbscan(mixed, 3, 3);
        REQUIRE(got.cluster_count == want.cluster_count);
        for (std::size_t i = 0; i < finite.size(); ++i) {
            REQUIRE(got.core[where[i]] == want.core[i]);
            REQUIRE(got.labels[where[i]] == want.labels[i]);
        }
        for (std::size_t k = 0; k < mixed.size(); ++k)
            if (!std::isfinite(mixed[k].x))
                REQUIRE((!got.core[k] && !got.labels[k]));
    }
}

TEST_CASE("100,000 initiatives on one point form one cluster of cores", "[dbscan]") {
    // The stored neighbour lists of the reference would hold 10^10 indices here.
    const std::vector<XY> pts(100000, XY{845000, 6420000});
    const auto r = dbscan(pts, 5000, 3);
    CHECK(r.cluster_count == 1);
    CHECK(std::all_of(r.core.begin(), r.core.end(), [](bool c) { return c; }));
    CHECK(std::all_of(r.labels.begin(), r.labels.end(), [](auto l) { return l == 1; }));
}
