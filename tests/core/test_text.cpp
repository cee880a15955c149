#include "text.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;

TEST_CASE("INSEE codes: leading zero restored, Corsica upper-cased, garbage refused", "[text]") {
    CHECK(text::normalize_insee("1001") == "01001");
    CHECK(text::normalize_insee(" 26281 ") == "26281");
    CHECK(text::normalize_insee("26281.0") == "26281");
    CHECK(text::normalize_insee("2a004") == "2A004");
    CHECK(text::normalize_insee("97411") == "97411");
    CHECK_FALSE(text::normalize_insee("Valence"));
    CHECK_FALSE(text::normalize_insee("123"));
    CHECK_FALSE(text::normalize_insee("2C004"));
}

TEST_CASE("numbers as French spreadsheets type them", "[text]") {
    CHECK(text::parse_number("4,5") == 4.5);
    CHECK(text::parse_number("-4.25") == -4.25);
    CHECK(text::parse_number(" 1 234,5 ") == 1234.5);
    CHECK(text::parse_number("1\xC2\xA0"
                             "234") == 1234);
    CHECK_FALSE(text::parse_number(""));
    CHECK_FALSE(text::parse_number("4,5 km"));
    CHECK_FALSE(text::parse_number("nan"));
}

TEST_CASE("column names match with or without accents, case, spaces", "[text]") {
    CHECK(text::normalize_name("Année") == "annee");
    CHECK(text::normalize_name("Code INSEE") == "code_insee");
    CHECK(text::normalize_name("  Thème ") == "theme");
    CHECK(text::normalize_name("code-insee") == "code_insee");
}

TEST_CASE("UTF-8 validation tells Windows-1252 apart", "[text]") {
    CHECK(text::is_valid_utf8("Drôme"));
    CHECK_FALSE(text::is_valid_utf8("Dr\xF4me"));
    CHECK(text::cp1252_to_utf8("Dr\xF4me") == "Drôme");
    CHECK_FALSE(text::is_valid_utf8("\xC3"));
}

TEST_CASE("département of an INSEE code", "[text]") {
    CHECK(text::departement_of("26281") == "26");
    CHECK(text::departement_of("2A004") == "2A");
    CHECK(text::departement_of("97411") == "974");
}
