#include "access_fixtures.hpp"

#include "access/road_graph.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace tecsmap;
using namespace tecsmap::access;
using namespace tecsmap::test;

namespace {
// 30 km/h: 2 minutes per kilometre; coordinates survive the 1e-7 degree rounding of OSM to a
// centimetre, hence the tolerance.
constexpr double tol = 1e-4;

/// A triangle 1 (0,0) – 2 (1000,0) – 3 (1000,1000) whose side 1-2 is the way under test and
/// 2-3-1 a two-way residential return, so the tested edge stays in the strong component.
HandNetwork triangle(osm_synth::Tags tested) {
    HandNetwork n;
    n.node(1, 0, 0);
    n.node(2, 1000, 0);
    n.node(3, 1000, 1000);
    n.way(10, {1, 2}, std::move(tested));
    n.way(11, {2, 3, 1}, {{"highway", "residential"}});
    return n;
}

RoadGraph build(const HandNetwork& n, const std::string& name) {
    return build_road_graph(graph_params(n.write(name), 0, 0, 1000, 1000, 1));
}
} // namespace

TEST_CASE("a one-way loop: edges follow the way's direction only", "[access][graph]") {
    HandNetwork n;
    n.node(1, 0, 0);
    n.node(2, 1000, 0);
    n.node(3, 1000, 1000);
    n.node(4, 0, 1000);
    n.way(10, {1, 2, 3, 4, 1}, {{"highway", "residential"}, {"oneway", "yes"}});
    const RoadGraph g = build(n, "loop.osm");
    REQUIRE(g.node_count() == 4);
    CHECK(g.edge_count() == 4);
    CHECK(edge_minutes(g, 1, 2) == Approx(2.0).margin(tol));
    CHECK(edge_minutes(g, 4, 1) == Approx(2.0).margin(tol));
    CHECK(edge_minutes(g, 2, 1) == -1);
    CHECK(g.reverse.edge_count() == 4);
    CHECK(g.crs == "EPSG:2154");
    CHECK(g.xy[node_of(g, 3)].x == Approx(X0 + 1000).margin(0.02));
    CHECK(g.xy[node_of(g, 3)].y == Approx(Y0 + 1000).margin(0.02));
}

TEST_CASE("ferry, private, no-access, construction, proposed and track ways are not routable",
          "[access][graph]") {
    HandNetwork n = triangle({{"highway", "residential"}});
    n.node(5, 2000, 0);
    n.node(6, 0, 2000);
    n.node(7, 2000, 2000);
    // Each alternative is two-way, so it would be kept by the SCC were it routable.
    n.way(20, {2, 5}, {{"route", "ferry"}});
    n.way(21, {1, 6}, {{"highway", "service"}, {"access", "private"}});
    n.way(22, {3, 7}, {{"highway", "construction"}, {"construction", "primary"}});
    n.way(23, {5, 7}, {{"highway", "proposed"}});
    n.way(24, {6, 7}, {{"highway", "track"}});
    n.way(25, {3, 6}, {{"highway", "residential"}, {"access", "no"}});
    const RoadGraph g = build(n, "unroutable.osm");
    CHECK(g.node_count() == 3);
    CHECK(g.edge_count() == 6);
    CHECK(g.stats.ways_read == 8);
    CHECK(g.stats.ways_not_routable == 6);
    CHECK(g.stats.ways_kept == 2);
}

TEST_CASE("a track becomes routable when the study gives it a speed", "[access][graph]") {
    HandNetwork n = triangle({{"highway", "track"}});
    auto p = graph_params(n.write("track.osm"), 0, 0, 1000, 1000, 1);
    CHECK(build_road_graph(p).edge_count() == 4);
    p.speeds_kmh = merge_speeds({{"track", 15}});
    const RoadGraph g = build_road_graph(p);
    CHECK(g.edge_count() == 6);
    CHECK(edge_minutes(g, 1, 2) == Approx(4.0).margin(tol)); // 1 km at 15 km/h
}

TEST_CASE("a disconnected island and a one-way dead end are dropped by the SCC",
          "[access][graph]") {
    HandNetwork n = triangle({{"highway", "residential"}});
    n.node(5, 3000, 3000);
    n.node(6, 3500, 3000);
    n.way(20, {5, 6}, {{"highway", "primary"}}); // island, two-way
    n.node(7, 0, 500);
    n.way(21, {1, 7}, {{"highway", "residential"}, {"oneway", "yes"}}); // enter, never leave
    const RoadGraph g = build_road_graph(graph_params(n.write("island.osm"), 0, 0, 4000, 4000, 1));
    CHECK(g.stats.nodes_before_scc == 6);
    CHECK(g.node_count() == 3);
    CHECK(node_of(g, 5) == static_cast<std::size_t>(-1));
    CHECK(node_of(g, 7) == static_cast<std::size_t>(-1));
    CHECK(g.edge_count() == 6);
}

TEST_CASE("maxspeed caps the class speed on the edges", "[access][graph]") {
    SECTION("50 on a primary") {
        const RoadGraph g =
            build(triangle({{"highway", "primary"}, {"maxspeed", "50"}}), "m50.osm");
        CHECK(edge_minutes(g, 1, 2) == Approx(1.2).margin(tol));
    }
    SECTION("30 mph") {
        const RoadGraph g =
            build(triangle({{"highway", "primary"}, {"maxspeed", "30 mph"}}), "mph.osm");
        CHECK(edge_minutes(g, 1, 2) == Approx(60.0 / 48.28032).margin(tol));
    }
    SECTION("FR:urban is ignored") {
        const RoadGraph g =
            build(triangle({{"highway", "primary"}, {"maxspeed", "FR:urban"}}), "zone.osm");
        CHECK(edge_minutes(g, 1, 2) == Approx(0.75).margin(tol));
    }
}

TEST_CASE("oneway=-1, roundabouts and motorways", "[access][graph]") {
    SECTION("oneway=-1 runs against the way's direction") {
        const RoadGraph g =
            build(triangle({{"highway", "residential"}, {"oneway", "-1"}}), "back.osm");
        CHECK(edge_minutes(g, 1, 2) == -1);
        CHECK(edge_minutes(g, 2, 1) == Approx(2.0).margin(tol));
    }
    SECTION("a roundabout is one-way") {
        const RoadGraph g =
            build(triangle({{"highway", "tertiary"}, {"junction", "roundabout"}}), "round.osm");
        CHECK(edge_minutes(g, 1, 2) == Approx(1.0).margin(tol));
        CHECK(edge_minutes(g, 2, 1) == -1);
    }
    SECTION("a motorway is one-way by implication") {
        const RoadGraph g = build(triangle({{"highway", "motorway"}}), "motorway.osm");
        CHECK(edge_minutes(g, 1, 2) == Approx(60.0 / 110.0).margin(tol));
        CHECK(edge_minutes(g, 2, 1) == -1);
    }
    SECTION("oneway=no on a motorway makes it two-way") {
        const RoadGraph g =
            build(triangle({{"highway", "motorway"}, {"oneway", "no"}}), "motorway2.osm");
        CHECK(edge_minutes(g, 1, 2) == Approx(60.0 / 110.0).margin(tol));
        CHECK(edge_minutes(g, 2, 1) == Approx(60.0 / 110.0).margin(tol));
    }
}

TEST_CASE("a way with one node in the box is kept whole — ways outside are dropped",
          "[access][graph]") {
    HandNetwork n;
    // Territory [0,1000]², margin 1 km: the box is [-1000, 2000]².
    n.node(1, 1500, 500);
    n.node(2, 5000, 500); // far outside
    n.node(3, 5000, 1500);
    n.node(4, 9000, 9000);
    n.node(5, 9500, 9000);
    n.way(10, {1, 2, 3, 1}, {{"highway", "secondary"}});
    n.way(11, {4, 5}, {{"highway", "secondary"}});
    const RoadGraph g = build(n, "box.osm");
    CHECK(g.node_count() == 3);
    CHECK(g.stats.ways_kept == 1);
    CHECK(g.stats.ways_outside == 1);
    CHECK(edge_minutes(g, 2, 3) == Approx(60.0 / 70.0).margin(tol)); // outside, kept
}

TEST_CASE("PBF and XML give the same graph", "[access][graph]") {
    HandNetwork n = triangle({{"highway", "residential"}, {"oneway", "yes"}});
    const RoadGraph a = build(n, "same.osm");
    const RoadGraph b = build(n, "same.osm.pbf");
    CHECK(a.osm_id == b.osm_id);
    CHECK(a.forward.targets == b.forward.targets);
    CHECK(a.forward.minutes == b.forward.minutes);
}

TEST_CASE("bad extracts: missing, truncated, not OSM, another region", "[access][graph][errors]") {
    HandNetwork n = triangle({{"highway", "residential"}});
    for (int i = 0; i < 400; ++i) { // enough data for a PBF of several blocks
        n.node(100 + i, 10.0 * i, 900);
        if (i > 0)
            n.way(1000 + i, {99 + i, 100 + i},
                  {{"highway", "residential"}, {"name", "Rue " + std::to_string(i)}});
    }
    const std::string pbf = n.write("whole.osm.pbf");

    SECTION("missing file") {
        CHECK_THROWS_WITH(build_road_graph(graph_params("absent.osm.pbf", 0, 0, 1, 1, 1)),
                          Catch::Contains("absent.osm.pbf") && Catch::Contains("introuvable"));
    }
    SECTION("a directory or a device instead of an extract") {
        std::filesystem::create_directories("routes.osm.pbf");
        CHECK_THROWS_WITH(build_road_graph(graph_params("routes.osm.pbf", 0, 0, 1, 1, 1)),
                          Catch::Contains("routes.osm.pbf") && Catch::Contains("répertoire"));
        CHECK_THROWS_WITH(build_road_graph(graph_params("/dev/zero", 0, 0, 1, 1, 1)),
                          Catch::Contains("/dev/zero") && Catch::Contains("périphérique"));
    }
    SECTION("truncated PBF") {
        std::ifstream in(pbf, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream("cut.osm.pbf", std::ios::binary) << bytes.substr(0, bytes.size() * 2 / 3);
        CHECK_THROWS_AS(build_road_graph(graph_params("cut.osm.pbf", 0, 0, 1000, 1000, 1)),
                        InputError);
        CHECK_THROWS_WITH(build_road_graph(graph_params("cut.osm.pbf", 0, 0, 1000, 1000, 1)),
                          Catch::Contains("cut.osm.pbf") && Catch::Contains("tronqué"));
    }
    SECTION("not an OSM file") {
        std::ofstream("garbage.osm") << "<html>not osm</html";
        CHECK_THROWS_WITH(build_road_graph(graph_params("garbage.osm", 0, 0, 1000, 1000, 1)),
                          Catch::Contains("garbage.osm") && Catch::Contains("illisible"));
    }
    SECTION("an extract of another region") {
        // Territory 100 km away, 20 km margin: no road.
        CHECK_THROWS_WITH(build_road_graph(graph_params(pbf, 100000, 100000, 101000, 101000, 20)),
                          Catch::Contains("aucune route") && Catch::Contains("autre région"));
    }
}
