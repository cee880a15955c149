// A re-analysis after a parameter change (reanalyse, used by the map view through rerun_study)
// keeps the stages the change does not affect. Its result must be the full analysis's: the
// GeoPackages of both are compared byte for byte, for each kind of change, on the Drôme
// default study with suggestions and scenarios added.

#include "analysis/analysis.hpp"
#include "analysis/study_run.hpp"
#include "fixtures.hpp"
#include "gpkg_writer.hpp"
#include "run_info.hpp"
#include "study.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace tecsmap;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The Drôme default study, its layers by absolute path, the rule « zones+distance » (no zone
// given: distance decides, with a warning), [suggest] and two scenarios.
std::string drome_with_scenarios(const std::string& name) {
    const std::string data = test::source_data_dir() + "/";
    std::ifstream in(data + "drome.toml");
    std::ostringstream text;
    std::string line;
    while (std::getline(in, line)) {
        for (const std::string file :
             {"drome_structures.csv", "drome_initiatives_illustratives.csv",
              "drome_perimeters.csv", "drome_pat_illustratifs.csv"}) {
            const std::size_t at = line.find("\"" + file + "\"");
            if (at != std::string::npos)
                line.replace(at + 1, file.size(), data + file);
        }
        text << line << "\n";
        // A rule with zones but no zone given: the coverage stage warns (no_zones), so that
        // kept stages must keep their messages.
        if (line == "[analysis]")
            text << "coverage = \"zones+distance\"\n";
    }
    text << "\n[suggest]\nnew = 2\n\n[[scenario]]\nname = \"EVS à Grignan\"\n"
            "add = [{ commune = \"26146\" }]\n\n[[scenario]]\nname = \"Deux sites\"\n"
            "add = [{ commune = \"26113\" }, { commune = \"26198\" }]\n";
    // A file per test case: ctest runs the cases in parallel.
    return test::write_file(name + ".toml", text.str());
}

// The GeoPackage of a result, as bytes (SOURCE_DATE_EPOCH: no clock in the file).
std::string gpkg_of(const StudyRun& base, const AnalysisParameters& p,
                    std::shared_ptr<const AnalysisResult> result, const std::string& name) {
    StudyRun run = base;
    run.parameters = p;
    run.result = std::move(result);
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    write_geopackage(name, run, test::bundled_style(), describe_run(run, Cog::bundled()));
    unsetenv("SOURCE_DATE_EPOCH");
    return slurp(name);
}

// What the GeoPackage does not hold: the messages, in order, and the hot-spot summary.
void require_same_unwritten(const AnalysisResult& a, const AnalysisResult& b) {
    REQUIRE(a.diagnostics.items().size() == b.diagnostics.items().size());
    for (std::size_t k = 0; k < a.diagnostics.items().size(); ++k) {
        const Diagnostic &x = a.diagnostics.items()[k], &y = b.diagnostics.items()[k];
        CHECK(x.severity == y.severity);
        CHECK(x.code == y.code);
        CHECK(x.message == y.message);
        CHECK(x.file == y.file);
        CHECK(x.location == y.location);
    }
    CHECK(a.stage_ends == b.stage_ends);
    CHECK(a.hotspot_method == b.hotspot_method);
    CHECK(a.hotspot_tested == b.hotspot_tested);
    CHECK(a.grid_part_covered == b.grid_part_covered);
    CHECK(a.structure_covers == b.structure_covers);
}

AnalysisParameters with(AnalysisParameters p, ParameterId id, double value) {
    p.set(id, value, ParameterOrigin::map_view("test"));
    return p;
}

} // namespace

TEST_CASE("reanalyse after each kind of parameter change equals the full analysis, byte for byte",
          "[drome][reanalyse]") {
    const StudyRun base = run_study(drome_with_scenarios("reanalyse-changes"), Cog::bundled());
    REQUIRE(base.result->suggestions);
    REQUIRE(base.result->scenarios.size() == 3);
    REQUIRE(base.result->diagnostics.count("no_zones") == 1); // messages must be kept too
    const AnalysisParameters p0 = base.parameters;

    struct Change {
        const char* what;
        AnalysisParameters p;
    };
    AnalysisParameters eb = p0;
    eb.set_hotspot_empirical_bayes(true, ParameterOrigin::map_view("test"));
    AnalysisParameters count = p0;
    count.set_hotspot_variable(HotspotVariable::Count, ParameterOrigin::map_view("test"));
    const std::vector<Change> changes = {
        {"nothing", p0},
        {"radius", with(p0, ParameterId::CoverageRadiusKm, 7)},
        {"eps", with(p0, ParameterId::ClusterEpsKm, 3)},
        {"min points", with(p0, ParameterId::ClusterMinPoints, 4)},
        {"permutations", with(p0, ParameterId::HotspotPermutations, 199)},
        {"seed", with(p0, ParameterId::HotspotSeed, 42)},
        {"variable", count},
        {"empirical Bayes", eb},
        {"suggestions", with(p0, ParameterId::SuggestNew, 3)},
        {"radius and eps", with(with(p0, ParameterId::CoverageRadiusKm, 12),
                                ParameterId::ClusterEpsKm, 2)},
    };
    for (const Change& c : changes) {
        INFO("change: " << c.what);
        const auto full = std::make_shared<const AnalysisResult>(
            analyse(*base.territory, *base.inputs, c.p));
        const auto kept = std::make_shared<const AnalysisResult>(
            reanalyse(*base.territory, *base.inputs, c.p, *base.result, p0));
        require_same_unwritten(*kept, *full);
        CHECK(gpkg_of(base, c.p, kept, "reanalysed.gpkg") == gpkg_of(base, c.p, full, "full.gpkg"));
        // And from a re-analysed result to the next change (the map view chains them).
        const AnalysisParameters next = with(c.p, ParameterId::ClusterMinPoints, 5);
        const auto chained = std::make_shared<const AnalysisResult>(
            reanalyse(*base.territory, *base.inputs, next, *kept, c.p));
        const auto chained_full = std::make_shared<const AnalysisResult>(
            analyse(*base.territory, *base.inputs, next));
        require_same_unwritten(*chained, *chained_full);
        CHECK(gpkg_of(base, next, chained, "chained.gpkg") ==
              gpkg_of(base, next, chained_full, "chained_full.gpkg"));
    }
}

TEST_CASE("parameter groups: together with suggest_new they are equality", "[reanalyse]") {
    const AnalysisParameters p0;
    const std::vector<AnalysisParameters> changed = {
        with(p0, ParameterId::CoverageRadiusKm, 7),   with(p0, ParameterId::CoverageMinutes, 20),
        with(p0, ParameterId::ClusterEpsKm, 3),       with(p0, ParameterId::ClusterMinPoints, 4),
        with(p0, ParameterId::HotspotPermutations, 99), with(p0, ParameterId::HotspotSeed, 7),
        with(p0, ParameterId::SuggestNew, 2),
    };
    for (const AnalysisParameters& p : changed) {
        CHECK_FALSE(p == p0);
        const int same = p.same_coverage(p0) + p.same_clusters(p0) + p.same_hotspots(p0) +
                         (p.suggest_new() == p0.suggest_new());
        CHECK(same == 3); // exactly one group differs
    }
    AnalysisParameters count = p0, eb = p0;
    count.set_hotspot_variable(HotspotVariable::Count, ParameterOrigin::map_view("test"));
    eb.set_hotspot_empirical_bayes(true, ParameterOrigin::map_view("test"));
    for (const AnalysisParameters* p : {&count, &eb}) {
        CHECK_FALSE(*p == p0);
        CHECK_FALSE(p->same_hotspots(p0));
        CHECK(p->same_coverage(p0));
        CHECK(p->same_clusters(p0));
    }
    AnalysisParameters types = p0;
    types.set_coverage_types({StructureType::CS}, ParameterOrigin::map_view("test"));
    CHECK_FALSE(types.same_coverage(p0));
    AnalysisParameters rule = p0;
    rule.set_coverage_rule(CoverageRule::Zones, ParameterOrigin::map_view("test"));
    CHECK_FALSE(rule.same_coverage(p0));
    CHECK(rule.same_clusters(p0));
}

TEST_CASE("rerun_study on the same layers keeps the stages and gives the full analysis",
          "[drome][reanalyse]") {
    const StudyRun base = run_study(drome_with_scenarios("reanalyse-rerun"), Cog::bundled());
    const AnalysisParameters p = with(base.parameters, ParameterId::ClusterEpsKm, 2.5);
    const StudyRun again = rerun_study(base, base.study, p, Cog::bundled());
    CHECK(again.inputs == base.inputs);       // layers not read again
    CHECK(again.result->access == nullptr);
    const auto full =
        std::make_shared<const AnalysisResult>(analyse(*base.territory, *base.inputs, p));
    CHECK(gpkg_of(base, p, again.result, "rerun.gpkg") == gpkg_of(base, p, full, "rerun_full.gpkg"));
}

TEST_CASE("rerun_study reads the layers again when the scenarios or candidate sites change",
          "[drome][reanalyse]") {
    const StudyRun base = run_study(drome_with_scenarios("reanalyse-scenarios"), Cog::bundled());
    REQUIRE(base.inputs->scenarios.size() == 2);

    Study fewer = base.study;
    fewer.scenarios.pop_back();
    const StudyRun one = rerun_study(base, fewer, base.parameters, Cog::bundled());
    CHECK(one.inputs != base.inputs);
    REQUIRE(one.inputs->scenarios.size() == 1);
    CHECK(one.inputs->scenarios.front().name == "EVS à Grignan");
    CHECK(one.result->scenarios.size() == 2); // the current situation, then the scenario

    Study candidates = base.study;
    candidates.suggest_candidates = *base.study.structures; // the structures as candidate sites
    const StudyRun sites = rerun_study(base, candidates, base.parameters, Cog::bundled());
    CHECK(sites.inputs != base.inputs);
    CHECK(sites.inputs->has_candidate_layer);
    CHECK_FALSE(base.inputs->has_candidate_layer);

    // The study's own parameters are not read with the layers (the analysis runs with the
    // parameters it is given, notes on scenario extensions included): nothing is read again.
    Study rule = base.study;
    rule.parameters.set_coverage_rule(CoverageRule::Distance, ParameterOrigin::map_view("test"));
    REQUIRE_FALSE(rule.parameters == base.study.parameters);
    CHECK(rerun_study(base, rule, base.parameters, Cog::bundled()).inputs == base.inputs);

    // The same study again: nothing is read.
    CHECK(rerun_study(base, base.study, base.parameters, Cog::bundled()).inputs == base.inputs);
}
