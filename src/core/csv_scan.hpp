#pragma once
// A byte-level scan of a CSV file before GDAL's CSV driver reads it. GDAL stays the reader (the
// project reads every vector source through GDAL), but left alone it merges the following rows
// into one on a stray quote and stops reading at an over-long line, without a word. The scan
// splits the bytes into records by the rules below, turns what cannot be read into rejected
// records (one per record, with its physical line), and writes a sanitised copy for GDAL: a
// header of column numbers (c0, c1…; a WKT column keeps its name so that GDAL reads its
// geometries; the names come from the scan), the accepted records, every field quoted, and a
// last column holding the record's index so that each GDAL feature maps back to its physical
// line.
//
// Rules (RFC 4180, lenient; documented for users in docs/study-file.md, "Fichiers CSV"):
//  - line breaks are \n, \r\n or a lone \r; a blank line is not a record;
//  - a field that starts with `"` is quoted: it ends at a `"` followed by the separator, a line
//    break or the end of the file; `""` inside is one quote; it may span lines (a multi-line
//    cell: its line breaks are read as \n);
//  - a `"` anywhere else is an ordinary character (`Atelier vélo 28" – Valence`);
//  - a quoted field whose closing `"` is followed by other text (`"Le Jardin" du Parc`) is read
//    as written, quotes included, and noted (quote_in_field) — when it stays on one line;
//  - an opening quote never closed (end of file reached), a quoted cell that would make the
//    record longer than the cap, or a record spanning several lines that does not look like one
//    record (a cell closed by a quote followed by text, a number of fields other than the
//    header's, or two of its lines each holding as many separators as a whole row, i.e.
//    header columns - 1, quotes ignored: rows swallowed between two stray quotes) rejects the
//    physical line where the record starts; reading resumes at the next physical line: a
//    broken quote never swallows the rows after it;
//  - a record longer than the cap (1 MiB) is rejected with its line; the rows after it are read;
//  - a record with fewer fields than the header is read with empty values (missing_columns); a
//    record with more is read, its non-empty extra values reported (extra_columns); extra
//    fields that are all empty (trailing separators written by spreadsheets) are ignored;
//  - a record containing a NUL byte is rejected; a header containing one is a binary or UTF-16
//    file: the file is refused;
//  - line 1 is always the header (after an optional UTF-8 byte order mark); a line break in a
//    quoted column name, or a tab in a column name, is read as a space.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tecsmap {

/// A record of a CSV file that could not be read. Never dropped silently: the readers turn it
/// into a row of the `rejects` layer (or a diagnostic where a layer has no rejects).
struct RejectedRecord {
    int line = 0;       ///< physical line where the record starts (header = 1)
    std::string reason; ///< French, complete
    std::string raw;    ///< the text as written, for display: UTF-8, control characters
                        ///< replaced, at most ~200 bytes (… when truncated)
};

namespace csv {

struct Limits {
    std::size_t max_record_bytes = 1024 * 1024; ///< one record, its multi-line cells included
    std::size_t max_columns = 1000;             ///< columns of the header
    std::size_t display_bytes = 200;            ///< raw text kept for a rejected record
};

struct Options {
    Limits limits;
    bool windows_1252 = false; ///< decode displayed text (notes, raw records) from Windows-1252
    bool keep_fields = false;  ///< keep each accepted record's decoded fields (tests, fuzzers)
};

/// An accepted record.
struct Record {
    int line = 0;                    ///< first physical line (header = 1)
    int last_line = 0;               ///< last physical line (> line after a multi-line cell)
    std::vector<std::string> fields; ///< decoded, padded/cut to the header; only with keep_fields
};

/// A problem of a record that was nevertheless read (a diagnostic for the user).
struct Note {
    std::string code; ///< missing_columns, extra_columns, quote_in_field
    int line = 0;
    std::string message; ///< French
};

struct Scan {
    std::string fatal;                    ///< non-empty: the file cannot be read at all (French)
    std::vector<std::string> header;      ///< the header's fields, decoded (raw bytes)
    std::vector<Record> records;          ///< accepted records, in file order
    std::vector<RejectedRecord> rejected; ///< in file order
    std::vector<Note> notes;              ///< in file order
    std::string sanitized; ///< what GDAL reads: see kRecordColumn, separator kSanitizedSeparator
    int physical_lines = 0;

    /// Every record identified in the file ends up in exactly one of the two lists.
    std::size_t records_found() const { return records.size() + rejected.size(); }
};

/// Name of the last column of the sanitised copy: the index of the record in Scan::records.
inline constexpr const char* kRecordColumn = "tecsmap_record_index";
inline constexpr char kSanitizedSeparator = ',';

/// The separator of a French or English CSV export: the most frequent of ; , TAB in the header
/// line, outside quotes. A one-column file is read with ','.
char sniff_separator(std::string_view bytes);

/// Scans `bytes` (the whole file) split by `separator`.
Scan scan(std::string_view bytes, char separator, const Options& options = {});

/// Raw bytes for display: decoded from Windows-1252 when asked, line breaks shown as ↵, other
/// control characters as U+FFFD, cut at a character boundary after `max_bytes` (then …).
std::string display_text(std::string_view raw, bool windows_1252, std::size_t max_bytes);

} // namespace csv
} // namespace tecsmap
