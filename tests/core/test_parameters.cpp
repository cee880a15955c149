// The parameter type, its ranges and origins, as the study file, the command line and the map
// view give values; and the French number formatting every figure goes through.

#include "analysis/study_run.hpp"
#include "crs.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "format.hpp"
#include "map_style.hpp"
#include "parallel.hpp"
#include "parameters.hpp"
#include "study.hpp"
#include "territory_builder.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

using namespace tecsmap;

namespace {
std::string study_error(const std::string& toml) {
    try {
        parse_study(toml, "/tmp/etude.toml");
    } catch (const StudyError& e) {
        return e.what();
    }
    FAIL("no StudyError for: " << toml);
    return {};
}
} // namespace

TEST_CASE("defaults are the documented values", "[parameters]") {
    const AnalysisParameters p;
    CHECK(p.coverage_radius_km() == 10);
    CHECK(p.cluster_eps_km() == 5);
    CHECK(p.cluster_min_points() == 3);
    CHECK(p.origin(ParameterId::CoverageRadiusKm).kind == ParameterOrigin::Kind::Default);
}

TEST_CASE("bad values in the study file name the file, the line and the range", "[parameters]") {
    const std::string zero = study_error("[analysis]\ncoverage_radius_km = 0\n");
    CHECK_THAT(zero, Catch::Contains("/tmp/etude.toml, ligne 2"));
    CHECK_THAT(zero, Catch::Contains("coverage_radius_km"));
    CHECK_THAT(zero, Catch::Contains("0,1 à 200"));
    CHECK_THAT(study_error("[analysis]\ncoverage_radius_km = -3\n"), Catch::Contains("ligne 2"));
    CHECK_THAT(study_error("\n[analysis]\ncoverage_radius_km = nan\n"),
               Catch::Contains("ligne 3") && Catch::Contains("non finie"));
    CHECK_THAT(study_error("[analysis]\ncluster_eps_km = inf\n"), Catch::Contains("non finie"));
    CHECK_THAT(study_error("[analysis]\ncluster_min_points = 2.5\n"),
               Catch::Contains("pas un nombre entier"));
    CHECK_THAT(study_error("[analysis]\ncluster_min_points = 1e10\n"),
               Catch::Contains("hors de l'intervalle"));
    CHECK_THAT(study_error("[analysis]\ncoverage_radius_km = \"dix\"\n"),
               Catch::Contains("doit être un nombre"));
}

TEST_CASE("a valid study value keeps its origin — 0.3 km stays 0.3 km", "[parameters]") {
    const Study s = parse_study("[analysis]\ncoverage_radius_km = 0.3\ncluster_min_points = 4\n",
                                "/tmp/etude.toml");
    CHECK(s.parameters.coverage_radius_km() == 0.3);
    CHECK(s.parameters.cluster_min_points() == 4);
    CHECK(s.parameters.origin(ParameterId::CoverageRadiusKm).where == "/tmp/etude.toml, ligne 2");
}

TEST_CASE("overrides apply over the study's values and are checked", "[parameters]") {
    AnalysisParameters study;
    study.set(ParameterId::ClusterEpsKm, 7, ParameterOrigin::study("e.toml", 4));
    ParameterOverrides o;
    o.values.push_back(
        {ParameterId::CoverageRadiusKm, 2.5, ParameterOrigin::command_line("--radius-km")});
    const AnalysisParameters p = o.apply(study);
    CHECK(p.coverage_radius_km() == 2.5);
    CHECK(p.cluster_eps_km() == 7);
    CHECK(p.origin(ParameterId::CoverageRadiusKm).kind == ParameterOrigin::Kind::CommandLine);
    o.values.push_back(
        {ParameterId::ClusterMinPoints, 0, ParameterOrigin::command_line("--min-points")});
    try {
        o.apply(study);
        FAIL("accepted min_points 0");
    } catch (const ParameterError& e) {
        CHECK(e.origin().kind == ParameterOrigin::Kind::CommandLine);
        CHECK_THAT(std::string(e.what()), Catch::Contains("option --min-points"));
    }
}

TEST_CASE("every spec's bounds are accepted and just outside is refused", "[parameters]") {
    for (const ParameterSpec& s : parameter_specs()) {
        AnalysisParameters p;
        p.set(s.id, s.min, {});
        CHECK(p.get(s.id) == s.min);
        p.set(s.id, s.max, {});
        CHECK(p.get(s.id) == s.max);
        CHECK_THROWS_AS(p.set(s.id, s.min - (s.whole ? 1 : s.min / 2), {}), ParameterError);
        CHECK_THROWS_AS(p.set(s.id, s.max * 2, {}), ParameterError);
    }
}

TEST_CASE("French numbers: comma, narrow no-break spaces, half away from zero", "[format]") {
    const std::string nb = "\u202F";
    CHECK(fr::km(2.5) == "2,5" + nb + "km");
    CHECK(fr::km(10) == "10" + nb + "km");
    CHECK(fr::km(0.25) == "0,25" + nb + "km");
    CHECK(fr::number(2.675, 2) == "2,68"); // 2.675 is 2.67499… in binary; typed as 2.675
    CHECK(fr::number(2.25, 1) == "2,3");
    CHECK(fr::number(-2.25, 1) == "\u22122,3");
    CHECK(fr::number(-0.01, 1) == "0");
    CHECK(fr::integer(524207) == "524" + nb + "207");
    CHECK(fr::integer(-1500) == "\u22121" + nb + "500");
    CHECK(fr::integer(999) == "999");
    CHECK(fr::fixed(12, 1) == "12,0");
    CHECK(fr::number(1234567.891, 2) == "1" + nb + "234" + nb + "567,89");
    CHECK(fr::percent(0.1234) == "12,3" + nb + "%");
    CHECK(fr::people(1234.5) == "1" + nb + "235");
    CHECK(fr::spreadsheet(1234.5, 1) == "1234,5");
    CHECK(fr::spreadsheet(-0.04, 1) == "0,0");
    CHECK(fr::number(std::nan(""), 2) == "—");
    CHECK(machine::number(10000) == "10000");
    CHECK(machine::number(2.5) == "2.5");
    CHECK(machine::number(0.1) == "0.1");
}

TEST_CASE("overseas départements are not mixed in one metric CRS", "[crs]") {
    CHECK(metric_crs_for({"974"}) == "EPSG:2975");
    CHECK(metric_crs_for({"26", "07"}) == "EPSG:2154");
    CHECK_THROWS_AS(metric_crs_for({"971", "26"}), StudyError);
    CHECK_THROWS_AS(metric_crs_for({"971", "973"}), StudyError);
    CHECK(crs_label("EPSG:2975") == "RGR92 / UTM 40S (EPSG:2975)");
}

TEST_CASE("a CTG table without its columns is an InputError naming them", "[territory]") {
    const std::vector<test::CommuneSpec> spec{{"99001", test::square(0, 0, 1000), 10, "200000001"}};
    Territory t = test::make_territory(spec);
    const std::string csv = test::write_file("ctg_bad.csv", "siren;libelle\n200000001;X\n");
    try {
        build_groupings(test::make_cog(spec), csv, t);
        FAIL("accepted a CTG table without ctg_code");
    } catch (const InputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("epci_siren;ctg_code;ctg_name"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("ctg_bad.csv"));
    }
}

TEST_CASE("a bad colour in a style file names the file and the key", "[styles]") {
    std::string style = "[communes]\nfill = \"#f4f1ea\"\nstroke = \"#b9b3a6\"\n"
                        "[epci]\nstroke = \"#12345\"\n";
    const std::string path = test::write_file("bad_style.toml", style);
    try {
        load_map_style(path);
        FAIL("accepted #12345");
    } catch (const StudyError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("bad_style.toml"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("#12345"));
    }
}

TEST_CASE("an exception inside parallel_for reaches the caller and stops the loop",
          "[parallel]") {
    // Every other index takes a little time, so that finishing the whole loop (seconds) can
    // never win the race against one throw and catch, even under a sanitizer on a loaded
    // machine: a loop that kept handing out work after the throw fails the count below.
    std::atomic<int> calls{0};
    REQUIRE_THROWS_AS(parallel_for(100000,
                                   [&](std::size_t i) {
                                       ++calls;
                                       if (i == 10)
                                           throw GeometryError("boom");
                                       std::this_thread::sleep_for(std::chrono::microseconds(50));
                                   }),
                      GeometryError);
    CHECK(calls < 100000); // the other indexes were not all handed out
}

TEST_CASE("parallel_for rethrows the error of the lowest failing index, as a serial loop would",
          "[parallel]") {
    // Index 3 fails late, index 40 fails at once: another thread reaches 40 while 3 still
    // runs, yet the caller must get the error of index 3.
    for (int round = 0; round < 5; ++round) {
        try {
            parallel_for(64, [](std::size_t i) {
                if (i == 3) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    throw GeometryError("index 3");
                }
                if (i >= 40)
                    throw GeometryError("index " + std::to_string(i));
            });
            FAIL("no exception");
        } catch (const GeometryError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains("index 3"));
        }
    }
}
