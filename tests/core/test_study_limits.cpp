// Parser limits of the study file (issue 16): nesting bounded before parsing, département
// lists checked with the study's file and line.
#include "errors.hpp"
#include "study.hpp"
#include "toml_limits.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;

namespace {

std::string repeat(const std::string& s, int n, const std::string& sep = "") {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += (i ? sep : "") + s;
    return out;
}

bool is_nesting_error(const std::string& text, int max_depth = kMaxTomlNesting) {
    try {
        check_toml_nesting(text, "n.toml", max_depth);
        return false;
    } catch (const StudyError&) {
        return true;
    }
}

} // namespace

TEST_CASE("deeply nested TOML is refused before parsing, with the file and line", "[study]") {
    const std::string head = "[territory]\ndepartement = \"26\"\n";
    SECTION("a table header 50,000 levels deep") {
        CHECK_THROWS_WITH(
            parse_study(head + std::string("[") + repeat("a", 50000, ".") + "]\n", "/e/s.toml"),
            Catch::Contains("/e/s.toml, ligne 3") && Catch::Contains("imbrication trop profonde"));
    }
    SECTION("an array of tables, a dotted key, inline tables, arrays") {
        CHECK_THROWS_AS(parse_study(std::string("[[") + repeat("b", 40000, ".") + "]]\n", "s.toml"),
                        StudyError);
        CHECK_THROWS_WITH(
            parse_study(head + std::string("x") + repeat(".x", 40000) + " = 1\n", "s.toml"),
            Catch::Contains("ligne 3"));
        CHECK_THROWS_AS(parse_study(std::string("a = ") + repeat("{ b = ", 20000) +
                                        std::string("1") + repeat(" }", 20000),
                                    "s.toml"),
                        StudyError);
        CHECK_THROWS_AS(
            parse_study(std::string("a = ") + repeat("[", 100000) + repeat("]", 100000), "s.toml"),
            StudyError);
        CHECK_THROWS_AS(parse_study(std::string("a = [") + repeat("{ b = [", 5000) +
                                        std::string("1") + repeat("] }", 5000) + "]",
                                    "s.toml"),
                        StudyError);
    }
    SECTION("spread over lines: the line of the level that goes too deep") {
        std::string text = "a = [\n";
        for (int i = 0; i < 40; ++i)
            text += "[\n";
        // Line 1 opens level 2 (the value of a is level 1), line k level k + 1.
        CHECK_THROWS_WITH(parse_study(text, "s.toml"), Catch::Contains("ligne 32"));
    }
}

TEST_CASE("nesting is counted outside strings and comments, up to the documented bound",
          "[study]") {
    // Depth: a table header counts its segments, a key adds its segments to its table's,
    // arrays and inline tables one level each.
    CHECK_FALSE(is_nesting_error("[a.b]\nc.d = [[1]]\n", 6));
    CHECK(is_nesting_error("[a.b]\nc.d = [[1]]\n", 5));
    CHECK_FALSE(is_nesting_error("a = { b = { c = 1 } }\n", 3));
    CHECK(is_nesting_error("a = { b = { c = 1 } }\n", 2));
    CHECK_FALSE(is_nesting_error(std::string("[") + repeat("a", kMaxTomlNesting, ".") + "]\n"));
    CHECK(is_nesting_error(std::string("[") + repeat("a", kMaxTomlNesting + 1, ".") + "]\n"));
    CHECK_FALSE(is_nesting_error(std::string("[\"") + repeat("a", 100, ".") + "\"]\n"));
    // Dots, brackets and braces inside strings and comments are text.
    std::string text = "[study]\ntitle = \"[";
    text += repeat("a", 500, ".") + "]{{{[[[\" # [" + repeat("b", 500, ".") + "]\n";
    text += "note = '''\n" + repeat("[[[{{{", 100) + "\n" + repeat("c", 200, ".") + "\n'''\n";
    text += "# " + repeat("d", 500, ".") + "\n";
    CHECK_FALSE(is_nesting_error(text));
    CHECK_NOTHROW(parse_study(text, "s.toml"));
    // The study's own deepest shape passes.
    CHECK_NOTHROW(parse_study("[layers]\nperimeters = [{ path = \"p.csv\", columns = { kind = "
                              "\"type\" } }]\n",
                              "s.toml"));
}

TEST_CASE("departement: \"*\" stands alone; each bad value names the file and the line",
          "[study]") {
    CHECK_THROWS_WITH(parse_study("[territory]\ndepartement = [\"26\", \"*\"]\n", "/e/s.toml"),
                      Catch::Contains("/e/s.toml, ligne 2") && Catch::Contains("\"*\""));
    CHECK_THROWS_WITH(
        parse_study("[territory]\ndepartement = [\n  \"*\",\n  \"07\"\n]\n", "s.toml"),
        Catch::Contains("s.toml, ligne 3"));
    CHECK_THROWS_WITH(parse_study("[territory]\n\ndepartement = [\"26\", \"99\"]\n", "s.toml"),
                      Catch::Contains("s.toml, ligne 3") && Catch::Contains("« 99 »"));
    CHECK_THROWS_WITH(parse_study("[territory]\ndepartement = \"20\"\n", "s.toml"),
                      Catch::Contains("2A"));
    CHECK_THROWS_WITH(parse_study("[territory]\ndepartement = [\"26\", \"26\"]\n", "s.toml"),
                      Catch::Contains("deux fois"));
    for (const char* bad : {"\"\"", "\"975\"", "\"977\"", "\"96\"", "\"00\"", "\"2C\"", "\"abc\""})
        CHECK_THROWS_AS(
            parse_study(std::string("[territory]\ndepartement = ") + bad + "\n", "s.toml"),
            StudyError);
    const Study s = parse_study(
        "[territory]\ndepartement = [\"2a\", \"7\", \"971\", \"976\", \"95\"]\n", "s.toml");
    CHECK(s.departements == std::vector<std::string>{"2A", "07", "971", "976", "95"});
}
