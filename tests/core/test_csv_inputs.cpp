#include "crs.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "points.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <string>

using namespace tecsmap;

namespace {

XY to_l93(double lon, double lat) {
    Transformer t(*gdal::make_srs("EPSG:4326"), *gdal::make_srs("EPSG:2154"));
    XY p{lon, lat};
    REQUIRE(t.transform(p));
    return p;
}

// One 40 km square commune "26362" (Valence) centred on 4.89E 44.93N, plus 26281.
struct Fixture {
    Fixture() {
        const XY c = to_l93(4.89, 44.93);
        spec = {{"26362", test::square(c.x - 20000, c.y - 20000, 40000), 64000, "200068781"},
                {"26281", test::square(c.x + 20000, c.y - 20000, 40000), 33000, "200068781"}};
        territory = test::make_territory(spec);
        cog = test::make_cog(spec);
        cog.add_old_code("26999", "26281");
        centre = c;
    }
    std::vector<test::CommuneSpec> spec;
    Territory territory;
    Cog cog;
    XY centre;
    Rejects rejects;
    Diagnostics diagnostics;

    std::vector<Initiative> initiatives(const std::string& file, const std::string& bytes,
                                        LayerSource src = {}) {
        src.path = test::write_file(file, bytes);
        return read_initiatives(src, territory, cog, rejects, diagnostics);
    }
};

} // namespace

TEST_CASE_METHOD(Fixture, "semicolon CSV with decimal comma and UTF-8 BOM", "[csv]") {
    auto v = initiatives("a.csv", "\xEF\xBB\xBFtitre;année;thème;longitude;latitude\n"
                                  "Repair café;2021;réemploi;4,89;44,93\n");
    REQUIRE(v.size() == 1);
    CHECK(v[0].title == "Repair café");
    CHECK(v[0].year == 2021);
    CHECK(v[0].theme == "réemploi");
    REQUIRE(v[0].place.xy);
    CHECK(v[0].place.xy->x == Approx(centre.x).margin(0.01));
    CHECK(v[0].place.method == PlacementMethod::Coordinates);
    CHECK(rejects.empty());
}

TEST_CASE_METHOD(Fixture, "comma CSV with English names and decimal point", "[csv]") {
    auto v = initiatives("b.csv",
                         "title,year,theme,lon,lat\n\"Bike, repair\",2022,mobility,4.89,44.93\n");
    REQUIRE(v.size() == 1);
    CHECK(v[0].title == "Bike, repair");
    CHECK(v[0].place.xy);
}

TEST_CASE_METHOD(Fixture, "Windows-1252 CSV is decoded to UTF-8", "[csv]") {
    auto v = initiatives("c.csv", "titre;th\xE8me;longitude;latitude\n"
                                  "Jardin de la Dr\xF4me;\xE9nergie;4,89;44,93\n");
    REQUIRE(v.size() == 1);
    CHECK(v[0].title == "Jardin de la Drôme");
    CHECK(v[0].theme == "énergie");
}

TEST_CASE_METHOD(Fixture,
                 "initiatives without coordinates are placed by INSEE code, old or "
                 "current",
                 "[csv]") {
    auto v = initiatives("d.csv", "titre;code_insee;longitude;latitude\n"
                                  "A;26362;;\n"
                                  "B;26999;;\n"
                                  "C;99999;;\n");
    REQUIRE(v.size() == 3);
    CHECK(v[0].place.method == PlacementMethod::Commune);
    CHECK(v[0].place.xy->x ==
          Approx(territory.communes[territory.commune_index("26362")].representative.x));
    CHECK(v[1].place.method == PlacementMethod::Commune); // old code 26999 -> 26281
    CHECK(v[1].place.xy->x ==
          Approx(territory.communes[territory.commune_index("26281")].representative.x));
    CHECK(v[2].place.method == PlacementMethod::None); // kept without geometry
    CHECK_FALSE(v[2].place.xy);
    // Every corrected or unplaceable row is listed, with its spreadsheet line (header = 1).
    // A row placed on its commune is not a correction: located_by = commune says it (issue 11).
    REQUIRE(rejects.size() == 2);
    CHECK(rejects[0].source.line == 3); // old code mapped
    CHECK(rejects[0].kept);
    CHECK(rejects[1].source.line == 4);
    CHECK(rejects[1].source.location() == "ligne 4");
    CHECK_THAT(rejects[1].reason, Catch::Contains("99999"));
}

TEST_CASE_METHOD(Fixture, "a code that lost its leading zero is restored", "[csv]") {
    cog.add_old_code("01001", "26362"); // pretend mapping, to see the restored code used
    auto v = initiatives("e.csv", "titre;insee\nA;1001\n");
    REQUIRE(v.size() == 1);
    CHECK(v[0].place.insee_given == "01001");
    CHECK(v[0].place.method == PlacementMethod::Commune);
}

TEST_CASE_METHOD(Fixture, "Lambert-93 values in degree columns are rejected with a reason",
                 "[csv]") {
    auto v = initiatives("f.csv", "titre;longitude;latitude\nA;849000;6424000\n");
    REQUIRE(v.size() == 1);
    CHECK_FALSE(v[0].place.xy);
    REQUIRE(rejects.size() == 1);
    CHECK_THAT(rejects[0].reason, Catch::Contains("Lambert-93"));
}

TEST_CASE_METHOD(Fixture, "x/y columns need a CRS from the study", "[csv]") {
    REQUIRE_THROWS_AS(initiatives("g.csv", "titre;x;y\nA;849000;6424000\n"), InputError);
    LayerSource src;
    src.crs = "EPSG:2154";
    auto v = initiatives("h.csv", "titre;x;y\nA;849000;6424000\n", src);
    REQUIRE(v[0].place.xy);
    CHECK(v[0].place.xy->x == 849000);
}

TEST_CASE_METHOD(Fixture, "explicit column mapping from the study", "[csv]") {
    LayerSource src;
    src.columns = {{"title", "Intitulé du projet"}, {"longitude", "GPS E"}, {"latitude", "GPS N"}};
    auto v = initiatives("i.csv", "Intitulé du projet;GPS E;GPS N\nA;4,89;44,93\n", src);
    REQUIRE(v[0].place.xy);
    CHECK(v[0].title == "A");
    src.columns["title"] = "absent";
    REQUIRE_THROWS_AS(initiatives("j.csv", "x\n1\n", src), InputError);
}

TEST_CASE_METHOD(Fixture, "structures: name, type, ambassador, bonus kept", "[csv]") {
    LayerSource src;
    src.path =
        test::write_file("s.csv", "nom;type;ambassadeur;bonus_dd;longitude;latitude\n"
                                  "CS Fontbarlettes;Centre social;oui;alimentation;4,89;44,93\n"
                                  "EVS Test;EVS;non;;4,9;44,9\n"
                                  "Sans position;EVS;;;;\n");
    auto s = read_structures(src, territory, cog, rejects, diagnostics);
    REQUIRE(s.size() == 2);
    CHECK(s[0].type == StructureType::CS);
    CHECK(s[0].category == "Centre social");
    CHECK(s[1].type == StructureType::EVS);
    CHECK(s[0].ambassador == true);
    CHECK(s[0].bonus == "alimentation");
    CHECK(s[1].ambassador == false);
    REQUIRE(rejects.size() == 1);
    CHECK_FALSE(rejects[0].kept);
    CHECK(rejects[0].source.line == 4);
}

TEST_CASE_METHOD(Fixture, "a missing file or a table without usable columns is an InputError",
                 "[csv]") {
    LayerSource src;
    src.path = "/nonexistent/file.csv";
    REQUIRE_THROWS_AS(read_initiatives(src, territory, cog, rejects, diagnostics), InputError);
    REQUIRE_THROWS_AS(initiatives("k.csv", "foo;bar\n1;2\n"), InputError);
}

TEST_CASE_METHOD(Fixture, "GeoJSON points are read through GDAL with their CRS", "[csv][gdal]") {
    auto v = initiatives("p.geojson",
                         R"({"type":"FeatureCollection","features":[{"type":"Feature",
                         "properties":{"title":"A","year":2022},
                         "geometry":{"type":"Point","coordinates":[4.89,44.93]}}]})");
    REQUIRE(v.size() == 1);
    REQUIRE(v[0].place.xy);
    CHECK(v[0].place.xy->y == Approx(centre.y).margin(0.01));
}

// Many rows are located ahead, in x bands on all cores (PointTable::locate_rows). On a 6 x 5
// grid of 1 km square communes, every row's commune must be the lowest code among the squares
// that cover it (edges and corners included), computed here by arithmetic, and the reading must
// be the same with one thread: places, rejects and messages.
TEST_CASE("initiatives located ahead on all cores: the commune of every row, as with one thread",
          "[csv][placement]") {
    const double x0 = 840000, y0 = 6420000, side = 1000;
    std::vector<test::CommuneSpec> spec;
    for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 6; ++col) {
            const int k = row * 6 + col + 1; // codes ascend with row then column
            spec.push_back({"26" + std::string(k < 10 ? "00" : "0") + std::to_string(k),
                            test::square(x0 + col * side, y0 + row * side, side), 100, "200068781"});
        }
    const Territory territory = test::make_territory(spec);
    const Cog cog = test::make_cog(spec);
    // Expected code: the lowest (row, column) whose closed square holds the point.
    auto expected = [&](double x, double y) -> std::string {
        for (int row = 0; row < 5; ++row)
            for (int col = 0; col < 6; ++col)
                if (x >= x0 + col * side && x <= x0 + (col + 1) * side &&
                    y >= y0 + row * side && y <= y0 + (row + 1) * side)
                    return spec[static_cast<std::size_t>(row * 6 + col)].insee;
        return "";
    };
    std::string csv = "titre;x;y\n";
    std::vector<XY> points;
    for (int k = 0; k < 4000; ++k) {
        // Points on a 250 m lattice (a quarter of them on edges, some on corners), spilling
        // 500 m over the grid on every side; every 97th row has unreadable coordinates.
        const double x = x0 - 500 + (k * 37 % 29) * 250, y = y0 - 500 + (k * 11 % 25) * 250;
        points.push_back({x, y});
        csv += "I" + std::to_string(k) + ";" +
               (k % 97 == 0 ? std::string("n/a") : std::to_string(static_cast<long>(x))) + ";" +
               std::to_string(static_cast<long>(y)) + "\n";
    }
    LayerSource src;
    src.path = test::write_file("ahead.csv", csv);
    src.crs = "EPSG:2154";
    struct Read {
        std::vector<Initiative> initiatives;
        Rejects rejects;
        Diagnostics diagnostics;
    };
    // TECSMAP_THREADS as the caller had it, restored whatever happens.
    struct ThreadsEnv {
        const char* before = std::getenv("TECSMAP_THREADS");
        std::string saved = before ? before : "";
        ~ThreadsEnv() {
            if (before)
                setenv("TECSMAP_THREADS", saved.c_str(), 1);
            else
                unsetenv("TECSMAP_THREADS");
        }
    } restore;
    auto read = [&](const char* threads) {
        setenv("TECSMAP_THREADS", threads, 1);
        Read r;
        r.initiatives = read_initiatives(src, territory, cog, r.rejects, r.diagnostics);
        return r;
    };
    const Read two = read("2"), one = read("1");
    REQUIRE(two.initiatives.size() == points.size());
    std::size_t on_edges = 0, outside = 0;
    for (std::size_t k = 0; k < points.size(); ++k) {
        const Placement& p = two.initiatives[k].place;
        INFO("row " << k << " at " << points[k].x << " " << points[k].y);
        if (k % 97 == 0) {
            CHECK_FALSE(p.xy);
            continue;
        }
        const std::string want = expected(points[k].x, points[k].y);
        CHECK((p.in_territory() ? territory.communes[p.commune].insee : "") == want);
        on_edges += std::fmod(points[k].x - x0, side) == 0 || std::fmod(points[k].y - y0, side) == 0;
        outside += want.empty();
        CHECK(p.commune == one.initiatives[k].place.commune);
    }
    CHECK(on_edges > 1000);
    CHECK(outside > 500);
    REQUIRE(two.rejects.size() == one.rejects.size());
    for (std::size_t k = 0; k < one.rejects.size(); ++k)
        CHECK(two.rejects[k].reason == one.rejects[k].reason);
    REQUIRE(two.diagnostics.items().size() == one.diagnostics.items().size());
    for (std::size_t k = 0; k < one.diagnostics.items().size(); ++k)
        CHECK(two.diagnostics.items()[k].message == one.diagnostics.items()[k].message);
}
