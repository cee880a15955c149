#include "fixtures.hpp"
#include "geos_handles.hpp"
#include "territory_builder.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;
using test::square;

namespace {
Cog merged_cog() {
    Cog cog;
    cog.add_commune({"99001", "Nouvelle", "99", "metro", 1500, "200000001"});
    cog.add_commune({"99002", "Voisine", "99", "metro", 700, "200000001"});
    cog.add_commune({"99004", "Sans polygone", "99", "metro", 40, ""});
    cog.add_commune({"99005", "Partie A", "99", "metro", 10, ""});
    cog.add_commune({"99006", "Partie B", "99", "metro", 10, ""});
    cog.add_epci({"200000001", "CC Test", "CC"});
    cog.add_old_code("99003", "99001"); // merged into 99001
    cog.add_old_code("99007", "99005"); // split between two communes
    cog.add_old_code("99007", "99006");
    return cog;
}
} // namespace

TEST_CASE("old codes are mapped and the polygons of a merged commune unioned", "[territory]") {
    const Cog cog = merged_cog();
    std::vector<SourcePolygon> polys;
    polys.push_back({"99001", geos::from_wkt(square(0, 0, 1000)), "f", "entité 1"});
    polys.push_back({"99003", geos::from_wkt(square(1000, 0, 1000)), "f", "entité 2"});
    polys.push_back({"99002", geos::from_wkt(square(0, 1000, 1000)), "f", "entité 3"});
    polys.push_back({"99007", geos::from_wkt(square(5000, 0, 1000)), "f", "entité 4"});
    polys.push_back({"98765", geos::from_wkt(square(9000, 0, 1000)), "f", "entité 5"});
    Territory t;
    harmonise_communes(std::move(polys), cog, {"99"}, t);

    REQUIRE(t.communes.size() == 2);
    const Commune& merged = t.communes[0];
    CHECK(merged.insee == "99001");
    CHECK(merged.area_m2 == Approx(2e6));
    CHECK(geos::polygons_of(merged.geometry.get()).size() == 1);
    CHECK(merged.source_codes == std::vector<std::string>{"99001", "99003"});
    CHECK(merged.population == 1500);

    // 99004 has no polygon, 99005/99006 only a split old code: reported, never silent.
    REQUIRE(t.missing.size() == 3);
    CHECK(t.missing[0].insee == "99004");
    CHECK(t.diagnostics.count("unmapped_code") == 1); // the split 99007; 98765 is not in dept 99
    CHECK(t.diagnostics.count("missing_polygon") == 3);
    CHECK(t.diagnostics.count("old_code_mapped") == 1);
}

TEST_CASE("an unknown code of a selected département is reported", "[territory]") {
    const Cog cog = merged_cog();
    std::vector<SourcePolygon> polys;
    polys.push_back({"99999", geos::from_wkt(square(0, 0, 10)), "f.geojson", "entité 9"});
    Territory t;
    harmonise_communes(std::move(polys), cog, {"99"}, t);
    REQUIRE(t.diagnostics.count("unmapped_code") == 1);
    CHECK(t.diagnostics.items().front().file == "f.geojson");
}

TEST_CASE("invalid polygons are repaired and reported", "[territory]") {
    const Cog cog = merged_cog();
    std::vector<SourcePolygon> polys;
    polys.push_back(
        {"99001", geos::from_wkt("POLYGON((0 0,2000 2000,2000 0,0 2000,0 0))"), "f", "entité 1"});
    Territory t;
    harmonise_communes(std::move(polys), cog, {"99"}, t);
    REQUIRE(t.communes.size() == 1);
    CHECK(geos::is_valid(t.communes[0].geometry.get()));
    CHECK(t.communes[0].area_m2 == Approx(2e6));
    CHECK(t.diagnostics.count("invalid_geometry") == 1);
}

TEST_CASE("EPCI and CTG: union of members, populations summed, no-EPCI commune alone",
          "[territory]") {
    Territory t = test::make_territory({{"99001", square(0, 0, 1000), 100, "200000001"},
                                        {"99002", square(1000, 0, 1000), 50, "200000001"},
                                        {"99003", square(0, 1000, 1000), 7, ""}});
    REQUIRE(t.epcis.size() == 1);
    CHECK(t.epcis[0].population == 150);
    CHECK(geos::area(t.epcis[0].geometry.get()) == Approx(2e6));
    REQUIRE(t.ctgs.size() == 2);
    CHECK(t.ctgs[0].code == "200000001");
    CHECK(t.ctgs[1].code == "99003"); // its own CTG, named after the commune
    CHECK(t.ctgs[1].population == 7);
}

TEST_CASE("a CTG table groups EPCIs — a conflicting name is reported, first wins", "[territory]") {
    std::vector<test::CommuneSpec> spec{{"99001", square(0, 0, 1000), 100, "200000001"},
                                        {"99002", square(1000, 0, 1000), 50, "200000002"},
                                        {"99003", square(2000, 0, 1000), 20, "200000003"}};
    const Cog cog = test::make_cog(spec);
    Territory t = test::make_territory(spec);
    const std::string csv = test::write_file(
        "ctg.csv", "epci_siren;ctg_code;ctg_name\n200000001;CTG1;Nord\n200000002;CTG1;Autre nom\n");
    build_groupings(cog, csv, t);
    REQUIRE(t.ctgs.size() == 2);
    CHECK(t.ctgs[0].code == "200000003");
    CHECK(t.ctgs[1].code == "CTG1");
    CHECK(t.ctgs[1].name == "Nord");
    CHECK(t.ctgs[1].population == 150);
    CHECK(t.diagnostics.count("ctg_name_conflict") == 1);
}
