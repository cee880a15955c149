#include "access_fixtures.hpp"

#include "access/isochrones.hpp"
#include "geos_handles.hpp"
#include "osm_synth/synthetic_roads.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tecsmap;
using namespace tecsmap::access;
using namespace tecsmap::test;

namespace {
bool contains(const GEOSGeometry* g, double dx, double dy) {
    const geos::GeomPtr p = geos::point(X0 + dx, Y0 + dy);
    return GEOSContains_r(geos::ctx(), g, p.get()) == 1;
}
} // namespace

TEST_CASE("isochrone of a straight road: capped buffer then tapered hull", "[access][isochrones]") {
    // A two-way tertiary road (60 km/h: 1 km a minute) from x = 0 to 20 km, nodes every km;
    // the structure on its first node.
    HandNetwork n;
    std::vector<std::int64_t> nodes;
    for (int k = 0; k <= 20; ++k) {
        n.node(k + 1, 1000.0 * k, 0);
        nodes.push_back(k + 1);
    }
    n.way(1, nodes, {{"highway", "tertiary"}});
    const RoadGraph g =
        build_road_graph(graph_params(n.write("iso-line.osm"), 0, -100, 20000, 100, 1));
    const Snapper snapper(g);
    const Snap s = snapper.snap({X0, Y0}, 4.5);
    IsochroneParams p;
    p.minutes = {5, 10};
    p.walk_cap_m = 300;
    p.quadrant_segments = 16;
    BoundedSearch search(g.node_count());
    const auto iso = structure_isochrones(g, s, 7, p, search);
    REQUIRE(iso.size() == 2);
    CHECK(iso[0].structure == 7);
    CHECK(iso[0].minutes == 5);
    // T = 5: the road to x = 5 km is reached; the walk radius is 300 m up to t = 1 min (x = 1 km),
    // then shrinks linearly to 0 at x = 5 km (75 m a minute at 4.5 km/h).
    const double R = 300, L = 4000, theta = std::acos(R / L);
    const double expected =
        M_PI * R * R / 2 + 1000 * 2 * R + R * std::sqrt(L * L - R * R) + R * R * (M_PI / 2 - theta);
    CHECK(geos::area(iso[0].geometry.get()) == Approx(expected).epsilon(0.005));
    const GEOSGeometry* five = iso[0].geometry.get();
    CHECK(contains(five, 500, 290));
    CHECK_FALSE(contains(five, 500, 320));
    CHECK(contains(five, 4500, 0));
    CHECK(contains(five, 3000, 140)); // radius at x = 3 km: 75 × 2 = 150 m
    CHECK_FALSE(contains(five, 3000, 160));
    CHECK_FALSE(contains(five, 5100, 0));
    CHECK_FALSE(contains(five, -320, 0));
    // Nested: the 10-minute isochrone holds the 5-minute one (up to the disc approximations).
    CHECK(geos::area(geos::difference(five, iso[1].geometry.get()).get()) <
          1e-3 * geos::area(five));
    CHECK(contains(iso[1].geometry.get(), 9500, 0));
}

TEST_CASE("isochrones follow one-ways towards the structure", "[access][isochrones]") {
    // One-way loop 1 → 2 → 3 → 4 → 1 (2 min a side); structure at node 1. From node 2 the
    // structure is 6 minutes away, from node 4 only 2.
    HandNetwork n;
    n.node(1, 0, 0);
    n.node(2, 1000, 0);
    n.node(3, 1000, 1000);
    n.node(4, 0, 1000);
    n.way(10, {1, 2, 3, 4, 1}, {{"highway", "residential"}, {"oneway", "yes"}});
    const RoadGraph g =
        build_road_graph(graph_params(n.write("iso-loop.osm"), 0, 0, 1000, 1000, 1));
    const Snap s = Snapper(g).snap({X0, Y0}, 4.5);
    IsochroneParams p;
    p.minutes = {3};
    p.walk_cap_m = 50;
    const auto all = isochrones(g, {s, s}, p);
    REQUIRE(all.size() == 2);
    const GEOSGeometry* iso = all[0].geometry.get();
    CHECK(contains(iso, 0, 900));    // on 4 → 1, 1.8 min away
    CHECK(contains(iso, 0, 1000));   // node 4: 2 min
    CHECK(contains(iso, 400, 1000)); // on 3 → 4 at 2.8 min: 15 m of walk left
    CHECK(contains(iso, 400, 1010));
    CHECK_FALSE(contains(iso, 400, 1020));
    CHECK_FALSE(contains(iso, 600, 1000)); // 3.2 min
    CHECK_FALSE(contains(iso, 500, 0));    // on 1 → 2: 5 min away
    CHECK(geos::to_wkt(all[1].geometry.get()) == geos::to_wkt(iso));
}

TEST_CASE("the union by tiles gives the same isochrone as one union", "[access][isochrones]") {
    osm_synth::SyntheticParams sp;
    sp.target_nodes = 4000;
    sp.seed = 3;
    sp.spacing_m = 300;
    sp.origin = {X0, Y0};
    osm_synth::synthetic_roads(sp).write("iso-tiles.osm.pbf");
    const RoadGraph g = build_road_graph(graph_params("iso-tiles.osm.pbf", 0, 0, 9000, 9000, 1));
    const Snap s = Snapper(g).snap({X0 + 4500, Y0 + 4500}, 4.5);
    BoundedSearch search(g.node_count());
    IsochroneParams tiled;
    tiled.minutes = {6};
    tiled.tile_m = 700; // many tiles
    IsochroneParams single = tiled;
    single.tile_m = 1e7; // one tile
    const auto a = structure_isochrones(g, s, 0, tiled, search);
    const auto b = structure_isochrones(g, s, 0, single, search);
    const double area = geos::area(b[0].geometry.get());
    REQUIRE(area > 1e6); // several km²: many pieces, the tiled path is taken
    CHECK(geos::area(a[0].geometry.get()) == Approx(area).epsilon(1e-9));
    const geos::GeomPtr diff = geos::take(
        GEOSSymDifference_r(geos::ctx(), a[0].geometry.get(), b[0].geometry.get()), "diff");
    CHECK(geos::area(diff.get()) < 1e-6 * area);
    CHECK(geos::is_valid(a[0].geometry.get()));
}
