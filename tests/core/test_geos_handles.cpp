#include "errors.hpp"
#include "geometry_convert.hpp"
#include "geos_handles.hpp"
#include "strtree.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace tecsmap;

TEST_CASE("WKT round trip through GEOS keeps the geometry", "[geos]") {
    auto g = geos::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    CHECK(geos::to_wkt(g.get(), 0) == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
    CHECK(geos::area(g.get()) == Approx(100));
}

TEST_CASE("invalid WKT becomes a GeometryError with GEOS's reason", "[geos]") {
    REQUIRE_THROWS_AS(geos::from_wkt("POLYGON((0 0, 1"), GeometryError);
}

TEST_CASE("union of adjacent squares is one polygon of the summed area", "[geos]") {
    std::vector<geos::GeomPtr> parts;
    parts.push_back(geos::from_wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))"));
    parts.push_back(geos::from_wkt("POLYGON((1 0,2 0,2 1,1 1,1 0))"));
    auto u = geos::union_all(std::move(parts));
    CHECK(geos::polygons_of(u.get()).size() == 1);
    CHECK(geos::area(u.get()) == Approx(2));
}

TEST_CASE("a self-intersecting bow-tie is repaired into two triangles", "[geos]") {
    auto bowtie = geos::from_wkt("POLYGON((0 0,2 2,2 0,0 2,0 0))");
    CHECK_FALSE(geos::is_valid(bowtie.get()));
    auto fixed = geos::polygonal_part(geos::make_valid(bowtie.get()).get());
    CHECK(geos::is_valid(fixed.get()));
    CHECK(geos::polygons_of(fixed.get()).size() == 2);
    CHECK(geos::area(fixed.get()) == Approx(2));
}

TEST_CASE("OGR and GEOS conversions preserve coordinates", "[geos][gdal]") {
    auto g = geos::from_wkt("MULTIPOLYGON(((0 0,3 0,3 3,0 0)))");
    gdal::GeometryPtr o = to_ogr(g.get());
    CHECK(wkbFlatten(o->getGeometryType()) == wkbMultiPolygon);
    auto back = to_geos(*o);
    CHECK(geos::to_wkt(back.get(), 0) == geos::to_wkt(g.get(), 0));
}

TEST_CASE("STRtree returns the items whose envelopes intersect, in ascending order", "[geos]") {
    geos::StrTree tree;
    tree.insert(2, {0, 0, 1, 1});
    tree.insert(0, {5, 5, 6, 6});
    tree.insert(1, {0.5, 0.5, 2, 2});
    CHECK(tree.query({0.9, 0.9, 1.1, 1.1}) == std::vector<std::size_t>{1, 2});
    CHECK(tree.query({10, 10, 11, 11}).empty());
}

TEST_CASE("geometries are released on another thread's context without leaks", "[geos]") {
    geos::GeomPtr g = geos::point(1, 2);
    std::thread t([&] { g.reset(); });
    t.join();
    CHECK(g == nullptr);
}
