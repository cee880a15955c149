#include "access_fixtures.hpp"

#include "access/isochrones.hpp"
#include "access/travel_times.hpp"
#include "errors.hpp"
#include "osm_synth/synthetic_roads.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace tecsmap;
using namespace tecsmap::access;
using namespace tecsmap::test;

namespace {
// Node positions survive OSM's 1e-7 degree rounding to about a centimetre: walked at 75 m a
// minute, that is up to 2e-4 minute on each end.
constexpr double tol = 5e-4;

XY at(double dx, double dy) {
    return {X0 + dx, Y0 + dy};
}

/// The one-way loop 1 (0,0) → 2 (1000,0) → 3 (1000,1000) → 4 (0,1000) → 1, residential:
/// 2 minutes a side.
RoadGraph loop_graph(const std::string& name) {
    HandNetwork n;
    n.node(1, 0, 0);
    n.node(2, 1000, 0);
    n.node(3, 1000, 1000);
    n.node(4, 0, 1000);
    n.way(10, {1, 2, 3, 4, 1}, {{"highway", "residential"}, {"oneway", "yes"}});
    return build_road_graph(graph_params(n.write(name), 0, 0, 1000, 1000, 1));
}
} // namespace

TEST_CASE("minutes run from the people to the structure, one-ways included", "[access][times]") {
    const RoadGraph g = loop_graph("tt-loop-1.osm");
    const Snapper snapper(g);
    const auto structures = snapper.snap_all({at(0, 0)}, default_walk_kmh);
    const auto demand = snapper.snap_all({at(1000, 0), at(0, 1000), at(0, 0)}, default_walk_kmh);
    const NearestStructure r = nearest_structure(g, demand, structures);
    // From 2 the loop goes 2 → 3 → 4 → 1: 6 minutes, not the 2 minutes of 1 → 2.
    CHECK(r.minutes[0] == Approx(6).margin(tol));
    CHECK(r.minutes[1] == Approx(2).margin(tol));
    CHECK(r.minutes[2] == Approx(0).margin(tol));
    CHECK(r.route_length_m[0] == Approx(3000).margin(0.1));
    CHECK(r.structure[0] == 0);
}

TEST_CASE("snap distances are walked at walk_kmh on both ends", "[access][times]") {
    const RoadGraph g = loop_graph("tt-loop-2.osm");
    const Snapper snapper(g);
    // 90 m south of node 1 and 150 m east of node 3: 1.2 and 2 minutes at 4.5 km/h.
    const auto structures = snapper.snap_all({at(0, -90)}, 4.5);
    const auto demand = snapper.snap_all({at(1150, 1000)}, 4.5);
    CHECK(structures[0].distance_m == Approx(90).margin(0.02));
    CHECK(structures[0].walk_minutes == Approx(1.2).margin(tol));
    CHECK(demand[0].walk_minutes == Approx(2.0).margin(tol));
    CHECK_FALSE(structures[0].far);
    const NearestStructure r = nearest_structure(g, demand, structures);
    CHECK(r.minutes[0] == Approx(2.0 + 4.0 + 1.2).margin(tol)); // walk + 3 → 4 → 1 + walk
    CHECK(r.road_minutes[0] == Approx(4.0).margin(tol));
    CHECK_THROWS_AS(snapper.snap(at(0, 0), 0), StudyError);
}

TEST_CASE("a structure far from any road is flagged", "[access][times]") {
    const RoadGraph g = loop_graph("tt-loop-3.osm");
    const Snapper snapper(g);
    const Snap s = snapper.snap(at(0, -6000), default_walk_kmh);
    CHECK(s.far);
    CHECK(s.distance_m == Approx(6000).margin(0.02));
    CHECK(s.walk_minutes == Approx(80).margin(tol));
    CHECK_FALSE(snapper.snap(at(0, -4900), default_walk_kmh).far);
}

TEST_CASE("nearest structure: ties go to the lowest structure index", "[access][times]") {
    const RoadGraph g = loop_graph("tt-loop-4.osm");
    const Snapper snapper(g);
    // Structures 0 and 2 both on node 3, structure 1 on node 1.
    const auto structures = snapper.snap_all({at(1000, 1000), at(0, 0), at(1000, 1000)}, 4.5);
    const auto demand = snapper.snap_all({at(1000, 0), at(0, 1000)}, 4.5);
    const NearestStructure r = nearest_structure(g, demand, structures);
    CHECK(r.structure[0] == 0); // 2 → 3: 2 min (0 and 2 tie, 0 wins)
    CHECK(r.minutes[0] == Approx(2).margin(tol));
    CHECK(r.structure[1] == 1); // 4 → 1: 2 min
    const NearestStructure none = nearest_structure(g, demand, {});
    CHECK(none.structure[0] == no_structure);
    CHECK(none.minutes[0] == unreachable);
}

TEST_CASE("times within a catchment, per structure", "[access][times]") {
    const RoadGraph g = loop_graph("tt-loop-5.osm");
    const Snapper snapper(g);
    const auto structures = snapper.snap_all({at(0, 0), at(1000, 1000)}, 4.5);
    const auto demand = snapper.snap_all({at(1000, 0), at(1000, 1000), at(0, 1000), at(0, 0)}, 4.5);
    const auto within = times_within(g, demand, structures, 4.5);
    REQUIRE(within.size() == 2);
    // To node 1: from 4 (2 min), 3 (4 min), 1 (0); 2 needs 6 min: out.
    REQUIRE(within[0].size() == 3);
    CHECK(within[0][0].demand == 1);
    CHECK(within[0][0].minutes == Approx(4).margin(tol));
    CHECK(within[0][1].demand == 2);
    CHECK(within[0][1].minutes == Approx(2).margin(tol));
    CHECK(within[0][2].demand == 3);
    CHECK(within[0][2].minutes == Approx(0).margin(tol));
    // To node 3: from 2 (2), 3 (0), 1 (4); 4 needs 6.
    REQUIRE(within[1].size() == 3);
    CHECK(within[1][0].demand == 0);
    CHECK(within[1][2].demand == 3);
}

TEST_CASE("catchments, nearest minutes and isochrones do not depend on the thread count",
          "[access][times][determinism]") {
    osm_synth::SyntheticParams sp;
    sp.target_nodes = 3000;
    sp.seed = 7;
    sp.spacing_m = 500;
    sp.origin = {X0, Y0};
    osm_synth::synthetic_roads(sp).write("det.osm.pbf");
    const RoadGraph g = build_road_graph(graph_params("det.osm.pbf", 0, 0, 13000, 13000, 1));
    const Snapper snapper(g);
    std::vector<XY> pts, sts;
    for (int i = 0; i < 60; ++i)
        pts.push_back(at(217.0 * i, 191.0 * ((i * 7) % 60)));
    for (int j = 0; j < 6; ++j)
        sts.push_back(at(2000.0 * j + 300, 1700.0 * j + 500));
    const auto ds = snapper.snap_all(pts, 4.5);
    const auto ss = snapper.snap_all(sts, 4.5);
    auto run = [&](const char* threads) {
        setenv("TECSMAP_THREADS", threads, 1);
        auto within = times_within(g, ds, ss, 20);
        IsochroneParams ip;
        ip.minutes = {5, 10};
        std::vector<std::string> wkt;
        for (const Isochrone& iso : isochrones(g, ss, ip))
            wkt.push_back(geos::to_wkt(iso.geometry.get(), 6));
        unsetenv("TECSMAP_THREADS");
        return std::make_pair(within, wkt);
    };
    const auto one = run("1");
    const auto two = run("2");
    REQUIRE(one.first.size() == two.first.size());
    std::size_t pairs = 0;
    for (std::size_t j = 0; j < one.first.size(); ++j) {
        REQUIRE(one.first[j].size() == two.first[j].size());
        for (std::size_t k = 0; k < one.first[j].size(); ++k) {
            CHECK(one.first[j][k].demand == two.first[j][k].demand);
            CHECK(one.first[j][k].minutes == two.first[j][k].minutes);
        }
        pairs += one.first[j].size();
    }
    CHECK(pairs > 20); // the case is not empty
    CHECK(one.second == two.second);
    // Every catchment entry agrees with the nearest-structure minutes (never below them).
    const NearestStructure near = nearest_structure(g, ds, ss);
    for (std::size_t j = 0; j < one.first.size(); ++j)
        for (const TimeEntry& e : one.first[j])
            CHECK(e.minutes >= near.minutes[e.demand] - 1e-9);
}
