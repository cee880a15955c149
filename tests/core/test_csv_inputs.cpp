#include "crs.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "points.hpp"

#include <catch2/catch.hpp>

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
