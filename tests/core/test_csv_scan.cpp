// The CSV reader cannot lose rows silently (issue 16): the byte scan (csv_scan.hpp) and the
// GDAL read behind it (read_vector_table). Expected values are hand-computed; the invariant
// "every record is one row or one reject, at its physical line" is checked on the bad-input
// corpus, the bundled data and seeded generated files whose generator knows every row's line.

#include "csv_scan.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

using namespace tecsmap;

namespace {

csv::Scan scan_text(const std::string& text, char sep = ';', csv::Limits limits = {}) {
    csv::Options o;
    o.keep_fields = true;
    o.limits = limits;
    return csv::scan(text, sep, o);
}

std::vector<int> lines_of(const csv::Scan& s) {
    std::vector<int> out;
    for (const auto& r : s.records)
        out.push_back(r.line);
    return out;
}

std::vector<int> lines_of(const std::vector<RejectedRecord>& v) {
    std::vector<int> out;
    for (const auto& r : v)
        out.push_back(r.line);
    return out;
}

std::vector<int> lines_of(const VectorTable& t) {
    std::vector<int> out;
    for (const auto& r : t.rows)
        out.push_back(r.line);
    return out;
}

const csv::Note* note(const csv::Scan& s, const std::string& code) {
    for (const auto& n : s.notes)
        if (n.code == code)
            return &n;
    return nullptr;
}

// The invariant, against an independent scan: rows and rejects partition the records, in
// order, at the scanner's lines, with the scanner's values (GDAL reads what was scanned).
void check_partition(const std::string& path) {
    INFO(path);
    const VectorTable t = read_vector_table(path);
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    csv::Options o;
    o.keep_fields = true;
    o.windows_1252 = t.recoded_from_cp1252;
    const csv::Scan s = csv::scan(bytes, csv::sniff_separator(bytes), o);
    REQUIRE(s.fatal.empty());
    REQUIRE(t.rows.size() + t.rejected.size() == s.records_found());
    REQUIRE(lines_of(t) == lines_of(s));
    REQUIRE(lines_of(t.rejected) == lines_of(s.rejected));
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        for (std::size_t j = 0; j < t.fields.size(); ++j)
            REQUIRE(t.rows[i].values[j] == (t.recoded_from_cp1252
                                                ? text::cp1252_to_utf8(s.records[i].fields[j])
                                                : s.records[i].fields[j]));
    // Independent of the scanner's rules: in a file without quotes every non-blank physical
    // line after the header is one record, at that line.
    if (bytes.find('"') == std::string::npos && bytes.find('\0') == std::string::npos) {
        std::vector<int> expected;
        int line = 1;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= bytes.size(); ++i) {
            if (i == bytes.size() || bytes[i] == '\n' || bytes[i] == '\r') {
                if (line > 1 && i > start)
                    expected.push_back(line);
                if (i + 1 < bytes.size() && bytes[i] == '\r' && bytes[i + 1] == '\n')
                    ++i;
                ++line;
                start = i + 1;
            }
        }
        std::vector<int> got = lines_of(t);
        for (int l : lines_of(t.rejected))
            got.push_back(l);
        std::sort(got.begin(), got.end());
        REQUIRE(got == expected);
    }
}

} // namespace

TEST_CASE("an inch mark in an unquoted field is a character: the rows after it stay rows",
          "[csv]") {
    const auto s = scan_text("titre;année\n"
                             "Atelier vélo 28\" – Valence;2021\n"
                             "Repair café;2022\n"
                             "Écran 15\";2023\n"
                             "Jardin;2024\n");
    REQUIRE(s.fatal.empty());
    CHECK(s.rejected.empty());
    CHECK(s.notes.empty());
    REQUIRE(lines_of(s) == std::vector<int>{2, 3, 4, 5});
    CHECK(s.records[0].fields == std::vector<std::string>{"Atelier vélo 28\" – Valence", "2021"});
    CHECK(s.records[2].fields == std::vector<std::string>{"Écran 15\"", "2023"});
}

TEST_CASE("a quoted multi-line cell keeps the following line numbers physical", "[csv]") {
    const auto s = scan_text("titre;année\r\n"
                             "\"Jardin\r\npartagé\r\n\";2021\r\n"
                             "\"Le \"\"Potager\"\"; bio\";2022\r\n"
                             "\r\n"
                             "Compost;2023");
    REQUIRE(s.fatal.empty());
    CHECK(s.rejected.empty());
    REQUIRE(lines_of(s) == std::vector<int>{2, 5, 7});
    CHECK(s.records[0].last_line == 4);
    CHECK(s.records[0].fields[0] == "Jardin\npartagé\n"); // line breaks read as \n
    CHECK(s.records[1].fields[0] == "Le \"Potager\"; bio");
    CHECK(s.records[2].fields[1] == "2023");
    CHECK(s.physical_lines == 7);
}

TEST_CASE("lone CR line breaks count as lines", "[csv]") {
    const auto s = scan_text("a;b\r1;2\r\r3;4\r");
    REQUIRE(lines_of(s) == std::vector<int>{2, 4});
}

TEST_CASE("an unterminated quote rejects its line only — reading resumes at the next line",
          "[csv]") {
    const auto s = scan_text("titre;année;x\n"
                             "Avant;2020;1\n"
                             "\"Sans fin;2021;2\n"
                             "Après 1;2022;3\n"
                             "Après 2;2023;4\n");
    REQUIRE(lines_of(s) == std::vector<int>{2, 4, 5});
    REQUIRE(s.rejected.size() == 1);
    CHECK(s.rejected[0].line == 3);
    CHECK(s.rejected[0].reason.find("guillemet ouvrant jamais refermé") != std::string::npos);
    CHECK(s.rejected[0].raw == "\"Sans fin;2021;2");
}

TEST_CASE("a multi-line record that is not a valid row is an opening-quote mistake", "[csv]") {
    SECTION("closed by a quote followed by text on a later line") {
        const auto s = scan_text("titre;année;x\n"
                                 "\"Oubli;2021;1\n"
                                 "Suite;2022;2\n"
                                 "\"Cité\" ici;2023;3\n");
        // Line 2 is rejected; line 3 is a row; line 4's quoted cell is read as written.
        REQUIRE(lines_of(s.rejected) == std::vector<int>{2});
        CHECK(s.rejected[0].reason.find("lignes 2 à 4") != std::string::npos);
        REQUIRE(lines_of(s) == std::vector<int>{3, 4});
        CHECK(s.records[1].fields[0] == "\"Cité\" ici");
        REQUIRE(note(s, "quote_in_field"));
        CHECK(note(s, "quote_in_field")->line == 4);
    }
    SECTION("properly closed later with the header's number of fields, over whole rows") {
        const auto s = scan_text("titre;année;x\n"
                                 "\"Oubli;2021;1\n"
                                 "Suite;2021;5\n"
                                 "Écran 15\";2022;2\n"
                                 "Fin;2023;3\n");
        // RFC 4180 would read one cell "Oubli;2021;1\nSuite;2021;5\nÉcran 15", then 2022, 2:
        // the header's count. Its lines hold a whole row's separators: rows were swallowed.
        REQUIRE(lines_of(s.rejected) == std::vector<int>{2});
        CHECK(s.rejected[0].reason.find("allure de lignes entières") != std::string::npos);
        REQUIRE(lines_of(s) == std::vector<int>{3, 4, 5});
        CHECK(s.records[1].fields[0] == "Écran 15\"");
    }
    SECTION("a genuine multi-line cell with a separator in its text stays one record") {
        const auto s = scan_text("titre;année;x\n"
                                 "\"Jardin ; potager\npartagé\";2021;1\n"
                                 "Fin;2023;3\n");
        CHECK(s.rejected.empty());
        REQUIRE(lines_of(s) == std::vector<int>{2, 4});
        CHECK(s.records[0].fields[0] == "Jardin ; potager\npartagé");
    }
    SECTION("closed later with too few fields") {
        const auto s = scan_text("titre;année;x\n"
                                 "\"Oubli;2021;1\n"
                                 "Écran 15\";2022\n"
                                 "Fin;2023;3\n");
        REQUIRE(lines_of(s.rejected) == std::vector<int>{2});
        REQUIRE(lines_of(s) == std::vector<int>{3, 4});
        CHECK(s.records[0].fields == std::vector<std::string>{"Écran 15\"", "2022", ""});
        CHECK(note(s, "missing_columns"));
    }
}

TEST_CASE("an over-long line is rejected with its line — the rows after it are read", "[csv]") {
    csv::Limits small;
    small.max_record_bytes = 64;
    const std::string longline(200, 'x');
    const auto s =
        scan_text("a;b\n1;2\n" + longline + ";3\n4;5\n\"" + longline + "\";6\n7;8\n", ';', small);
    REQUIRE(lines_of(s) == std::vector<int>{2, 4, 6});
    REQUIRE(lines_of(s.rejected) == std::vector<int>{3, 5});
    CHECK(s.rejected[0].reason.find("au-delà de la limite") != std::string::npos);
    CHECK(s.rejected[0].raw.size() <= small.display_bytes + 3); // + "…"
    CHECK(s.rejected[1].reason.find("au-delà de la limite") != std::string::npos);
}

TEST_CASE("a quoted cell longer than the cap rejects its first line", "[csv]") {
    csv::Limits small;
    small.max_record_bytes = 64;
    std::string cell;
    for (int i = 0; i < 20; ++i)
        cell += "ligne de texte\n";
    const auto s = scan_text("a;b\n\"" + cell + "\";1\n9;9\n", ';', small);
    REQUIRE(lines_of(s.rejected).front() == 2);
    CHECK(s.rejected[0].reason.find("cellule entre guillemets") != std::string::npos);
    CHECK(lines_of(s).back() == 23); // "9;9" is still read
}

TEST_CASE("too few fields are read empty, too many are reported, empty extras ignored", "[csv]") {
    const auto s = scan_text("a;b;c\n1\n1;2;3;;\n1;2;3;x;;y\n");
    REQUIRE(lines_of(s) == std::vector<int>{2, 3, 4});
    CHECK(s.records[0].fields == std::vector<std::string>{"1", "", ""});
    CHECK(s.records[2].fields == std::vector<std::string>{"1", "2", "3"});
    REQUIRE(s.notes.size() == 2);
    CHECK(s.notes[0].code == "missing_columns");
    CHECK(s.notes[0].line == 2);
    CHECK(s.notes[1].code == "extra_columns");
    CHECK(s.notes[1].line == 4);
    CHECK(s.notes[1].message.find("« x », « y »") != std::string::npos);
    CHECK(s.notes[1].message.find("2 valeur(s) en trop") != std::string::npos);
}

TEST_CASE("a NUL byte rejects its record — in the header it refuses the file", "[csv]") {
    const auto s = scan_text(std::string("a;b\n1;2\n3;\0\n5;6\n", 15));
    REQUIRE(lines_of(s) == std::vector<int>{2, 4});
    REQUIRE(lines_of(s.rejected) == std::vector<int>{3});
    CHECK(s.rejected[0].reason.find("caractère nul") != std::string::npos);
    const std::string utf16("\xFF\xFE"
                            "a\0;\0b\0\n\0",
                            10);
    CHECK(scan_text(utf16).fatal.find("UTF-16") != std::string::npos);
}

TEST_CASE("header problems make the file unreadable", "[csv]") {
    CHECK_FALSE(scan_text("").fatal.empty());
    CHECK_FALSE(scan_text("\n1;2\n").fatal.empty());
    CHECK_FALSE(scan_text("\"a;b\n1;2\n").fatal.empty());
    csv::Limits few;
    few.max_columns = 3;
    CHECK(scan_text("a;b;c;d\n", ';', few).fatal.find("colonnes") != std::string::npos);
    few.max_record_bytes = 4;
    CHECK_FALSE(scan_text("abcdefgh\n", ';', few).fatal.empty());
    // A quoted name on two lines is one name (GDAL reads the header as one line).
    const auto two_lines = scan_text("\"a\nb\";c\n1;2\n");
    CHECK(two_lines.header == std::vector<std::string>{"a b", "c"});
    CHECK(lines_of(two_lines) == std::vector<int>{3});
    // A byte order mark is not part of the first name.
    const auto s = scan_text("\xEF\xBB\xBF"
                             "a;b\n1;2\n");
    CHECK(s.header == std::vector<std::string>{"a", "b"});
}

TEST_CASE("display text is UTF-8, bounded, without control characters", "[csv]") {
    CHECK(csv::display_text("a\r\nb\tc\x01", false, 100) == "a↵b c\xEF\xBF\xBD");
    CHECK(csv::display_text("\xE9t\xE9", true, 100) == "été");
    // Cut inside "é" (2 bytes): the half character is dropped.
    CHECK(csv::display_text("aé", false, 2) == "a…");
    CHECK(csv::display_text("abc", false, 2) == "ab…");
}

TEST_CASE("read_vector_table: rows at physical lines, rejects and notes as data", "[csv]") {
    const std::string path =
        test::write_file("physical.csv", "titre;année;x\n"
                                         "\"Atelier\nsur deux lignes\";2021;1\n"
                                         "Vélo 28\" – Valence;2022;2\n"
                                         "\"Sans fin;2023;3\n"
                                         "Après;2024;4;en trop\n");
    const VectorTable t = read_vector_table(path);
    REQUIRE(t.fields == std::vector<std::string>{"titre", "année", "x"});
    REQUIRE(lines_of(t) == std::vector<int>{2, 4, 6});
    CHECK(t.rows[0].values[0] == "Atelier\nsur deux lignes");
    CHECK(t.rows[1].values[0] == "Vélo 28\" – Valence");
    CHECK(t.location(t.rows[2]) == "ligne 6");
    REQUIRE(t.rejected.size() == 1);
    CHECK(t.rejected[0].line == 5);
    const RejectedRow r = t.reject_row(t.rejected[0], "initiatives");
    CHECK(r.source.line == 5);
    CHECK(r.source.file == path);
    CHECK_FALSE(r.kept);
    REQUIRE(t.diagnostics.count("extra_columns") == 1);
    CHECK(t.diagnostics.items()[0].location == "ligne 6");
    Diagnostics d;
    report_reading_problems(t, d);
    CHECK(d.count("rejected_record") == 1);
    CHECK(d.count("extra_columns") == 1);
}

TEST_CASE("read_vector_table: a 10 MB line is a reject and the rows after it are read", "[csv]") {
    std::string bytes = "titre;année\nAvant;2020\n";
    bytes += std::string(10 * 1024 * 1024, 'x') + ";2021\n";
    for (int i = 0; i < 100; ++i)
        bytes += "Après " + std::to_string(i) + ";2022\n";
    const VectorTable t = read_vector_table(test::write_file("long.csv", bytes));
    CHECK(t.rows.size() == 101);
    REQUIRE(t.rejected.size() == 1);
    CHECK(t.rejected[0].line == 3);
    CHECK(t.rejected[0].reason.find("10 Mio") != std::string::npos);
    CHECK(t.rows.back().line == 103);
    CHECK(t.rows.back().values[0] == "Après 99");
}

TEST_CASE("read_vector_table: Windows-1252 text in rejects and notes is decoded", "[csv]") {
    const VectorTable t =
        read_vector_table(test::write_file("cp.csv", "titre;ann\xE9"
                                                     "e\n\"Caf\xE9;2021\nTh\xE9;2022;\xE9t\xE9\n"));
    CHECK(t.recoded_from_cp1252);
    CHECK(t.fields[1] == "année");
    REQUIRE(t.rejected.size() == 1);
    CHECK(t.rejected[0].raw == "\"Café;2021");
    CHECK(t.rows[0].values[0] == "Thé");
    REQUIRE(t.diagnostics.count("extra_columns") == 1);
    CHECK(t.diagnostics.items()[0].message.find("« été »") != std::string::npos);
}

TEST_CASE("read_vector_table: a column named like the record index is an ordinary column",
          "[csv]") {
    // GDAL keeps duplicate names: the index is found as the last column, not by its name.
    const VectorTable t = read_vector_table(
        test::write_file("index_name.csv", "tecsmap_record_index;titre\n7;Atelier\n\n9;Jardin\n"));
    REQUIRE(t.fields == std::vector<std::string>{"tecsmap_record_index", "titre"});
    REQUIRE(lines_of(t) == std::vector<int>{2, 4});
    CHECK(t.rows[1].values == std::vector<std::string>{"9", "Jardin"});
    CHECK(t.rejected.empty());
}

TEST_CASE("read_vector_table: column names are the scan's, whatever GDAL's header rules", "[csv]") {
    // Found by fuzz_csv_invariant: GDAL 3.6 switched the sanitised copy to tab separators when
    // its first two lines held as many tab-separated parts, and refused the file.
    const VectorTable t =
        read_vector_table(test::write_file("tab_name.csv", "a;b\tc\nx\ty;z\nu;v\n"));
    REQUIRE(t.fields == std::vector<std::string>{"a", "b c"});
    REQUIRE(lines_of(t) == std::vector<int>{2, 3});
    CHECK(t.rows[0].values == std::vector<std::string>{"x\ty", "z"});
    CHECK(t.rejected.empty());
    // GDAL's own header rules (backslash escapes) do not apply: the names are the scan's (also
    // a fuzz finding: `\` as a name made GDAL refuse the copy).
    const VectorTable escapes = read_vector_table(
        test::write_file("backslash_name.csv", "a;\\;1;x\\\"y;WKT\nc;d;e;f;POINT (1 2)\n"));
    REQUIRE(escapes.fields == std::vector<std::string>{"a", "\\", "1", "x\\\"y", "WKT"});
    REQUIRE(lines_of(escapes) == std::vector<int>{2});
    CHECK(escapes.rows[0].values == std::vector<std::string>{"c", "d", "e", "f", "POINT (1 2)"});
    REQUIRE(escapes.rows[0].geometry);
    CHECK(escapes.rows[0].geometry->getGeometryType() == wkbPoint);
    // A name read as written (closing quote followed by text) keeps no raw line break.
    const VectorTable raw =
        read_vector_table(test::write_file("raw_name.csv", "a,\"b\"\"\r\nc\"d\r\n1,2\r\n"));
    REQUIRE(raw.fields == std::vector<std::string>{"a", "\"b\"\" c\"d"});
    REQUIRE(lines_of(raw) == std::vector<int>{3});
    CHECK(raw.rows[0].values == std::vector<std::string>{"1", "2"});
}

TEST_CASE("read_vector_table: unreadable CSV files are refused with the file named", "[csv]") {
    CHECK_THROWS_WITH(read_vector_table(test::write_file("empty0.csv", "")),
                      Catch::Contains("empty0.csv") && Catch::Contains("ligne 1"));
    CHECK_THROWS_AS(read_vector_table(test::write_file("bin.csv", std::string("a\0b\n", 4))),
                    InputError);
}

TEST_CASE("every record is one row or one reject: the bad-input corpus and bundled data", "[csv]") {
    std::vector<std::string> files;
    for (const std::string& dir : {test::test_data_dir() + "/bad", test::source_data_dir(),
                                   test::test_data_dir() + "/../fuzz/corpus/csv",
                                   test::test_data_dir() + "/../fuzz/corpus/csv_invariant"})
        if (std::filesystem::is_directory(dir))
            for (const auto& e : std::filesystem::directory_iterator(dir))
                if (e.path().extension() == ".csv")
                    files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 15);
    for (const std::string& f : files) {
        if (std::filesystem::file_size(f) == 0)
            continue; // refused as a whole (no header), tested above
        check_partition(f);
    }
}

namespace {

// A generated CSV whose generator knows, for every record, whether it must be a row (with its
// id, line and title) or a reject (with its line).
struct Generated {
    std::string bytes;
    std::map<std::string, std::pair<int, std::string>> rows; ///< id -> (line, title)
    std::vector<int> rejected;
    std::vector<int> extra_notes, missing_notes;
    std::size_t records = 0;
};

Generated generate(std::mt19937_64& rng) {
    Generated g;
    const char seps[] = {';', ',', '\t'};
    const char sep = seps[rng() % 3];
    const std::string eol = rng() % 2 ? "\r\n" : "\n";
    const std::string s(1, sep);
    if (rng() % 2)
        g.bytes += "\xEF\xBB\xBF";
    g.bytes += "id" + s + "titre" + s + "annee" + s + "x" + eol; // 4 columns
    int line = 2;
    const int units = static_cast<int>(rng() % 60);
    bool long_lines = rng() % 8 == 0;
    for (int u = 0; u < units; ++u) {
        const std::string id = "id" + std::to_string(u);
        const int kind = static_cast<int>(rng() % (long_lines ? 11 : 10));
        std::string title;
        int lines = 1;
        switch (kind) {
        case 0:
        case 1: // plain
            title = "Initiative " + std::to_string(u) + " à Valence";
            g.bytes += id + s + title + s + "2021" + s + "4.5" + eol;
            break;
        case 2: // inch mark inside, then a quote just before the separator
            title = (u % 2 ? "Atelier vélo 28\" – Valence" : "Écran 15\"");
            g.bytes += id + s + title + s + "2022" + s + "4.5" + eol;
            break;
        case 3: // quoted, with "" and the separator inside
            title = "Le \"Jardin\"" + s + " partagé";
            g.bytes +=
                id + s + "\"Le \"\"Jardin\"\"" + s + " partagé\"" + s + "2021" + s + "1" + eol;
            break;
        case 4: { // multi-line cell
            const int breaks = 1 + static_cast<int>(rng() % 3);
            std::string raw = "Projet";
            title = "Projet";
            for (int b = 0; b < breaks; ++b) {
                raw += eol + "suite " + std::to_string(b);
                title += "\nsuite " + std::to_string(b);
            }
            g.bytes += id + s + "\"" + raw + "\"" + s + "2020" + s + "2" + eol;
            lines += breaks;
            break;
        }
        case 5: // too few fields
            title = "Court";
            g.bytes += id + s + title + eol;
            g.missing_notes.push_back(line);
            break;
        case 6: // too many: reported; or trailing empty ones: ignored
            title = "Long";
            if (u % 2) {
                g.bytes += id + s + title + s + "2021" + s + "1" + s + "extra" + eol;
                g.extra_notes.push_back(line);
            } else {
                g.bytes += id + s + title + s + "2021" + s + "1" + s + s + eol;
            }
            break;
        case 7: // blank line: not a record
            g.bytes += eol;
            ++line;
            continue;
        case 8: // unterminated quote at the start of the title
            g.bytes += id + s + "\"Sans fin " + std::to_string(u) + s + "2021" + s + "3" + eol;
            g.rejected.push_back(line);
            ++g.records;
            ++line;
            continue;
        case 9: // NUL byte
            g.bytes += id + s + std::string("Bin\0aire", 8) + s + "2021" + s + "3" + eol;
            g.rejected.push_back(line);
            ++g.records;
            ++line;
            continue;
        default: // longer than 1 MiB
            g.bytes += id + s + std::string(1024 * 1024 + 10, 'z') + s + "2021" + s + "1" + eol;
            g.rejected.push_back(line);
            ++g.records;
            ++line;
            continue;
        }
        g.rows[id] = {line, title};
        ++g.records;
        line += lines;
    }
    return g;
}

} // namespace

TEST_CASE("every record is one row or one reject, at its physical line: generated files",
          "[csv][csv_generated]") {
    std::mt19937_64 rng(16);
    for (int file = 0; file < 120; ++file) {
        const Generated g = generate(rng);
        const std::string path = test::write_file("generated.csv", g.bytes);
        INFO("file " << file);
        const VectorTable t = read_vector_table(path);
        REQUIRE(t.rows.size() + t.rejected.size() == g.records);
        REQUIRE(t.rows.size() == g.rows.size());
        for (const SourceRow& row : t.rows) {
            const auto it = g.rows.find(row.values[0]);
            REQUIRE(it != g.rows.end());
            CHECK(row.line == it->second.first);
            CHECK(row.values[1] == it->second.second);
        }
        CHECK(lines_of(t.rejected) == g.rejected);
        std::vector<int> extra, missing;
        for (const Diagnostic& d : t.diagnostics.items()) {
            const int l = std::stoi(d.location.substr(6));
            if (d.code == "extra_columns")
                extra.push_back(l);
            else if (d.code == "missing_columns")
                missing.push_back(l);
        }
        CHECK(extra == g.extra_notes);
        CHECK(missing == g.missing_notes);
        check_partition(path);
    }
}
