#include "analysis/gi_star.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tecsmap;

namespace {
// 3 x 3 grid of 1 km squares, codes 99001..99009 row by row.
Territory grid() {
    std::vector<test::CommuneSpec> spec;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            spec.push_back({"9900" + std::to_string(r * 3 + c + 1),
                            test::square(c * 1000.0, r * 1000.0, 1000), 10, ""});
    return test::make_territory(spec);
}
} // namespace

TEST_CASE("queen neighbours on a grid include corners and self", "[gistar]") {
    const auto nb = queen_neighbours(grid());
    CHECK(nb[0] == std::vector<std::size_t>{0, 1, 3, 4});
    CHECK(nb[1].size() == 6);
    CHECK(nb[4].size() == 9);
}

TEST_CASE("queen neighbours tolerate a 0.5 m sliver gap, not a 2 m one", "[gistar]") {
    const auto t = test::make_territory({{"99001", test::square(0, 0, 1000), 1, ""},
                                         {"99002", test::square(1000.5, 0, 1000), 1, ""},
                                         {"99003", test::square(2002.5, 0, 1000), 1, ""}});
    const auto nb = queen_neighbours(t);
    CHECK(nb[0] == std::vector<std::size_t>{0, 1});
    CHECK(nb[1] == std::vector<std::size_t>{0, 1});
    CHECK(nb[2] == std::vector<std::size_t>{2});
}

TEST_CASE("Gi* on a 3x3 grid with one busy centre, computed by hand", "[gistar]") {
    // x = 9 at the centre, 0 elsewhere: mean 1, population variance 81/9 - 1 = 8.
    // Corner: W = 4, sum = 9 -> (9 - 4) / (sqrt(8) sqrt((9*4 - 16) / 8)) = 5 / sqrt(20).
    // Edge:   W = 6, sum = 9 -> (9 - 6) / (sqrt(8) sqrt((9*6 - 36) / 8)) = 3 / sqrt(18).
    // Centre: W = 9 = n -> the weight term is 0: z = 0.
    std::vector<double> x(9, 0.0);
    x[4] = 9;
    const auto z = gi_star(x, queen_neighbours(grid()));
    CHECK(z[0] == Approx(5 / std::sqrt(20.0)));
    CHECK(z[1] == Approx(3 / std::sqrt(18.0)));
    CHECK(z[4] == 0);
}

TEST_CASE("Gi* is 0 everywhere when all counts are equal", "[gistar]") {
    const auto z = gi_star(std::vector<double>(9, 2.0), queen_neighbours(grid()));
    for (double v : z)
        CHECK(v == 0);
}

TEST_CASE("hot spot classes at the 1.96 thresholds", "[gistar]") {
    CHECK(hotspot_class(1.96) == 1);
    CHECK(hotspot_class(1.95) == 0);
    CHECK(hotspot_class(-1.96) == -1);
}

TEST_CASE("queen_neighbours uses the territory's own lists when it has them", "[gistar]") {
    Territory t = grid();
    REQUIRE(t.neighbours.empty()); // assembled by hand: computed on demand
    const auto computed = queen_neighbours(t);
    t.neighbours = computed;
    t.neighbours[0] = {0}; // a marker: the stored lists are returned as they are
    CHECK(queen_neighbours(t)[0] == std::vector<std::size_t>{0});
    CHECK(queen_neighbours(t, 5.0)[0] == computed[0]); // another tolerance: computed
    t.neighbours.pop_back(); // not parallel to the communes: ignored
    CHECK(queen_neighbours(t)[0] == computed[0]);
}
