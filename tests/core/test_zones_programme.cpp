// Agreed intervention zones (coverage rules zones, zones+distance) and the TECS programme per
// CTG and year (ctg_indicators_by_year), on a hand-made territory whose figures are computed
// by hand below: four 10 km squares in a row, A B | C D, two CTGs (one per EPCI).

#include "analysis/analysis.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "run_info.hpp"
#include "study.hpp"
#include "zones.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace tecsmap;
using test::square;

namespace {

const std::vector<test::CommuneSpec>& row_of_four() {
    static const std::vector<test::CommuneSpec> spec = {
        {"99001", square(0, 0, 10000), 1000, "200000001"},
        {"99002", square(10000, 0, 10000), 2000, "200000001"},
        {"99003", square(20000, 0, 10000), 3000, "200000002"},
        {"99004", square(30000, 0, 10000), 4000, "200000002"}};
    return spec;
}

// Area of the disc polygon GEOS builds (32 segments per quadrant, inscribed): n/2 sin(2 pi/n) r^2.
double disc_area(double r) {
    return 64 * std::sin(2 * M_PI / 128) * r * r;
}

Structure structure(const Territory& t, std::string name, StructureType type, XY xy,
                    std::vector<std::string> zone = {}) {
    Structure s;
    s.name = std::move(name);
    s.type = type;
    s.place = test::placed(t, xy);
    s.zone_insee = std::move(zone);
    return s;
}

// CS Alpha in A with the zone A+B; EVS Beta in D without zone; an « autre » lieu in C with the
// zone C (it does not cover: only CS and EVS do by default).
StudyInputs inputs(const Territory& t, const std::optional<LayerSource>& zones_layer = {}) {
    StudyInputs in;
    in.structures.push_back(
        structure(t, "CS Alpha", StructureType::CS, {5000, 5000}, {"99001", "99002"}));
    in.structures.push_back(structure(t, "EVS Beta", StructureType::EVS, {35000, 5000}));
    in.structures.push_back(
        structure(t, "Lieu Gamma", StructureType::Other, {25000, 5000}, {"99003"}));
    in.zones = build_zones(in.structures, zones_layer, t, in.rejects, in.diagnostics);
    in.has_zones = !in.zones.empty();
    return in;
}

Territory four() {
    return test::make_territory(row_of_four());
}

AnalysisParameters radius_3km(std::optional<CoverageRule> rule = {}) {
    AnalysisParameters p;
    p.set(ParameterId::CoverageRadiusKm, 3, ParameterOrigin::command_line("--radius-km"));
    if (rule)
        p.set_coverage_rule(*rule, ParameterOrigin::command_line("--coverage"));
    return p;
}

std::size_t ignored_extension_notes(const AnalysisResult& r) {
    std::size_t n = 0;
    for (const Diagnostic& d : r.diagnostics.items())
        n += d.code == "scenario_extend_ignored";
    return n;
}

std::vector<double> uncovered(const StudyRun& run) {
    std::vector<double> v;
    for (const CommuneFigures& f : run.result->communes)
        v.push_back(f.pop_uncovered);
    return v;
}

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("zones: a zone_insee list is the union of its communes", "[zones]") {
    const Territory t = test::make_territory(row_of_four());
    const StudyInputs in = inputs(t);
    REQUIRE(in.zones.size() == 2); // Alpha and Gamma; Beta has none
    CHECK(in.zones[0].structure == 0);
    CHECK(in.zones[1].structure == 2);
    CHECK(geos::area(in.zones[0].geometry.get()) == Approx(200e6));
    CHECK(in.zones[0].communes.size() == 2);
    CHECK(in.zone_of(1) == nullptr);
    CHECK(in.zone_of(2) == &in.zones[1]);
}

TEST_CASE("zones: coverage rule « zones » counts only the zones of covering structures",
          "[zones][coverage]") {
    const Territory t = test::make_territory(row_of_four());
    const StudyRun run = test::make_run(four(), inputs(t), radius_3km(CoverageRule::Zones));
    CHECK(run.result->coverage_rule == CoverageRule::Zones);
    // A and B inside Alpha's zone; C only in the zone of an « autre » lieu; D: Beta has no zone.
    const std::vector<double> u = uncovered(run);
    CHECK(u[0] == Approx(0).margin(1e-6));
    CHECK(u[1] == Approx(0).margin(1e-6));
    CHECK(u[2] == Approx(3000));
    CHECK(u[3] == Approx(4000));
    CHECK(run.result->diagnostics.count("structures_without_zone") == 1);
    const CtgIndicators& ab = run.result->ctgs[t.ctg_index("200000001")];
    CHECK(ab.pop_uncovered == Approx(0).margin(1e-6));
    CHECK(ab.n_structures_with_zone == 1);
    const CtgIndicators& cd = run.result->ctgs[t.ctg_index("200000002")];
    CHECK(cd.pop_uncovered == Approx(7000));
    CHECK(cd.uncovered_share == Approx(1.0));
}

TEST_CASE("zones: « zones+distance » adds the discs and is the default with zones",
          "[zones][coverage]") {
    const Territory t = test::make_territory(row_of_four());
    const double disc_share = disc_area(3000) / 1e8;
    for (const auto& rule : {std::optional<CoverageRule>(CoverageRule::ZonesAndDistance),
                             std::optional<CoverageRule>()}) {
        const StudyRun run = test::make_run(four(), inputs(t), radius_3km(rule));
        CHECK(run.result->coverage_rule == CoverageRule::ZonesAndDistance);
        const std::vector<double> u = uncovered(run);
        CHECK(u[0] == Approx(0).margin(1e-6));
        CHECK(u[1] == Approx(0).margin(1e-6));
        CHECK(u[2] == Approx(3000));
        CHECK(u[3] == Approx(4000 * (1 - disc_share)).epsilon(1e-6));
        CHECK(run.result->diagnostics.count("structures_without_zone") == 0);
    }
}

TEST_CASE("zones: the « distance » rule ignores the zones and says so", "[zones][coverage]") {
    const Territory t = test::make_territory(row_of_four());
    const double disc_share = disc_area(3000) / 1e8;
    const StudyRun run = test::make_run(four(), inputs(t), radius_3km(CoverageRule::Distance));
    const std::vector<double> u = uncovered(run);
    CHECK(u[0] == Approx(1000 * (1 - disc_share)).epsilon(1e-6));
    CHECK(u[1] == Approx(2000));
    CHECK(u[2] == Approx(3000));
    CHECK(u[3] == Approx(4000 * (1 - disc_share)).epsilon(1e-6));
    CHECK(run.result->diagnostics.count("zones_ignored") == 1);
}

TEST_CASE("zones: without any zone the default rule is distance and « zones » covers nobody",
          "[zones][coverage]") {
    const Territory t = test::make_territory(row_of_four());
    auto without_zones = [&] {
        StudyInputs in;
        in.structures.push_back(structure(t, "CS Alpha", StructureType::CS, {5000, 5000}));
        return in;
    };
    const StudyRun by_default = test::make_run(four(), without_zones(), radius_3km());
    CHECK(by_default.result->coverage_rule == CoverageRule::Distance);
    const StudyRun zones_only =
        test::make_run(four(), without_zones(), radius_3km(CoverageRule::Zones));
    CHECK(zones_only.result->diagnostics.count("no_zones") == 1);
    double total = 0;
    for (double v : uncovered(zones_only))
        total += v;
    CHECK(total == Approx(10000));
}

TEST_CASE(
    "zones: a polygon layer keyed by structure adds to the zone and unknown keys are rejected",
    "[zones][coverage]") {
    const Territory t = test::make_territory(row_of_four());
    // The west half of C for CS Alpha (by name, other case and articles), and a zone of a
    // structure the register does not have.
    const std::string path = test::write_file(
        "zones.geojson",
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},
"features":[
{"type":"Feature","properties":{"structure":"cs alpha"},"geometry":{"type":"Polygon","coordinates":[[[20000,0],[25000,0],[25000,10000],[20000,10000],[20000,0]]]}},
{"type":"Feature","properties":{"structure":"Centre inconnu"},"geometry":{"type":"Polygon","coordinates":[[[30000,0],[40000,0],[40000,10000],[30000,10000],[30000,0]]]}}
]})");
    LayerSource layer;
    layer.path = path;
    StudyInputs in = inputs(t, layer);
    REQUIRE(in.zones.size() == 2);
    CHECK(in.zones[0].from_layer);
    CHECK(geos::area(in.zones[0].geometry.get()) == Approx(250e6));
    REQUIRE(in.rejects.size() == 1);
    CHECK(in.rejects[0].layer == "zones");
    CHECK_THAT(in.rejects[0].reason,
               Catch::Contains("Centre inconnu") && Catch::Contains("introuvable"));

    const StudyRun run = test::make_run(four(), std::move(in), radius_3km(CoverageRule::Zones));
    const std::vector<double> u = uncovered(run);
    CHECK(u[1] == Approx(0).margin(1e-6));
    CHECK(u[2] == Approx(1500).epsilon(1e-9)); // half of C
    CHECK(u[3] == Approx(4000));               // the unknown structure's zone counts for nobody

    // The structure_zones layer: one polygon per structure with a zone, its name and type.
    write_geopackage("zones.gpkg", run, test::bundled_style(),
                     describe_run(run, test::make_cog(row_of_four())));
    gdal::DatasetPtr ds(GDALDataset::Open("zones.gpkg", GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* z = ds->GetLayerByName("structure_zones");
    REQUIRE(z);
    CHECK(z->GetFeatureCount() == 2);
    CHECK(wkbFlatten(z->GetGeomType()) == wkbMultiPolygon);
    z->ResetReading();
    gdal::FeaturePtr f(z->GetNextFeature());
    REQUIRE(f);
    CHECK(std::string(f->GetFieldAsString("name")) == "CS Alpha");
    CHECK(std::string(f->GetFieldAsString("type")) == "CS");
    CHECK(f->GetGeometryRef()->toMultiPolygon()->get_Area() == Approx(250e6));
}

TEST_CASE("zones: a layer without a column naming the structure is a clear error", "[zones]") {
    const Territory t = test::make_territory(row_of_four());
    const std::string path = test::write_file(
        "zones-sans-cle.geojson",
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},
"features":[{"type":"Feature","properties":{"surface":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})");
    LayerSource layer;
    layer.path = path;
    try {
        inputs(t, layer);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK_THAT(std::string(e.what()),
                   Catch::Contains("zones-sans-cle.geojson") && Catch::Contains("structure"));
    }
}

// The programme per year: a register with one column per attribute and year, read through
// the point reader, and initiatives with their year.
TEST_CASE("zones: suggestions count the zones of the existing structures as covered",
          "[zones][suggest]") {
    // Demand = the squares' centres. « zones »: A and B are in Alpha's zone, Beta has none: the
    // best new site is D (4 000). « zones+distance »: Beta's disc covers D: C (3 000). Distance:
    // Alpha covers A, Beta D: C (3 000) again, but B (2 000) is still uncovered.
    const Territory t = test::make_territory(row_of_four());
    struct Case {
        CoverageRule rule;
        const char* commune;
        double newly;
        double remaining;
        const char* wording;
    };
    for (const Case& c :
         {Case{CoverageRule::Zones, "99004", 4000, 3000, "zone de compétence"},
          Case{CoverageRule::ZonesAndDistance, "99003", 3000, 0, "existante, ou à 3"},
          Case{CoverageRule::Distance, "99003", 3000, 2000, "vol d'oiseau"}}) {
        INFO(to_string(c.rule));
        AnalysisParameters p = radius_3km(c.rule);
        p.set(ParameterId::SuggestNew, 1, ParameterOrigin::command_line("--new"));
        const StudyRun run = test::make_run(four(), inputs(t), p);
        REQUIRE(run.result->suggestions);
        const SuggestionResult& sr = *run.result->suggestions;
        REQUIRE(sr.location.sites.size() == 1);
        const CandidateSite& best = sr.candidates[sr.location.sites[0].candidate];
        CHECK(t.communes[best.commune].insee == c.commune);
        CHECK(sr.location.sites[0].pop_newly_covered == Approx(c.newly));
        CHECK_THAT(sr.rule, Catch::Contains(c.wording));
        // What stays uncovered after the site, by the model's demand points.
        double total = 0;
        for (const test::CommuneSpec& spec : row_of_four())
            total += static_cast<double>(spec.population);
        CHECK(total - sr.location.sites[0].pop_covered_total == Approx(c.remaining));
    }
}

TEST_CASE("zones: a scenario takes a removed structure's zone away and its new site covers by "
          "the radius",
          "[zones][scenario]") {
    const Territory t = test::make_territory(row_of_four());
    const double disc_share = disc_area(3000) / 1e8;
    StudyInputs in = inputs(t);
    in.scenarios.push_back({"Sans Alpha", "", {}, {0}});
    in.scenarios.push_back({"Un EVS à C", "", {{{25000, 5000}, 2, "EVS projeté"}}, {}});
    in.scenarios.push_back({"Rien", "", {}, {}}); // recomputed: the analysis's own figures
    for (CoverageRule rule : {CoverageRule::Zones, CoverageRule::ZonesAndDistance}) {
        INFO(to_string(rule));
        StudyInputs copy = inputs(t);
        copy.scenarios = in.scenarios;
        const StudyRun run = test::make_run(four(), std::move(copy), radius_3km(rule));
        const std::vector<ScenarioOutcome>& out = run.result->scenarios;
        REQUIRE(out.size() == 4);
        for (std::size_t k = 0; k < t.ctgs.size(); ++k)
            CHECK(out[3].ctg_pop_uncovered[k] == Approx(out[0].ctg_pop_uncovered[k]).epsilon(1e-12));
        // The current situation is the analysis's own figures.
        for (std::size_t k = 0; k < t.ctgs.size(); ++k)
            CHECK(out[0].ctg_pop_uncovered[k] == Approx(run.result->ctgs[k].pop_uncovered));
        const double d_uncovered =
            rule == CoverageRule::Zones ? 4000.0 : 4000.0 * (1 - disc_share);
        CHECK(out[0].pop_uncovered == Approx(3000 + d_uncovered));
        // Without Alpha, A and B lose its zone (and its disc): all of A and B uncovered.
        CHECK(out[1].pop_uncovered == Approx(1000 + 2000 + 3000 + d_uncovered));
        // A new site in C covers its 3 km disc, under both rules.
        CHECK(out[2].pop_uncovered == Approx(3000 * (1 - disc_share) + d_uncovered));
    }
}

TEST_CASE("zones: a scenario extends an agreement by communes, under the zone rules only",
          "[zones][scenario]") {
    // Alpha's zone A + B extended to C: C wholly covered under « zones » (only D is left,
    // 4 000) and « zones+distance » (D's part outside Beta's disc). Under « distance » the
    // extension changes nothing, and the analysis says so.
    const Territory t = test::make_territory(row_of_four());
    const double disc_share = disc_area(3000) / 1e8;
    for (CoverageRule rule :
         {CoverageRule::Zones, CoverageRule::ZonesAndDistance, CoverageRule::Distance}) {
        INFO(to_string(rule));
        StudyInputs in = inputs(t);
        ResolvedScenario sc{"Alpha étendu à C", "", {}, {}};
        sc.extend.push_back({0, {t.commune_index("99003")}});
        in.scenarios.push_back(sc);
        const StudyRun run = test::make_run(four(), std::move(in), radius_3km(rule));
        const std::vector<ScenarioOutcome>& out = run.result->scenarios;
        REQUIRE(out.size() == 2);
        const ExtensionCheck check = check_extensions(run.inputs->scenarios[0], *run.inputs,
                                                      run.result->structure_covers, rule);
        if (rule == CoverageRule::Zones)
            CHECK(out[1].pop_uncovered == Approx(4000));
        else if (rule == CoverageRule::ZonesAndDistance)
            CHECK(out[1].pop_uncovered == Approx(4000 * (1 - disc_share)));
        if (rule == CoverageRule::Distance) {
            CHECK(out[1].pop_uncovered == Approx(out[0].pop_uncovered));
            CHECK(out[1].zone_communes_added == 0);
            REQUIRE(check.notes.size() == 1);
            CHECK_THAT(check.notes[0], Catch::Contains("sans effet") &&
                                           Catch::Contains("distance"));
        } else {
            CHECK(out[1].zone_communes_added == 1);
            CHECK(check.effective == 1);
            CHECK(check.notes.empty());
        }
        // The analysis says it under the rule it ran with (here a command-line one).
        CHECK(ignored_extension_notes(*run.result) == (rule == CoverageRule::Distance ? 1 : 0));
    }
}

TEST_CASE("zones: the note on an ignored extension follows a rule changed in the map view",
          "[zones][scenario][reanalyse]") {
    // The study asks for « zones »; the map view switches to « distance » and back. The note
    // comes and goes with the rule, from inputs read once; a change that keeps the coverage
    // (the clustering radius) keeps it.
    const Territory t = test::make_territory(row_of_four());
    StudyInputs in = inputs(t);
    ResolvedScenario sc{"Alpha étendu à C", "", {}, {}};
    sc.extend.push_back({0, {t.commune_index("99003")}});
    in.scenarios.push_back(sc);
    const AnalysisParameters zones = radius_3km(CoverageRule::Zones);
    const StudyRun run = test::make_run(four(), std::move(in), zones);
    REQUIRE(ignored_extension_notes(*run.result) == 0);
    AnalysisParameters distance = radius_3km(CoverageRule::Distance);
    const AnalysisResult by_distance =
        reanalyse(*run.territory, *run.inputs, distance, *run.result, zones);
    CHECK(ignored_extension_notes(by_distance) == 1);
    AnalysisParameters eps = distance;
    eps.set(ParameterId::ClusterEpsKm, 3, ParameterOrigin::map_view("test"));
    CHECK(ignored_extension_notes(
              reanalyse(*run.territory, *run.inputs, eps, by_distance, distance)) == 1);
    CHECK(ignored_extension_notes(
              reanalyse(*run.territory, *run.inputs, zones, by_distance, distance)) == 0);
}

TEST_CASE("zones: extensions that add nothing are counted as such and said",
          "[zones][scenario]") {
    // Alpha covers (zone A + B), Gamma does not (« autre »). In one scenario: B again for
    // Alpha (already in its zone), C twice for Alpha in two entries (one commune), D for Gamma
    // (does not cover); in another, Alpha removed and extended.
    const Territory t = test::make_territory(row_of_four());
    const StudyInputs in = inputs(t);
    const std::vector<bool> covers = covering_structures(in.structures, radius_3km());
    const std::size_t B = t.commune_index("99002"), C = t.commune_index("99003"),
                      D = t.commune_index("99004");
    ResolvedScenario mixed{"Mélange", "", {}, {}};
    mixed.extend = {{0, {B, C}}, {0, {C}}, {2, {D}}};
    const ExtensionCheck m = check_extensions(mixed, in, covers, CoverageRule::Zones);
    CHECK(m.effective == 1); // C, once
    REQUIRE(m.notes.size() == 2);
    CHECK_THAT(m.notes[0], Catch::Contains("1 commune(s) déjà dans la zone de « CS Alpha »"));
    CHECK_THAT(m.notes[1], Catch::Contains("Lieu Gamma") && Catch::Contains("ne couvre pas"));
    ResolvedScenario removed{"Retirée", "", {}, {0}};
    removed.extend = {{0, {C}}};
    const ExtensionCheck r = check_extensions(removed, in, covers, CoverageRule::ZonesAndDistance);
    CHECK(r.effective == 0);
    REQUIRE(r.notes.size() == 1);
    CHECK_THAT(r.notes[0], Catch::Contains("retirée par le même scénario"));
}

TEST_CASE("zones: extend in a [[scenario]] is read, resolved, written back, and checked",
          "[zones][scenario][study]") {
    const std::string toml = R"([[scenario]]
name = "Agrément étendu"
extend = [{ structure = "cs alpha", communes = ["99003", "99004"] }]
)";
    const Study s = parse_study(toml, "/tmp/etude.toml");
    REQUIRE(s.scenarios.size() == 1);
    REQUIRE(s.scenarios[0].extend.size() == 1);
    CHECK(s.scenarios[0].extend[0].structure == "cs alpha");
    CHECK(s.scenarios[0].extend[0].communes == std::vector<std::string>{"99003", "99004"});
    CHECK(parse_study(study_to_toml(s, "/tmp"), "/tmp/etude.toml").scenarios == s.scenarios);

    const Territory t = test::make_territory(row_of_four());
    const StudyInputs in = inputs(t);
    const auto resolved = resolve_scenarios(s, t, in.structures);
    REQUIRE(resolved.size() == 1);
    REQUIRE(resolved[0].extend.size() == 1);
    CHECK(resolved[0].extend[0].structure == 0); // « cs alpha »: case ignored
    CHECK(resolved[0].extend[0].communes ==
          std::vector<std::size_t>{t.commune_index("99003"), t.commune_index("99004")});

    // A commune outside the territory, a structure that does not exist, a malformed list.
    CHECK_THROWS_WITH(resolve_scenarios(parse_study(R"([[scenario]]
name = "x"
extend = [{ structure = "CS Alpha", communes = ["26113"] }]
)", "/tmp/etude.toml"),
                                        t, in.structures),
                      Catch::Contains("26113") && Catch::Contains("absente du territoire"));
    CHECK_THROWS_WITH(resolve_scenarios(parse_study(R"([[scenario]]
name = "x"
extend = [{ structure = "CS Omega", communes = ["99003"] }]
)", "/tmp/etude.toml"),
                                        t, in.structures),
                      Catch::Contains("CS Omega") && Catch::Contains("introuvable"));
    // An old INSEE code (a commune merged into a commune nouvelle) is today's commune.
    Cog cog = test::make_cog(row_of_four());
    cog.add_old_code("99009", "99003");
    const auto by_old = resolve_scenarios(parse_study(R"([[scenario]]
name = "x"
add = [{ commune = "99009" }]
extend = [{ structure = "CS Alpha", communes = ["99009"] }]
)", "/tmp/etude.toml"),
                                          t, in.structures, &cog);
    REQUIRE(by_old.size() == 1);
    CHECK(by_old[0].add.at(0).commune == t.commune_index("99003"));
    CHECK(by_old[0].extend.at(0).communes == std::vector<std::size_t>{t.commune_index("99003")});
    // A site the scenario adds has no zone to extend yet: said so.
    CHECK_THROWS_WITH(resolve_scenarios(parse_study(R"([[scenario]]
name = "x"
add = [{ commune = "99001", name = "EVS projeté" }]
extend = [{ structure = "EVS projeté", communes = ["99003"] }]
)", "/tmp/etude.toml"),
                                        t, in.structures),
                      Catch::Contains("site ajouté par le scénario"));
    CHECK_THROWS_WITH(parse_study(R"([[scenario]]
name = "x"
extend = [{ structure = "CS Alpha" }]
)", "/tmp/etude.toml"),
                      Catch::Contains("ligne 3") || Catch::Contains("extension de zone"));
}

TEST_CASE("ctg_indicators_by_year: hand-computed values with exactly the contract fields",
          "[programme][gpkg]") {
    const auto spec = row_of_four();
    const Territory t = test::make_territory(spec);
    const Cog cog = test::make_cog(spec);
    const std::string structures = test::write_file(
        "structures-tecs.csv",
        "nom;type;x;y;Bonus interne 2021;Bonus externe 2021;Bonus transversale 2021;"
        "Ambassadeur 2021;Bonus interne 2022;Bonus externe 2022;Bonus transversale 2022;"
        "Ambassadeur 2022;zone_insee\n"
        "CS Alpha;Centre social;5000;5000;oui;non;oui;oui;oui;oui;non;non;\"99001;99002\"\n"
        "EVS Beta;espace de vie sociale;15000;5000;non;oui;oui;non;oui;;oui;oui;\n"
        "Lieu Gamma;MJC;25000;5000;oui;oui;oui;oui;;;;;\n"
        "CS Delta;CS;35000;5000;;;;;oui;non;non;8 h;\n");
    const std::string initiatives =
        test::write_file("initiatives-tecs.csv", "titre;année;x;y\n"
                                                 "a1;2021;1000;1000\n"
                                                 "a2;2021;2000;1000\n"
                                                 "a3;2021;3000;1000\n"
                                                 "c1;2021;21000;1000\n"
                                                 "a4;2022;4000;1000\n"
                                                 "b1;2022;11000;1000\n"
                                                 "d1;2022;31000;1000\n"
                                                 "d2;2022;32000;1000\n"
                                                 "hors;2022;-5000;1000\n"
                                                 "sans année;;5000;1000\n");
    LayerSource s, i;
    s.path = structures;
    s.crs = "EPSG:2154";
    i.path = initiatives;
    i.crs = "EPSG:2154";
    StudyInputs in;
    in.structures = read_structures(s, t, cog, in.rejects, in.diagnostics);
    in.initiatives = read_initiatives(i, t, cog, in.rejects, in.diagnostics);
    REQUIRE(in.structures.size() == 4);
    REQUIRE(in.initiatives.size() == 10);
    CHECK(in.structures[0].zone_insee == std::vector<std::string>{"99001", "99002"});
    CHECK(in.structures[2].type == StructureType::Other);
    // « 8 h » in an ambassador column says yes, with its hours.
    CHECK(in.structures[3].programme.of_year(2022).ambassador == true);
    CHECK(in.structures[3].programme.of_year(2022).ambassador_hours == 8.0);

    const StudyRun run = test::make_run(four(), std::move(in));
    const std::vector<CtgYear>& y = run.result->ctg_years;
    REQUIRE(y.size() == 4); // 2 CTGs × 2021..2022
    auto at = [&](const std::string& ctg, int year) -> const CtgYear& {
        for (const CtgYear& c : y)
            if (t.ctgs[c.ctg].code == ctg && c.year == year)
                return c;
        FAIL("no row " << ctg << " " << year);
        return y.front();
    };
    // CTG A+B: Alpha and Beta.
    const CtgYear& ab21 = at("200000001", 2021);
    CHECK(ab21.initiatives == 3);
    CHECK_FALSE(ab21.initiatives_change);
    CHECK(ab21.bonus_interne == 1);
    CHECK(ab21.bonus_externe == 1);
    CHECK(ab21.bonus_transversale == 2);
    CHECK(ab21.ambassadors == 1);
    const CtgYear& ab22 = at("200000001", 2022);
    CHECK(ab22.initiatives == 2);
    CHECK(ab22.initiatives_change == -1);
    CHECK(ab22.bonus_interne == 2);
    CHECK(ab22.bonus_externe == 1);
    CHECK(ab22.bonus_transversale == 1);
    CHECK(ab22.ambassadors == 1);
    // CTG C+D: Gamma (an « autre » lieu counts for the programme) and Delta.
    const CtgYear& cd21 = at("200000002", 2021);
    CHECK(cd21.initiatives == 1);
    CHECK(cd21.bonus_interne == 1);
    CHECK(cd21.bonus_externe == 1);
    CHECK(cd21.bonus_transversale == 1);
    CHECK(cd21.ambassadors == 1);
    const CtgYear& cd22 = at("200000002", 2022);
    CHECK(cd22.initiatives == 2); // the initiative outside the territory is counted nowhere
    CHECK(cd22.initiatives_change == 1);
    CHECK(cd22.bonus_interne == 1);
    CHECK(cd22.bonus_externe == 0);
    CHECK(cd22.bonus_transversale == 0);
    CHECK(cd22.ambassadors == 1);

    // GeoPackage table and French CSV: exactly the contract's fields, in order.
    const std::vector<std::string> contract = {
        "ctg_code",      "year",          "initiatives",        "initiatives_change",
        "bonus_interne", "bonus_externe", "bonus_transversale", "ambassadors"};
    write_geopackage("tecs.gpkg", run, test::bundled_style(), describe_run(run, cog));
    gdal::DatasetPtr ds(GDALDataset::Open("tecs.gpkg", GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayerByName("ctg_indicators_by_year");
    REQUIRE(l);
    OGRFeatureDefn* d = l->GetLayerDefn();
    REQUIRE(d->GetFieldCount() == static_cast<int>(contract.size()));
    for (int k = 0; k < d->GetFieldCount(); ++k)
        CHECK(std::string(d->GetFieldDefn(k)->GetNameRef()) == contract[k]);
    CHECK(l->GetFeatureCount() == 4);

    write_indicators_by_year_csv("tecs-ctg_indicators_by_year.csv", run);
    const std::string csv = slurp("tecs-ctg_indicators_by_year.csv");
    CHECK(csv.rfind("\xEF\xBB\xBF"
                    "ctg_code;year;initiatives;initiatives_change;bonus_interne;bonus_externe;"
                    "bonus_transversale;ambassadors\r\n",
                    0) == 0);
    CHECK_THAT(csv, Catch::Contains("\"200000001\";2022;2;-1;2;1;1;1\r\n"));
    CHECK_THAT(csv, Catch::Contains("\"200000002\";2021;1;;1;1;1;1\r\n"));
}
