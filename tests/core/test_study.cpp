#include "errors.hpp"
#include "study.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;

// Every key of the study contract, used by the parsing and the round-trip tests.
static const char* const kFullStudy = R"(
[study]
title = "Étude test"
note = "illustratif"
[territory]
departement = ["26", "07"]
ctg = "ctg.csv"
[layers]
structures = "s.csv"
initiatives = { path = "sub/i.csv", crs = "EPSG:2154", columns = { title = "Intitulé" } }
perimeters = ["p1.csv", "p2.gpkg"]
[analysis]
coverage_radius_km = 12.5
cluster_eps_km = 4
cluster_min_points = 5
)";

TEST_CASE("the study contract keys are read, relative paths resolved", "[study]") {
    const Study s = parse_study(kFullStudy, "/data/etudes/study.toml");
    CHECK(s.departements == std::vector<std::string>{"26", "07"});
    CHECK(s.ctg == "/data/etudes/ctg.csv");
    REQUIRE(s.structures);
    CHECK(s.structures->path == "/data/etudes/s.csv");
    REQUIRE(s.initiatives);
    CHECK(s.initiatives->crs == "EPSG:2154");
    CHECK(s.initiatives->columns.at("title") == "Intitulé");
    CHECK(s.perimeters.size() == 2);
    CHECK(s.parameters.coverage_radius_km() == 12.5);
    CHECK(s.parameters.cluster_eps_km() == 4);
    CHECK(s.parameters.cluster_min_points() == 5);
}

TEST_CASE("an unknown key is an error that names it and its line", "[study]") {
    try {
        parse_study("[territory]\ndepartement = \"26\"\nradius = 3\n", "/x/study.toml");
        FAIL("no error");
    } catch (const StudyError& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Catch::Contains("radius"));
        CHECK_THAT(m, Catch::Contains("ligne 3"));
        CHECK_THAT(m, Catch::Contains("/x/study.toml"));
    }
}

TEST_CASE("wrong types and syntax errors are StudyErrors", "[study]") {
    REQUIRE_THROWS_AS(parse_study("[analysis]\ncoverage_radius_km = \"dix\"\n", "s.toml"),
                      StudyError);
    REQUIRE_THROWS_AS(parse_study("[territory\n", "s.toml"), StudyError);
    REQUIRE_THROWS_AS(parse_study("[territory]\ndepartement = 26\n", "s.toml"), StudyError);
    REQUIRE_THROWS_AS(parse_study("[analysis]\ncluster_min_points = 0\n", "s.toml"), StudyError);
    REQUIRE_THROWS_AS(load_study("/nonexistent/study.toml"), StudyError);
}

TEST_CASE("departement \"*\" means metropolitan France", "[study]") {
    const Study s = parse_study("[territory]\ndepartement = \"*\"\n", "s.toml");
    CHECK(s.territory_label() == "France métropolitaine");
}

TEST_CASE("a saved study reads back the same, with relative paths", "[study]") {
    const Study s = parse_study(kFullStudy, "/data/etudes/study.toml");
    const std::string text = study_to_toml(s, "/data/etudes");
    CHECK_THAT(text, Catch::Contains("structures = 's.csv'") ||
                         Catch::Contains("structures = \"s.csv\""));
    const Study back = parse_study(text, "/data/etudes/copy.toml");
    CHECK(back.title == s.title);
    CHECK(back.note == s.note);
    CHECK(back.departements == s.departements);
    CHECK(back.ctg == s.ctg);
    CHECK(back.structures->path == s.structures->path);
    CHECK(back.initiatives->path == "/data/etudes/sub/i.csv");
    CHECK(back.initiatives->columns == s.initiatives->columns);
    CHECK(back.perimeters.size() == 2);
    CHECK(back.parameters.coverage_radius_km() == 12.5);
    CHECK(back.parameters.cluster_min_points() == 5);
}
