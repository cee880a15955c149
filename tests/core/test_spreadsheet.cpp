// XLSX and ODS registers read through GDAL as CAFs keep them. The fixtures are real workbooks
// written by openpyxl and odfpy (tests/data/registers/make_fixtures.py).

#include "errors.hpp"
#include "fixtures.hpp"
#include "geocoding/name_normalize.hpp"
#include "registers/cell_values.hpp"
#include "registers/table_cleanup.hpp"
#include "spreadsheet_table.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <cpl_conv.h>

#include <fstream>

using namespace tecsmap;

namespace {
std::string fixture(const std::string& name) {
    return test::test_data_dir() + "/registers/" + name;
}
} // namespace

TEST_CASE("spreadsheets: header forced, text kept, lines, blank and totals rows", "[spreadsheet]") {
    for (const char* file : {"classeur-formes.xlsx", "classeur-formes.ods"}) {
        INFO(file);
        const VectorTable t = read_vector_table(fixture(file), "Structures");
        CHECK(t.is_spreadsheet);
        CHECK(t.layer_name == "Structures");
        // The merged "Adresse" cell over B1:C1 leaves C1 empty: GDAL names it Field3.
        CHECK(t.fields == std::vector<std::string>{"Nom", "Adresse", "Field3", "CP", "Commune",
                                                   "Date d'agrément", "Montant"});
        CHECK(t.diagnostics.count("empty_header_cell") == 1);
        CHECK(t.diagnostics.items().front().message.find("colonne C") != std::string::npos);
        // Blank lines 3 and 6 and the TOTAL line 8 are gone; the others keep their line.
        REQUIRE(t.rows.size() == 4);
        CHECK(t.rows[0].line == 2);
        CHECK(t.rows[1].line == 4);
        CHECK(t.rows[2].line == 5);
        CHECK(t.rows[3].line == 7);
        CHECK(t.location(t.rows[1]) == "ligne 4");
        CHECK(t.diagnostics.count("blank_rows") == 1);
        CHECK(t.diagnostics.count("total_row") == 1);
        // Trailing spaces trimmed, "07800" typed as text keeps its zero, 7800 typed as a
        // number lost it and gets it back through normalize_postcode.
        CHECK(t.rows[0].values[0] == "Centre social La Paz");
        CHECK(t.rows[0].values[4] == "La Voulte-sur-Rhône");
        CHECK(t.rows[0].values[3] == "07800");
        CHECK(t.rows[1].values[3] == "7800");
        CHECK(geocoding::normalize_postcode(t.rows[1].values[3]) == "07800");
        CHECK(geocoding::normalize_postcode(t.rows[3].values[3]) == "26000");
        // Dates: a date cell, a serial typed as a number, French and ISO text.
        CHECK(registers::parse_date(t.rows[0].values[5]) == "2021-03-15");
        CHECK(registers::parse_date(t.rows[1].values[5]) == "2022-01-01");
        CHECK(registers::parse_date(t.rows[2].values[5]) == "2021-03-15");
        CHECK(registers::parse_date(t.rows[3].values[5]) == "2021-03-15");
        CHECK(t.rows[0].values[6] == "1200");
    }
}

TEST_CASE("spreadsheets: sheets by name, first by default, a sum row without a name",
          "[spreadsheet]") {
    for (const char* file : {"classeur-formes.xlsx", "classeur-formes.ods"}) {
        INFO(file);
        CHECK(spreadsheet_sheets(fixture(file)) ==
              std::vector<std::string>{"Notes", "Structures", "Initiatives 2022"});
        // Default: the first sheet, whose only row is the header.
        const VectorTable first = read_vector_table(fixture(file));
        CHECK(first.layer_name == "Notes");
        CHECK(first.rows.empty());
        // Accents and case ignored in the sheet name.
        const VectorTable t = read_vector_table(fixture(file), "initiatives 2022");
        CHECK(t.layer_name == "Initiatives 2022");
        CHECK(t.fields == std::vector<std::string>{"Titre", "Année", "Code INSEE", "Participants"});
        REQUIRE(t.rows.size() == 2); // 42 = 12 + 30 is a sum row
        CHECK(t.rows[1].values[0] == "Jardin partagé");
        CHECK(t.rows[0].values[1] == "2022");
        CHECK(t.diagnostics.count("total_row") == 1);
    }
}

TEST_CASE("spreadsheets: a wrong sheet name lists the sheets", "[spreadsheet][errors]") {
    try {
        read_spreadsheet_table(fixture("classeur-formes.xlsx"), {"Structure"});
        FAIL("no error");
    } catch (const InputError& e) {
        const std::string m = e.what();
        CHECK(m.find("classeur-formes.xlsx") != std::string::npos);
        CHECK(m.find("feuille « Structure » absente") != std::string::npos);
        CHECK(m.find("« Notes », « Structures », « Initiatives 2022 »") != std::string::npos);
    }
    CHECK_THROWS_AS(read_spreadsheet_table(fixture("absent.xlsx")), InputError);
    const std::string broken = test::write_file("casse.xlsx", "PK\x03\x04 pas un classeur");
    CHECK_THROWS_WITH(read_spreadsheet_table(broken),
                      Catch::Contains("ouverture impossible comme classeur"));
}

TEST_CASE("spreadsheets: the configuration is restored after reading", "[spreadsheet]") {
    read_vector_table(fixture("classeur-formes.xlsx"), "Structures");
    CHECK(CPLGetConfigOption("OGR_XLSX_HEADERS", nullptr) == nullptr);
    CHECK(CPLGetConfigOption("OGR_ODS_FIELD_TYPES", nullptr) == nullptr);
    CHECK(column_letter(0) == "A");
    CHECK(column_letter(25) == "Z");
    CHECK(column_letter(26) == "AA");
    CHECK(column_letter(27) == "AB");
}

TEST_CASE("totals rows: labels and sums, only where they are totals", "[spreadsheet]") {
    CHECK(registers::is_total_label("Total", false));
    CHECK(registers::is_total_label("TOTAL :", false));
    CHECK(registers::is_total_label("Total général", false));
    CHECK(registers::is_total_label("Sous-total", false));
    CHECK_FALSE(registers::is_total_label("Total Drôme", false));
    CHECK(registers::is_total_label("Total Drôme", true));
    CHECK_FALSE(registers::is_total_label("Totalement solidaire", true));
    CHECK_FALSE(registers::is_total_label("Centre social", true));
}

TEST_CASE("CSV in Windows-1252 as Excel exports it", "[spreadsheet][csv]") {
    const VectorTable t = read_vector_table(fixture("registre-cp1252.csv"));
    CHECK(t.recoded_from_cp1252);
    REQUIRE(t.rows.size() == 3);
    CHECK(t.fields[0] == "Nom de la structure");
    CHECK(t.rows[0].values[0] == "Centre social Saint-Éloi");
    CHECK(t.rows[1].values[4] == "ÉTOILE-SUR-RHÔNE");
    CHECK(t.location(t.rows[2]) == "ligne 4");
}
