#include "commune_locator.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tecsmap;

TEST_CASE("points go to the commune containing them — shared edges to the lowest code",
          "[locator]") {
    // 99002 on the left, 99001 on the right: the shared edge x = 1000 goes to 99001.
    const auto t = test::make_territory({{"99002", test::square(0, 0, 1000), 1, ""},
                                         {"99001", test::square(1000, 0, 1000), 1, ""}});
    const CommuneLocator loc(t);
    CHECK(t.communes[loc.locate({500, 500})].insee == "99002");
    CHECK(t.communes[loc.locate({1500, 500})].insee == "99001");
    CHECK(t.communes[loc.locate({1000, 500})].insee == "99001");  // shared edge
    CHECK(t.communes[loc.locate({1000, 1000})].insee == "99001"); // shared vertex
    CHECK(t.communes[loc.locate({0, 0})].insee == "99002");       // outer boundary is inside
    CHECK(loc.locate({5000, 5000}) == Territory::npos);
}

TEST_CASE("Corsican codes sort after 19xxx and 2xxxx numeric codes in text order", "[locator]") {
    const auto t = test::make_territory({{"2A004", test::square(0, 0, 1000), 1, ""},
                                         {"21001", test::square(1000, 0, 1000), 1, ""}});
    const CommuneLocator loc(t);
    CHECK(t.communes[loc.locate({1000, 10})].insee == "21001");
}

TEST_CASE("a sweep west to east answers as the locator and holds only the communes it crosses",
          "[locator]") {
    // A 20 × 20 grid of 1 km squares, codes in an order unrelated to x, so that the lowest-code
    // rule on edges is checked too.
    std::mt19937 rng(3);
    std::vector<int> codes(400);
    for (int k = 0; k < 400; ++k)
        codes[static_cast<std::size_t>(k)] = 99001 + k;
    std::shuffle(codes.begin(), codes.end(), rng);
    std::vector<test::CommuneSpec> spec;
    for (int i = 0; i < 20; ++i)
        for (int j = 0; j < 20; ++j)
            spec.push_back({std::to_string(codes[static_cast<std::size_t>(i * 20 + j)]),
                            test::square(i * 1000.0, j * 1000.0, 1000), 1, ""});
    const auto t = test::make_territory(spec);
    const CommuneLocator loc(t);
    // Random points, points on edges and corners (several with the same x), and points out.
    std::uniform_real_distribution<double> at(-500, 20500);
    std::vector<XY> points;
    for (int k = 0; k < 3000; ++k)
        points.push_back({at(rng), at(rng)});
    for (int i = 0; i <= 20; ++i)
        for (int j = 0; j <= 20; ++j) {
            points.push_back({i * 1000.0, j * 1000.0});
            points.push_back({i * 1000.0, j * 1000.0 + 500});
            points.push_back({i * 1000.0 + 500, j * 1000.0});
        }
    std::sort(points.begin(), points.end(),
              [](XY a, XY b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    CommuneSweep sweep(loc);
    std::size_t most_held = 0;
    std::set<std::size_t> found;
    for (XY p : points) {
        CAPTURE(p.x, p.y);
        const std::size_t c = sweep.locate(p);
        REQUIRE(c == loc.locate(p));
        found.insert(c);
        most_held = std::max(most_held, sweep.held());
    }
    // At most the two columns on either side of an edge: not the 400 communes met.
    CHECK(most_held > 0);
    CHECK(most_held <= 40);
    // Each commune prepared at most once: none given back while a later point could still test
    // it (a commune given back at its own east edge, for one, would be prepared again there).
    CHECK(sweep.prepared_total() >= found.size() - 1); // every commune found, "outside" aside
    CHECK(sweep.prepared_total() <= t.communes.size());
    CHECK_THROWS_AS(sweep.locate({0, 0}), std::logic_error); // west of the last point
}
