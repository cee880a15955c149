// Unusable coordinate values in polygon layers reject the feature, not the run (issue 16).
#include "bad_geometry.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "geometry_values.hpp"
#include "perimeters.hpp"
#include "territory_builder.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>

using namespace tecsmap;

namespace {

gdal::GeometryPtr from_wkt(const std::string& wkt) {
    OGRGeometry* g = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) == OGRERR_NONE);
    return gdal::GeometryPtr(g);
}

gdal::GeometryPtr square_with_x(double bad_x) {
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(0, 0);
    ring->addPoint(1, 0);
    ring->addPoint(bad_x, 1);
    ring->addPoint(0, 1);
    ring->addPoint(0, 0);
    auto p = std::make_unique<OGRPolygon>();
    p->addRingDirectly(ring.release());
    return gdal::GeometryPtr(p.release());
}

} // namespace

TEST_CASE("coordinate_problem finds non-finite and absurd vertices", "[geometry_values]") {
    gdal::init();
    const gdal::SrsPtr l93 = gdal::make_srs("EPSG:2154"), wgs84 = gdal::make_srs("EPSG:4326");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();

    CHECK_FALSE(coordinate_problem(*square_with_x(1), l93.get()));
    CHECK_FALSE(coordinate_problem(*square_with_x(1), wgs84.get()));
    CHECK_FALSE(coordinate_problem(*square_with_x(1), nullptr));

    auto why = coordinate_problem(*square_with_x(nan), l93.get());
    REQUIRE(why);
    CHECK(*why == "sommet 3 : coordonnée non finie (x = nan, y = 1)");
    why = coordinate_problem(*square_with_x(-inf), l93.get());
    REQUIRE(why);
    CHECK(why->find("x = -inf") != std::string::npos);
    why = coordinate_problem(*square_with_x(1e308), l93.get());
    REQUIRE(why);
    CHECK(why->find("hors des limites plausibles d'un système projeté") != std::string::npos);
    CHECK(coordinate_problem(*square_with_x(1e7 + 1), nullptr));
    CHECK_FALSE(coordinate_problem(*square_with_x(1e7), nullptr));

    // Geographic: ±180 / ±90.
    CHECK(coordinate_problem(*square_with_x(180.5), wgs84.get()));
    CHECK_FALSE(coordinate_problem(*square_with_x(180), wgs84.get()));
    CHECK(coordinate_problem(*from_wkt("POINT (4.9 90.1)"), wgs84.get()));

    // Vertices are counted across the parts of a multi-geometry; Z is checked when present.
    why = coordinate_problem(*from_wkt("MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,1e9 5)))"),
                             l93.get());
    REQUIRE(why);
    CHECK(why->rfind("sommet 8 :", 0) == 0);
    auto z = from_wkt("POINT Z (1 2 3)");
    z->toPoint()->setZ(nan);
    why = coordinate_problem(*z, l93.get());
    REQUIRE(why);
    CHECK(why->find("altitude") != std::string::npos);
    CHECK_FALSE(coordinate_problem(*from_wkt("POLYGON EMPTY"), l93.get()));
}

TEST_CASE("a perimeter with a NaN, infinite or 1e308 vertex is rejected — the others are read",
          "[geometry_values][perimeters]") {
    std::vector<test::CommuneSpec> spec{{"99001", test::square(0, 0, 10000), 100, "200000001"}};
    const Territory t = test::make_territory(spec);
    const Cog cog = test::make_cog(spec);
    LayerSource src;
    src.path = std::filesystem::absolute("bad_perimeters.gpkg").string();
    test::write_bad_perimeters(src.path, 1000, 1000, 2000);
    Rejects rejects;
    Diagnostics diag;
    const auto per = read_perimeters({src}, t, cog, rejects, diag);
    REQUIRE(per.size() == 1);
    CHECK(per[0].name == "PAT Valide");
    CHECK(geos::area(per[0].geometry.get()) == Approx(4e6));
    REQUIRE(rejects.size() == 3);
    CHECK(rejects[0].source.location() == "entité 2");
    CHECK(rejects[0].reason.find("non finie (x = nan") != std::string::npos);
    CHECK(rejects[1].source.location() == "entité 3");
    CHECK(rejects[1].reason.find("x = inf") != std::string::npos);
    CHECK(rejects[2].source.location() == "entité 4");
    CHECK(rejects[2].reason.find("1e+308") != std::string::npos);
    CHECK(diag.count("empty_perimeter") == 3);
}

TEST_CASE("perimeters from CSV: WKT with -inf or 1e308, and CSV records that cannot be read",
          "[geometry_values][perimeters]") {
    std::vector<test::CommuneSpec> spec{{"99001", test::square(0, 0, 10000), 100, "200000001"}};
    const Territory t = test::make_territory(spec);
    const Cog cog = test::make_cog(spec);
    LayerSource src;
    src.crs = "EPSG:2154";
    src.path = test::write_file("bad_perimeters.csv",
                                "kind;name;WKT\n"
                                "PAT;Bon;POLYGON ((0 0,100 0,100 100,0 100,0 0))\n"
                                "PAT;Moins l'infini;POLYGON ((0 0,-inf 0,100 100,0 0))\n"
                                "\"PCAET;Sans fin;POLYGON ((0 0,1 0,1 1,0 0))\n"
                                "CTE;Énorme;POLYGON ((0 0,1e308 0,100 100,0 0))\n");
    Rejects rejects;
    Diagnostics diag;
    const auto per = read_perimeters({src}, t, cog, rejects, diag);
    REQUIRE(per.size() == 1);
    REQUIRE(rejects.size() == 3);
    CHECK(rejects[0].source.location() == "ligne 4"); // the CSV record, first
    CHECK(rejects[0].reason.find("guillemet") != std::string::npos);
    CHECK(rejects[1].source.location() == "ligne 3");
    CHECK(rejects[1].reason.find("x = -inf") != std::string::npos);
    CHECK(rejects[2].source.location() == "ligne 5");
}

TEST_CASE("a commune polygon with an unusable vertex is ignored and reported — the run goes on",
          "[geometry_values][territory]") {
    const std::vector<test::CommuneSpec> spec{{"99001", test::square(0, 0, 1000), 10, ""},
                                              {"99002", test::square(2000, 0, 1000), 20, ""},
                                              {"99003", test::square(4000, 0, 1000), 30, ""},
                                              {"99004", test::square(6000, 0, 1000), 40, ""}};
    const Cog cog = test::make_cog(spec);
    Study study;
    study.departements = {"99"};
    LayerSource communes;
    communes.path = std::filesystem::absolute("bad_communes.gpkg").string();
    test::write_bad_communes(communes.path);
    study.communes = communes;
    const Territory t = build_territory(study, cog, BoundaryOptions{});
    REQUIRE(t.communes.size() == 1);
    CHECK(t.communes[0].insee == "99001");
    CHECK(t.diagnostics.count("bad_coordinates") == 3);
    CHECK(t.missing.size() == 3);
    for (const Diagnostic& d : t.diagnostics.items())
        if (d.code == "bad_coordinates")
            CHECK(d.location.rfind("entité ", 0) == 0);
}
