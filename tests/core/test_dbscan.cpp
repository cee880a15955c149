#include "analysis/dbscan.hpp"

#include <catch2/catch.hpp>

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

TEST_CASE("a border point between two clusters joins one of them; cores are exact", "[dbscan]") {
    // Two cores groups with a shared border point in the middle (within eps of one core of
    // each, but not core itself).
    const std::vector<XY> pts{{0, 0}, {-1, 0}, {-2, 0}, {2, 0}, {4, 0}, {5, 0}, {6, 0}};
    const auto r = dbscan(pts, 2, 3);
    CHECK(r.core[0]);
    CHECK(r.core[4]);
    CHECK_FALSE(r.core[3]);
    CHECK(r.cluster_count == 2);
    REQUIRE(r.labels[3]);
    CHECK((*r.labels[3] == 1 || *r.labels[3] == 2));
}
