// Registers as CAFs keep them, read through a study (the point readers, not the engine alone):
// XLSX, ODS and CSV registers, the sheet chosen by name, BAN placement, rejects with their
// spreadsheet line, placement statistics, and the bad inputs that must name file and line.

#include "analysis/study_run.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "run_info.hpp"
#include "study_check.hpp"
#include "territory_builder.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace tecsmap;

namespace {

std::string fixture(const std::string& name) {
    return test::test_data_dir() + "/registers/" + name;
}

const Territory& drome() {
    static const Territory t = [] {
        Study s;
        s.departements = {"26"};
        return build_territory(s, Cog::bundled());
    }();
    return t;
}

// line -> method, from the expectations written by make_fixtures.py.
std::map<int, std::string> expected_methods() {
    const VectorTable t = read_vector_table(fixture("registre-structures-drome-attendu.csv"));
    std::map<int, std::string> out;
    for (const SourceRow& r : t.rows)
        out[std::stoi(r.values[0])] = r.values[2];
    return out;
}

LayerSource source(const std::string& path, const std::string& sheet = {}) {
    LayerSource s;
    s.path = path;
    s.sheet = sheet;
    return s;
}

std::set<int> reject_lines(const Rejects& rejects, bool kept) {
    std::set<int> out;
    for (const RejectedRow& r : rejects)
        if (r.kept == kept && r.source.line)
            out.insert(*r.source.line);
    return out;
}

} // namespace

TEST_CASE("register study: an XLSX sheet by name placed by coordinates then BAN then commune",
          "[register][drome]") {
    const std::string study = fixture("etude-registre.toml");
    const StudyCheck check = check_study(study, Cog::bundled());
    INFO(check.diagnostics.items().size() << " diagnostics");
    for (const Diagnostic& d : check.diagnostics.items())
        if (d.severity == Severity::Error)
            FAIL_CHECK(d.message << " " << d.file << " " << d.location);
    REQUIRE(check.can_analyse);
    REQUIRE(check.inputs);
    const StudyInputs& in = *check.inputs;

    // Placement statistics, against the expectations of every line.
    std::map<std::string, std::size_t> by_method;
    std::set<int> unplaced;
    for (const auto& [line, method] : expected_methods()) {
        ++by_method[method];
        if (method == "none")
            unplaced.insert(line);
    }
    const geocoding::PlacementStats& s = in.structures_placement;
    CHECK(s.rows() == 118);
    CHECK(s.count(PlacementMethod::Coordinates) == by_method["coordinates"]);
    CHECK(s.count(PlacementMethod::Address) == by_method["address"]);
    CHECK(s.count(PlacementMethod::Commune) == by_method["commune"]);
    CHECK(unplaced.size() == 4);
    REQUIRE(check.placement.size() == 1);
    CHECK_THAT(check.placement[0],
               Catch::StartsWith("structures : 118 lignes, 15 par coordonnées, 70 par adresse, "
                                 "29 par commune, 4 non placées"));

    // Every unplaced row is a dropped reject carrying its spreadsheet line (header = line 1).
    const std::set<int> dropped = reject_lines(in.rejects, false);
    for (int line : unplaced)
        CHECK(dropped.count(line) == 1);
    for (const RejectedRow& r : in.rejects) {
        CHECK(r.layer == "structures");
        CHECK(r.source.line);
        CHECK_FALSE(r.reason.empty());
    }

    // Output contract: located_by, precision_m, the commune's insee, agreement dates.
    const StudyRun run = run_study(study, Cog::bundled());
    write_geopackage("registre.gpkg", run, test::bundled_style(),
                     describe_run(run, Cog::bundled()));
    gdal::DatasetPtr ds(GDALDataset::Open("registre.gpkg", GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayerByName("structures");
    REQUIRE(l);
    std::map<std::string, int> located;
    l->ResetReading();
    for (auto& f : *l) {
        const std::string by = f->GetFieldAsString("located_by");
        ++located[by];
        CHECK(f->IsFieldSetAndNotNull(f->GetFieldIndex("precision_m")));
        CHECK(std::string(f->GetFieldAsString("insee")).size() == 5);
        CHECK(f->IsFieldSetAndNotNull(f->GetFieldIndex("agreement_start")));
        CHECK(std::string(f->GetFieldAsString("agreement_end")) == "2025-12-31");
        CHECK(f->GetFieldAsInteger("covers") ==
              (std::string(f->GetFieldAsString("type")) == "CS" ||
               std::string(f->GetFieldAsString("type")) == "EVS"));
    }
    CHECK(located.size() == 3);
    CHECK(located["address"] > 50);
    OGRLayer* rejects = ds->GetLayerByName("rejects");
    REQUIRE(rejects);
    CHECK(rejects->GetLayerDefn()
              ->GetFieldDefn(rejects->GetLayerDefn()->GetFieldIndex("line"))
              ->GetType() == OFTInteger);
    // run_info states how the rows were placed.
    OGRLayer* info = ds->GetLayerByName("run_info");
    REQUIRE(info);
    bool placement_stated = false;
    for (auto& f : *info)
        placement_stated |= std::string(f->GetFieldAsString(0)) == "placement.structures";
    CHECK(placement_stated);
}

TEST_CASE("register study: XLSX and ODS in awkward shapes give the same structures",
          "[register][spreadsheet][drome]") {
    for (const std::string file : {"classeur-formes.xlsx", "classeur-formes.ods"}) {
        INFO(file);
        Rejects rejects;
        Diagnostics d;
        const std::vector<Structure> s = read_structures(source(fixture(file), "structures"),
                                                         drome(), Cog::bundled(), rejects, d);
        // Lines 2 and 4 are in Ardèche (07800 La Voulte-sur-Rhône): outside the territory,
        // dropped with their line; lines 5 and 7 are placed on Valence; blank lines 3 and 6 and
        // the totals row 8 are neither structures nor rejects.
        REQUIRE(s.size() == 2);
        CHECK(*s[0].source.line == 5);
        CHECK(*s[1].source.line == 7);
        for (const Structure& x : s) {
            CHECK(x.place.method == PlacementMethod::Commune);
            CHECK(commune_code(drome(), x.place) == "26362");
            CHECK(x.agreement_start == "2021-03-15"); // text, French text and ISO text
            CHECK(x.type == StructureType::Other);    // no type column: « autre », with a warning
        }
        CHECK(reject_lines(rejects, false) == std::set<int>{2, 4});
        CHECK(d.count("no_type_column") == 1);
        CHECK(d.count("blank_rows") == 1);
        CHECK(d.count("total_row") == 1);
    }
}

TEST_CASE("register study: a Windows-1252 CSV from Excel placed by BAN address and commune",
          "[register][csv][drome]") {
    const CommuneLocator locator(drome());
    const geocoding::BanIndex ban = geocoding::BanIndex::load(
        fixture("adresses-26-extrait.csv.gz"), drome().crs, [](const std::string& c) {
            return geocoding::CommuneGazetteer::bundled().current_code(c);
        });
    const PlacementTools tools{drome(), locator, Cog::bundled(),
                               geocoding::CommuneGazetteer::bundled(), &ban};
    Rejects rejects;
    Diagnostics d;
    geocoding::PlacementStats stats;
    const std::vector<Structure> s =
        read_structures(source(fixture("registre-cp1252.csv")), tools, rejects, d, &stats);
    REQUIRE(s.size() == 3);
    CHECK(d.count("encoding") == 1);
    CHECK(s[0].name == "Centre social Saint-Éloi");
    CHECK(s[0].type == StructureType::CS);
    CHECK(s[0].place.method == PlacementMethod::Address); // 5 rue des Écoles, Valence
    CHECK(commune_code(drome(), s[0].place) == "26362");
    CHECK(s[1].type == StructureType::EVS);
    CHECK(s[1].place.method == PlacementMethod::Commune); // ÉTOILE-SUR-RHÔNE, no address
    CHECK(commune_code(drome(), s[1].place) == "26124");
    CHECK(s[2].place.method == PlacementMethod::Commune);
    CHECK(commune_code(drome(), s[2].place) == "26198");
    CHECK(stats.count(PlacementMethod::Address) == 1);
    CHECK(stats.count(PlacementMethod::Commune) == 2);
}

TEST_CASE("register study: bad inputs name the file and the line and what is wrong",
          "[register][errors][drome]") {
    Rejects rejects;
    Diagnostics d;
    SECTION("a sheet that does not exist lists the sheets") {
        try {
            read_structures(source(fixture("classeur-formes.xlsx"), "Registre"), drome(),
                            Cog::bundled(), rejects, d);
            FAIL("no error");
        } catch (const InputError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains("classeur-formes.xlsx") &&
                                                  Catch::Contains("Registre") &&
                                                  Catch::Contains("« Structures »"));
        }
    }
    SECTION("a columns key that names no role") {
        LayerSource l = source(fixture("registre-cp1252.csv"));
        l.columns = {{"raison_sociale", "Nom de la structure"}};
        try {
            read_structures(l, drome(), Cog::bundled(), rejects, d);
            FAIL("no error");
        } catch (const InputError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains("registre-cp1252.csv") &&
                                                  Catch::Contains("raison_sociale") &&
                                                  Catch::Contains("clés possibles"));
        }
    }
    SECTION("a column mapping naming a column the file does not have") {
        LayerSource l = source(fixture("registre-cp1252.csv"));
        l.columns = {{"postcode", "CP"}};
        try {
            read_structures(l, drome(), Cog::bundled(), rejects, d);
            FAIL("no error");
        } catch (const InputError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains("registre-cp1252.csv") &&
                                                  Catch::Contains("CP") &&
                                                  Catch::Contains("colonnes lues"));
        }
    }
    SECTION("bad INSEE codes: a row rejected with its line, a zone code warned with its line") {
        const std::string path =
            test::write_file("registre-codes.csv", "nom;type;code_insee;zone_insee\n"
                                                   "CS Bon;CS;26362;26362\n"
                                                   "CS Faux;CS;26999;\n"
                                                   "EVS Zone;EVS;26198;\"26198;2619X;26999\"\n");
        const std::vector<Structure> s =
            read_structures(source(path), drome(), Cog::bundled(), rejects, d);
        REQUIRE(s.size() == 2);
        REQUIRE(reject_lines(rejects, false) == std::set<int>{3});
        for (const RejectedRow& r : rejects)
            if (!r.kept)
                CHECK_THAT(r.reason, Catch::Contains("26999"));
        CHECK(s[1].zone_insee == std::vector<std::string>{"26198"});
        int zone_warnings = 0;
        for (const Diagnostic& x : d.items())
            if (x.code == "bad_value" && x.message.find("zone_insee") != std::string::npos) {
                ++zone_warnings;
                CHECK(x.file == path);
                CHECK(x.location == "ligne 4");
            }
        CHECK(zone_warnings == 2); // 2619X is not a code, 26999 is unknown
    }
}

TEST_CASE("the template register reads without a warning with one row per placing method",
          "[register][template][drome]") {
    // The CSV and the workbook made from it (data/modeles/make_modeles.py) read the same.
    for (const std::string name : {"registre-structures.csv", "registre-structures.xlsx"}) {
        INFO(name);
        Rejects rejects;
        Diagnostics d;
        const std::vector<Structure> s =
            read_structures(source(test::source_data_dir() + "/../modeles/" + name), drome(),
                            Cog::bundled(), rejects, d);
        for (const Diagnostic& x : d.items())
            if (x.severity != Severity::Info)
                FAIL_CHECK(x.code << " : " << x.message << " " << x.location);
        REQUIRE(s.size() == 4);
        CHECK(s[0].place.method == PlacementMethod::Coordinates);
        CHECK(commune_code(drome(), s[0].place) == "26362");
        CHECK(s[0].type == StructureType::CS);
        CHECK(s[0].agreement_start == "2022-01-01");
        CHECK(s[0].programme.of_year(2022).ambassador_hours == 8.0);
        CHECK(s[1].type == StructureType::EVS);
        CHECK(s[1].place.method == PlacementMethod::Commune); // no BAN in this test: its commune
        CHECK(commune_code(drome(), s[1].place) == "26198");
        CHECK(commune_code(drome(), s[2].place) == "26113"); // postcode and commune
        CHECK(s[2].zone_insee.size() == 6);
        CHECK(commune_code(drome(), s[3].place) == "26220"); // INSEE code alone
        for (const Structure& x : s)
            CHECK(x.illustrative); // demonstration rows, labelled as such
        CHECK(reject_lines(rejects, false).empty());
    }
}
