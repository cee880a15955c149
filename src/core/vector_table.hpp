#pragma once
// Reads one layer of any GDAL vector source into memory: field values as text (so that French
// spreadsheet conventions are parsed by us, not guessed by a driver), the geometry, the CRS,
// and where each row came from (a line number for CSV, a feature id otherwise).

#include "csv_scan.hpp"
#include "diagnostics.hpp"
#include "gdal_handles.hpp"
#include "rejects.hpp"
#include "source_ref.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

struct SourceRow {
    std::int64_t fid = 0;
    int line = 0; ///< CSV and spreadsheets: line as a text editor/spreadsheet shows it (header = 1)
    std::vector<std::string> values; ///< one per field, "" for NULL
    gdal::GeometryPtr geometry;      ///< may be null; in the layer's CRS
};

struct VectorTable {
    std::string path;
    std::string layer_name;
    bool is_csv = false;
    bool recoded_from_cp1252 = false; ///< the file was not UTF-8 and was read as Windows-1252
    std::vector<std::string> fields;
    gdal::SrsPtr srs; ///< null when the source has no CRS
    std::vector<SourceRow> rows;
    // Spreadsheets (spreadsheet_table.hpp): the sheet is `layer_name`.
    bool is_spreadsheet = false;
    Diagnostics diagnostics; ///< reading remarks: empty header cells, blank and totals rows
                             ///< dropped; CSV: extra or missing fields, quotes read as written

    /// "ligne 12" for CSV and spreadsheets, "entité 7" otherwise.
    std::string location(const SourceRow& row) const;
    /// File and line (CSV, spreadsheets) or feature id (other sources) of a row.
    SourceRef ref(const SourceRow& row) const;
    /// Index of the first field whose normalized name is one of `names` (normalized too), or
    /// the field named exactly `explicit_name` when given. nullopt when absent.
    std::optional<std::size_t> find_field(const std::vector<std::string>& names,
                                          const std::string& explicit_name = {}) const;
    /// The raw values of a row as "champ=valeur; ..." for the rejects layer.
    std::string raw_values(const SourceRow& row) const;

    // CSV (csv_scan.hpp): the records that could not be read; notes on records read anyway
    // (extra_columns, missing_columns, quote_in_field) go to `diagnostics`. Every record of the
    // file is either one of `rows` or one of `rejected`.
    std::vector<RejectedRecord> rejected;

    /// A rejected record as a row of the rejects layer `layer` ("initiatives"...): location
    /// "ligne N", the raw text, the reason, not kept.
    RejectedRow reject_row(const RejectedRecord& record, const std::string& layer) const;
};

/// Where a layer has no rejects (commune boundaries, CTG table): the table's notes, and each
/// rejected record as a warning "rejected_record" naming the file and the line.
void report_reading_problems(const VectorTable& table, Diagnostics& diagnostics);

/// How GDAL learns a GeoJSON layer's fields before its features are read.
enum class SchemaScan {
    /// From every feature (GDAL's way): the file's content is not known beforehand.
    WholeFile,
    /// From the first features only (the first block of 40 KB GDAL reads that holds one): for
    /// a file whose content is pinned (verified against a SHA-256) and known to give every
    /// feature the same properties, as the france-geojson commune files do. GDAL 3.6 otherwise
    /// parses a GeoJSON file twice, once to learn its
    /// fields and once to read them (about 0.5 s of a national cold run). No effect on other
    /// formats.
    FirstFeature,
};

/// Opens `path` (its first layer, or `layer` when given) and reads it. Throws InputError naming
/// the file when it is missing, not a regular file, larger than its cap (input_limits.hpp),
/// unreadable or has no layer. An .xlsx or .ods workbook is read by read_spreadsheet_table
/// (spreadsheet_table.hpp), `layer` naming the sheet; CSV files by read_csv_table (csv_table.hpp).
VectorTable read_vector_table(const std::string& path, const std::string& layer = {},
                              SchemaScan scan = SchemaScan::WholeFile);

} // namespace tecsmap
