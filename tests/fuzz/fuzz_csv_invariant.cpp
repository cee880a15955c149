// libFuzzer target: the CSV reader loses nothing (issue 16). For any bytes, every record the
// scan identifies ends up as exactly one row of read_vector_table or one rejected record, in
// order, at the scan's physical line, with the scan's values; and in a file without quotes,
// NUL bytes or over-long lines, every non-blank physical line after the header is one record
// at that line (a check independent of the scanner's rules). abort() on any violation.

#include "csv_scan.hpp"
#include "errors.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void violation(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

void require(bool ok, const char* what) {
    if (!ok)
        violation(what);
}

// Lines of the non-blank physical lines after line 1, counted like a text editor.
std::vector<int> plain_record_lines(const std::string& bytes) {
    std::vector<int> out;
    int line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        if (i == bytes.size() || bytes[i] == '\n' || bytes[i] == '\r') {
            if (line > 1 && i > start)
                out.push_back(line);
            if (i + 1 < bytes.size() && bytes[i] == '\r' && bytes[i + 1] == '\n')
                ++i;
            ++line;
            start = i + 1;
        }
    }
    return out;
}

bool has_long_line(const std::string& bytes, std::size_t cap) {
    std::size_t run = 0;
    for (char c : bytes) {
        run = (c == '\n' || c == '\r') ? 0 : run + 1;
        if (run > cap)
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tecsmap;
    static const std::string path =
        "/tmp/tecsmap-fuzz-invariant-" + std::to_string(::getpid()) + ".csv";
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    csv::Options o;
    o.keep_fields = true;
    o.windows_1252 = !text::is_valid_utf8(bytes);
    const csv::Scan s = csv::scan(bytes, csv::sniff_separator(bytes), o);

    VectorTable t;
    try {
        t = read_vector_table(path);
    } catch (const InputError&) {
        require(!s.fatal.empty(), "a file the scan accepts was refused");
        return 0;
    }
    require(s.fatal.empty(), "a file the scan refuses was read");
    require(t.rows.size() + t.rejected.size() == s.records_found(),
            "rows + rejects != records found");
    require(t.rows.size() == s.records.size(), "rows != accepted records");
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        require(t.rows[i].line == s.records[i].line, "row line != record line");
        require(i == 0 || t.rows[i].line > t.rows[i - 1].line, "row lines not increasing");
        require(t.rows[i].values.size() == t.fields.size(), "row width != header width");
        for (std::size_t j = 0; j < t.fields.size(); ++j) {
            const std::string& want = s.records[i].fields[j];
            require(t.rows[i].values[j] == (t.recoded_from_cp1252 ? text::cp1252_to_utf8(want)
                                                                   : want),
                    "GDAL's value differs from the scanned value");
        }
    }
    std::vector<int> all;
    for (const SourceRow& r : t.rows)
        all.push_back(r.line);
    for (const RejectedRecord& r : t.rejected) {
        require(r.reason.find("pilote CSV de GDAL") == std::string::npos,
                "GDAL did not give back an accepted record");
        require(!r.reason.empty(), "reject without a reason");
        all.push_back(r.line);
    }
    std::sort(all.begin(), all.end());
    require(std::adjacent_find(all.begin(), all.end()) == all.end(),
            "two records at the same line");
    for (int l : all)
        require(l >= 2 && l <= s.physical_lines, "line outside the file");
    if (bytes.find('"') == std::string::npos && bytes.find('\0') == std::string::npos &&
        !has_long_line(bytes, csv::Limits{}.max_record_bytes))
        require(all == plain_record_lines(bytes), "a plain line is not one record at its line");
    return 0;
}
