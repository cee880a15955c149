// Queen contiguity of communes (commune_neighbours.hpp): the relation must be exactly "exact
// distance <= 1 m" over every pair, whichever way a pair is settled (a shared vertex, or GEOS's
// distance), checked against the brute force on coverages, slivers, T-junctions, holes and
// overlaps.

#include "commune_neighbours.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;

namespace {

// The brute force: every pair, GEOS's exact distance.
std::vector<std::vector<std::size_t>> all_pairs(const Territory& t) {
    std::vector<std::vector<std::size_t>> out(t.communes.size());
    for (std::size_t i = 0; i < t.communes.size(); ++i)
        for (std::size_t j = 0; j < t.communes.size(); ++j) {
            double d = 0;
            REQUIRE(GEOSDistance_r(geos::ctx(), t.communes[i].geometry.get(),
                                   t.communes[j].geometry.get(), &d) == 1);
            if (d <= kNeighbourToleranceM)
                out[i].push_back(j);
        }
    return out;
}

std::string code(int k) {
    return "99" + std::to_string(100 + k);
}

} // namespace

TEST_CASE("commune neighbours: each pair tested once gives the all-pairs relation", "[gistar]") {
    // A jittered 6 x 6 grid of 1 km squares: gaps of 0 to 1.6 m between neighbours, so the
    // 1 m tolerance keeps some pairs and drops others. The relation must equal the brute force
    // over every pair (exact distance <= 1 m), symmetric, self included, ascending.
    std::vector<test::CommuneSpec> spec;
    std::uint32_t state = 12345;
    auto jitter = [&state] {
        state = state * 1664525u + 1013904223u;
        return static_cast<double>(state >> 8) / static_cast<double>(1u << 24) * 0.8;
    };
    for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 6; ++c)
            spec.push_back({"99" + std::to_string(100 + r * 6 + c),
                            test::square(c * 1000.8 + jitter(), r * 1000.8 + jitter(), 1000), 1,
                            ""});
    const Territory t = test::make_territory(spec);
    const auto nb = commune_neighbours(t.communes);
    std::size_t kept = 0, dropped = 0;
    for (std::size_t i = 0; i < t.communes.size(); ++i) {
        std::vector<std::size_t> expected;
        for (std::size_t j = 0; j < t.communes.size(); ++j) {
            double d = 0;
            REQUIRE(GEOSDistance_r(geos::ctx(), t.communes[i].geometry.get(),
                                   t.communes[j].geometry.get(), &d) == 1);
            if (d <= kNeighbourToleranceM)
                expected.push_back(j);
            else if (d < 2)
                ++dropped;
        }
        kept += expected.size() - 1;
        CHECK(nb[i] == expected);
    }
    CHECK(kept > 0);
    CHECK(dropped > 0); // the case really mixes both sides of the tolerance
}

TEST_CASE("commune neighbours: shared vertices, T-junctions, holes and overlaps as the brute force "
          "says",
          "[gistar]") {
    std::vector<test::CommuneSpec> spec;
    auto add = [&](const std::string& wkt) {
        spec.push_back({code(static_cast<int>(spec.size())), wkt, 1, ""});
    };
    // A 3 x 3 coverage of 1 km squares: edge and corner (queen) neighbours share vertices.
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            add(test::square(c * 1000, r * 1000, 1000));
    // A T-junction: the square below touches the long one along its edge, no vertex shared.
    add("POLYGON((10000 1000,13000 1000,13000 2000,10000 2000,10000 1000))");
    add(test::square(11000, 0, 1000));
    // A square sharing a corner with the long one (a vertex in common), and a triangle whose
    // apex touches the long one inside its top edge (queen, no vertex shared).
    add(test::square(13000, 0, 1000));
    add("POLYGON((10500 2000,10600 2500,10400 2500,10500 2000))");
    // Holes: one commune fills a hole exactly (shared vertices); another sits in a larger hole
    // 5 m from its edge (not a neighbour).
    add("POLYGON((20000 0,23000 0,23000 3000,20000 3000,20000 0),"
        "(21000 1000,22000 1000,22000 2000,21000 2000,21000 1000))");
    add(test::square(21000, 1000, 1000));
    add("POLYGON((30000 0,33000 0,33000 3000,30000 3000,30000 0),"
        "(31000 1000,32000 1000,32000 2000,31000 2000,31000 1000))");
    add(test::square(31005, 1005, 990));
    // Overlaps (bad input): one square inside another, boundaries apart (distance 0 by
    // containment); two squares whose edges cross without a common vertex.
    add(test::square(40000, 0, 3000));
    add(test::square(41000, 1000, 500));
    add(test::square(50000, 0, 1000));
    add(test::square(50500, 500, 1000));
    // Slivers: 0.5 m apart (neighbours) and 1.5 m apart (not).
    add(test::square(60000, 0, 1000));
    add(test::square(61000.5, 0, 1000));
    add(test::square(60000, 1001.5, 1000));
    // A two-part commune: one part shares a vertex with a square, the other is far away.
    add("MULTIPOLYGON(((70000 0,71000 0,71000 1000,70000 1000,70000 0)),"
        "((75000 0,75500 0,75500 500,75000 500,75000 0)))");
    add(test::square(71000, 1000, 1000));

    const Territory t = test::make_territory(spec);
    REQUIRE(t.communes.size() == spec.size());
    const auto expected = all_pairs(t);
    const auto nb = commune_neighbours(t.communes);
    for (std::size_t i = 0; i < t.communes.size(); ++i) {
        INFO("commune " << t.communes[i].insee);
        CHECK(nb[i] == expected[i]);
    }
    // The cases really are on both sides: the corner neighbour of the grid, the T-junction,
    // the filled hole, the overlaps and the 0.5 m sliver are neighbours; the commune in the
    // larger hole and the 1.5 m sliver are not.
    auto index_of = [&](int k) {
        for (std::size_t i = 0; i < t.communes.size(); ++i)
            if (t.communes[i].insee == code(k))
                return i;
        FAIL("no commune " << code(k));
        return std::size_t{0};
    };
    auto linked = [&](int a, int b) {
        const auto& list = nb[index_of(a)];
        return std::binary_search(list.begin(), list.end(), index_of(b));
    };
    CHECK(linked(0, 4));   // diagonal corner
    CHECK(linked(9, 10));  // T-junction
    CHECK(linked(9, 12));  // apex on an edge
    CHECK(linked(13, 14)); // filled hole
    CHECK_FALSE(linked(15, 16));
    CHECK(linked(17, 18)); // contained
    CHECK(linked(19, 20)); // crossing edges
    CHECK(linked(21, 22)); // 0.5 m
    CHECK_FALSE(linked(21, 23));
    CHECK(linked(24, 25)); // two-part commune
}
