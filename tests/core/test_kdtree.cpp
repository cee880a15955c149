#include "kdtree.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace tecsmap;

TEST_CASE("k-d tree nearest and radius queries agree with brute force", "[kdtree]") {
    std::mt19937 gen(42);
    std::uniform_real_distribution<double> u(0, 100000);
    std::vector<XY> pts(2000);
    for (auto& p : pts)
        p = {u(gen), u(gen)};
    const KdTree tree(pts);
    for (int q = 0; q < 200; ++q) {
        const XY c{u(gen), u(gen)};
        double best = 1e300;
        std::size_t best_i = 0;
        std::vector<std::size_t> within;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const double d = std::hypot(pts[i].x - c.x, pts[i].y - c.y);
            if (d < best) {
                best = d;
                best_i = i;
            }
            if (d <= 5000)
                within.push_back(i);
        }
        const auto n = tree.nearest(c);
        CHECK(n.index == best_i);
        CHECK(n.distance == Approx(best));
        CHECK(tree.within(c, 5000) == within);
    }
}

TEST_CASE("radius query includes points exactly at the radius", "[kdtree]") {
    const KdTree tree({{0, 0}, {5000, 0}, {10000, 0}, {0, 5000.0001}});
    CHECK(tree.within({0, 0}, 5000) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("empty tree answers without crashing", "[kdtree]") {
    const KdTree tree({});
    CHECK(tree.nearest({0, 0}).index == KdTree::npos);
    CHECK(tree.within({0, 0}, 10).empty());
}
