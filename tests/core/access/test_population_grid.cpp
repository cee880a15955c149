#include "access/population_grid.hpp"
#include "access/road_graph.hpp"
#include "crs.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>

using namespace tecsmap;
using namespace tecsmap::access;
using namespace tecsmap::test;

namespace {
constexpr double X0 = 850000, Y0 = 6400000;

struct CellSpec {
    std::string id;
    std::string wkt; ///< in the grid's CRS
    std::optional<double> ind;
};

/// Writes a grid as INSEE publishes it (GeoPackage, fields Idcar_200m, Ind, Men, ...), in `crs`
/// ("" for a layer without CRS), with the population column named `column`.
std::string write_grid(const std::string& name, const std::string& crs,
                       const std::vector<CellSpec>& cells, const std::string& column = "Ind") {
    gdal::init();
    std::filesystem::remove(name);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    gdal::DatasetPtr ds(driver->Create(name.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    gdal::SrsPtr srs = crs.empty() ? nullptr : gdal::make_srs(crs);
    OGRLayer* layer = ds->CreateLayer("carreaux", srs.get(), wkbPolygon, nullptr);
    OGRFieldDefn id("Idcar_200m", OFTString), ind(column.c_str(), OFTReal), men("Men", OFTReal);
    layer->CreateField(&id);
    layer->CreateField(&ind);
    layer->CreateField(&men);
    for (const CellSpec& c : cells) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("Idcar_200m", c.id.c_str());
        if (c.ind)
            f.SetField(column.c_str(), *c.ind);
        f.SetField("Men", 1.0);
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt(c.wkt.c_str(), nullptr, &g);
        f.SetGeometryDirectly(g);
        REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
    }
    return std::filesystem::absolute(name).string();
}

/// Communes A (0..400 × 0..400, 200 inh.), B (400..800 × 0..400, 100), C (0..400 × 400..800, 80).
Territory three_communes() {
    return make_territory({{"26001", square(X0, Y0, 400), 200, ""},
                           {"26002", square(X0 + 400, Y0, 400), 100, ""},
                           {"26003", square(X0, Y0 + 400, 400), 80, ""}});
}

std::string cell(double dx, double dy) {
    return square(X0 + dx, Y0 + dy, 200);
}
} // namespace

TEST_CASE("population grid: cells split by area and reconciled to the COG", "[access][grid]") {
    const Territory t = three_communes();
    REQUIRE(t.communes.size() == 3);
    const geos::Envelope env = territory_envelope(t);
    CHECK(env.minx == X0);
    CHECK(env.maxx == X0 + 800);
    CHECK(env.maxy == Y0 + 800);
    const std::string path =
        write_grid("grid.gpkg", "EPSG:2154",
                   {{"CRS3035RES200mN1E1", cell(300, 0), 100},    // half A, half B
                    {"CRS3035RES200mN1E2", cell(0, 0), 50},       // all A
                    {"CRS3035RES200mN1E3", cell(1200, 0), 7},     // in the box, in no commune
                    {"CRS3035RES200mN1E4", cell(50000, 0), 1000}, // far: not read
                    {"CRS3035RES200mN1E5", cell(700, 100), 20},   // half B, half outside
                    {"CRS3035RES200mN1E6", cell(100, 100), std::nullopt},
                    {"CRS3035RES200mN1E7", cell(100, 100), -3}});
    const PopulationGrid g = load_population_grid(path, t);
    CHECK(g.column == "Ind");
    CHECK(g.cells_read == 6);
    CHECK(g.cells_outside == 1);
    CHECK(g.population_outside == Approx(7 + 10));
    REQUIRE(g.rejects.size() == 2);
    CHECK(g.rejects[0].reason == "population vide");
    CHECK_THAT(g.rejects[1].reason, Catch::Contains("négative"));
    REQUIRE(g.cells.size() == 3);
    REQUIRE(g.parts.size() == 4);

    const std::size_t A = t.commune_index("26001"), B = t.commune_index("26002"),
                      C = t.commune_index("26003");
    // Raw: A = 50 (half of 100) + 50 = 100 for 200 in the COG; B = 50 + 10 = 60 for 100.
    CHECK(g.communes[A].grid_population == Approx(100));
    CHECK(g.communes[A].difference == Approx(-100));
    CHECK(g.communes[A].cells == 2);
    CHECK(g.communes[B].grid_population == Approx(60));
    CHECK(g.communes[B].difference == Approx(-40));
    CHECK(g.communes[C].uniform);
    CHECK(g.communes[C].cells == 0);
    CHECK_FALSE(g.communes[A].uniform);
    CHECK(g.grid_total == Approx(160));
    CHECK(g.cog_total == Approx(380));

    // Cell 1 (the first kept): parts in A and B, half each, scaled ×2 and ×100/60.
    const GridCell& c1 = g.cells[0];
    CHECK(c1.id == "CRS3035RES200mN1E1");
    CHECK(c1.centre.x == Approx(X0 + 400));
    CHECK(c1.centre.y == Approx(Y0 + 100));
    CHECK(geos::area(c1.geometry.get()) == Approx(40000));
    REQUIRE(c1.part_count == 2);
    const GridPart& pa = g.parts[c1.first_part];
    const GridPart& pb = g.parts[c1.first_part + 1];
    CHECK(pa.commune == A);
    CHECK(pa.area_share == Approx(0.5));
    CHECK(pa.population == Approx(100));
    CHECK(pb.commune == B);
    CHECK(pb.population == Approx(50 * 100.0 / 60));
    // Reconciled parts sum to the COG population of each commune with cells.
    double a = 0, b = 0;
    for (const GridPart& p : g.parts)
        (p.commune == A ? a : b) += p.population;
    CHECK(a == Approx(200));
    CHECK(b == Approx(100));
}

TEST_CASE("population grid in EPSG:3035 is transformed to the study's CRS", "[access][grid]") {
    // A 200 m cell of the LAEA grid around a point of the Drôme, inside a 10 km commune.
    const XY centre{X0 + 5000, Y0 + 5000};
    XY laea = centre;
    const gdal::SrsPtr l93 = gdal::make_srs("EPSG:2154"), l3035 = gdal::make_srs("EPSG:3035");
    REQUIRE(Transformer(*l93, *l3035).transform(laea));
    const std::string path =
        write_grid("grid3035.gpkg", "EPSG:3035",
                   {{"CRS3035RES200mN2E1", square(laea.x - 100, laea.y - 100, 200), 42}}, "IND");
    const Territory t = make_territory({{"26001", square(X0, Y0, 10000), 1000, ""}});
    const PopulationGrid g = load_population_grid(path, t, "ind");
    CHECK(g.column == "IND"); // matched case-insensitively
    REQUIRE(g.cells.size() == 1);
    CHECK(g.cells[0].centre.x == Approx(centre.x).margin(0.5));
    CHECK(g.cells[0].centre.y == Approx(centre.y).margin(0.5));
    CHECK(g.parts[0].area_share == Approx(1));
    CHECK(g.parts[0].population == Approx(1000));
    CHECK(g.communes[0].difference == Approx(42 - 1000));
}

TEST_CASE("population grid errors name the file", "[access][grid][errors]") {
    const Territory t = three_communes();
    SECTION("missing column") {
        const std::string path =
            write_grid("nocol.gpkg", "EPSG:2154", {{"x", cell(0, 0), 5}}, "Pop");
        CHECK_THROWS_AS(load_population_grid(path, t), InputError);
        CHECK_THROWS_WITH(load_population_grid(path, t), Catch::Contains("nocol.gpkg") &&
                                                             Catch::Contains("« Ind » absente") &&
                                                             Catch::Contains("Pop"));
    }
    SECTION("no CRS") {
        const std::string path = write_grid("nocrs.gpkg", "", {{"x", cell(0, 0), 5}});
        CHECK_THROWS_WITH(load_population_grid(path, t),
                          Catch::Contains("nocrs.gpkg") && Catch::Contains("sans système"));
    }
    SECTION("missing file") {
        CHECK_THROWS_WITH(load_population_grid("absent.gpkg", t),
                          Catch::Contains("absent.gpkg") && Catch::Contains("introuvable"));
    }
    SECTION("not a vector source") {
        write_file("junk.gpkg", "not a geopackage");
        CHECK_THROWS_AS(load_population_grid("junk.gpkg", t), InputError);
    }
    SECTION("a directory or a device (issue 16: bounded inputs)") {
        std::filesystem::create_directories("grid-dir.gpkg");
        CHECK_THROWS_WITH(load_population_grid("grid-dir.gpkg", t),
                          Catch::Contains("grid-dir.gpkg") && Catch::Contains("répertoire"));
        CHECK_THROWS_WITH(load_population_grid("/dev/zero", t), Catch::Contains("périphérique"));
    }
}

TEST_CASE("population grid: a cell with an absurd vertex is rejected, the others read",
          "[access][grid][errors]") {
    // Issue 16: one unusable vertex rejects its feature, not the run (1e308 can be written in
    // WKT; NaN cannot, coordinate_problem treats both alike: test_geometry_values.cpp).
    const Territory t = three_communes();
    const std::string absurd = "POLYGON ((" + std::to_string(X0) + " " + std::to_string(Y0) +
                               ", 1e308 " + std::to_string(Y0) + ", " + std::to_string(X0) + " " +
                               std::to_string(Y0 + 200) + ", " + std::to_string(X0) + " " +
                               std::to_string(Y0) + "))";
    const std::string path =
        write_grid("absurd.gpkg", "EPSG:2154", {{"ok", cell(0, 0), 50}, {"absurd", absurd, 9}});
    const PopulationGrid g = load_population_grid(path, t);
    REQUIRE(g.rejects.size() == 1);
    CHECK_THAT(g.rejects[0].reason,
               Catch::Contains("coordonnées inutilisables") && Catch::Contains("carreau écarté"));
    REQUIRE(g.cells.size() == 1);
    CHECK(g.grid_total == Approx(50));
}
