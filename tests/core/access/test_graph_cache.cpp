#include "access_fixtures.hpp"

#include "access/graph_cache.hpp"
#include "errors.hpp"
#include "sha256.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace tecsmap;
using namespace tecsmap::access;
using namespace tecsmap::test;
namespace fs = std::filesystem;

namespace {
HandNetwork square_network() {
    HandNetwork n;
    n.node(1, 0, 0);
    n.node(2, 1000, 0);
    n.node(3, 1000, 1000);
    n.node(4, 0, 1000);
    n.way(10, {1, 2, 3, 4, 1}, {{"highway", "residential"}, {"oneway", "yes"}});
    n.way(11, {1, 3}, {{"highway", "primary"}});
    return n;
}

void require_same(const RoadGraph& a, const RoadGraph& b) {
    REQUIRE(a.node_count() == b.node_count());
    CHECK(a.crs == b.crs);
    CHECK(a.osm_id == b.osm_id);
    for (std::size_t i = 0; i < a.node_count(); ++i) {
        CHECK(a.xy[i].x == b.xy[i].x);
        CHECK(a.xy[i].y == b.xy[i].y);
    }
    CHECK(a.forward.offsets == b.forward.offsets);
    CHECK(a.forward.targets == b.forward.targets);
    CHECK(a.forward.minutes == b.forward.minutes);
    CHECK(a.reverse.targets == b.reverse.targets);
    CHECK(a.stats.ways_kept == b.stats.ways_kept);
}

std::string read_all(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
} // namespace

TEST_CASE("the graph cache: cold build, warm load, identical graph", "[access][cache]") {
    fs::remove_all("cache1");
    const auto params = graph_params(square_network().write("cached.osm.pbf"), 0, 0, 1000, 1000, 1);
    const CachedRoadGraph cold = load_or_build_road_graph(params, nullptr, "cache1");
    CHECK_FALSE(cold.from_cache);
    CHECK(cold.cache_note.empty());
    REQUIRE(fs::exists(cold.cache_file));
    CHECK(cold.extract_sha256 == *sha256_file(params.roads_path));
    const CachedRoadGraph warm = load_or_build_road_graph(params, nullptr, "cache1");
    CHECK(warm.from_cache);
    CHECK(warm.key == cold.key);
    require_same(cold.graph, warm.graph);
}

TEST_CASE("the cache key follows the extract and every parameter", "[access][cache]") {
    auto p = graph_params("x.osm", 0, 0, 1000, 1000, 1);
    const std::string base = graph_cache_key(p, std::string(64, 'a'));
    CHECK(base.size() == 64);
    CHECK(graph_cache_key(p, std::string(64, 'b')) != base);
    auto q = p;
    q.margin_km = 2;
    CHECK(graph_cache_key(q, std::string(64, 'a')) != base);
    q = p;
    q.speeds_kmh = merge_speeds({{"residential", 25}});
    CHECK(graph_cache_key(q, std::string(64, 'a')) != base);
    q = p;
    q.crs = "EPSG:2975";
    CHECK(graph_cache_key(q, std::string(64, 'a')) != base);
    q = p;
    q.territory.maxx += 1;
    CHECK(graph_cache_key(q, std::string(64, 'a')) != base);
}

TEST_CASE("a corrupt or truncated cache file is detected and rebuilt", "[access][cache][errors]") {
    fs::remove_all("cache2");
    const auto params = graph_params(square_network().write("corrupt.osm"), 0, 0, 1000, 1000, 1);
    const CachedRoadGraph cold = load_or_build_road_graph(params, nullptr, "cache2");
    const std::string good = read_all(cold.cache_file);
    REQUIRE(good.size() > 200);

    SECTION("one flipped byte in the arrays") {
        std::string bad = good;
        bad[bad.size() / 2] ^= 0x01;
        std::ofstream(cold.cache_file, std::ios::binary) << bad;
        std::string why;
        CHECK_FALSE(load_graph_cache(cold.cache_file, cold.key, &why));
        CHECK_THAT(why, Catch::Contains("corrompu"));
    }
    SECTION("truncated") {
        std::ofstream(cold.cache_file, std::ios::binary) << good.substr(0, good.size() - 100);
    }
    SECTION("empty") {
        std::ofstream(cold.cache_file, std::ios::binary) << "";
    }
    SECTION("another key") {
        std::string why;
        CHECK_FALSE(load_graph_cache(cold.cache_file, std::string(64, '0'), &why));
        CHECK_THAT(why, Catch::Contains("autre extrait"));
        return;
    }
    CHECK_FALSE(load_graph_cache(cold.cache_file, cold.key));
    const CachedRoadGraph again = load_or_build_road_graph(params, nullptr, "cache2");
    CHECK_FALSE(again.from_cache);
    CHECK_THAT(again.cache_note, Catch::Contains("reconstruit"));
    require_same(cold.graph, again.graph);
    // The rebuilt file replaced the bad one.
    CHECK(read_all(cold.cache_file) == good);
    CHECK(load_or_build_road_graph(params, nullptr, "cache2").from_cache);
}

TEST_CASE("a changed extract is re-hashed and gets another cache file", "[access][cache]") {
    fs::remove_all("cache3");
    HandNetwork n = square_network();
    const auto params = graph_params(n.write("changing.osm"), 0, 0, 1000, 1000, 1);
    const CachedRoadGraph first = load_or_build_road_graph(params, nullptr, "cache3");
    n.node(5, 500, 500);
    n.way(12, {1, 5, 3}, {{"highway", "tertiary"}});
    n.write("changing.osm");
    fs::last_write_time("changing.osm",
                        fs::last_write_time("changing.osm") + std::chrono::seconds(5));
    const CachedRoadGraph second = load_or_build_road_graph(params, nullptr, "cache3");
    CHECK(second.extract_sha256 != first.extract_sha256);
    CHECK_FALSE(second.from_cache);
    CHECK(second.graph.node_count() == 5);
}

TEST_CASE("an unwritable cache directory does not fail the run", "[access][cache][errors]") {
    std::ofstream("not-a-dir") << "file";
    const auto params = graph_params(square_network().write("ro.osm"), 0, 0, 1000, 1000, 1);
    const CachedRoadGraph g = load_or_build_road_graph(params, nullptr, "not-a-dir/sub");
    CHECK_FALSE(g.from_cache);
    CHECK(g.graph.node_count() == 4);
    CHECK_FALSE(g.cache_note.empty());
}
