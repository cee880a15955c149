#pragma once
// Reads one layer of any GDAL vector source into memory: field values as text (so that French
// spreadsheet conventions are parsed by us, not guessed by a driver), the geometry, the CRS,
// and where each row came from (a line number for CSV, a feature id otherwise).

#include "diagnostics.hpp"
#include "gdal_handles.hpp"
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
    Diagnostics diagnostics; ///< reading remarks: empty header cells, blank and totals rows dropped

    /// "ligne 12" for CSV and spreadsheets, "entité 7" otherwise.
    std::string location(const SourceRow& row) const;
    /// File and line (CSV) or feature id (other sources) of a row.
    SourceRef ref(const SourceRow& row) const;
    /// Index of the first field whose normalized name is one of `names` (normalized too), or
    /// the field named exactly `explicit_name` when given. nullopt when absent.
    std::optional<std::size_t> find_field(const std::vector<std::string>& names,
                                          const std::string& explicit_name = {}) const;
    /// The raw values of a row as "champ=valeur; ..." for the rejects layer.
    std::string raw_values(const SourceRow& row) const;
};

/// Opens `path` (its first layer, or `layer` when given) and reads it. Throws InputError naming
/// the file when it is missing, unreadable or has no layer. An .xlsx or .ods workbook is read by
/// read_spreadsheet_table (spreadsheet_table.hpp), `layer` naming the sheet.
VectorTable read_vector_table(const std::string& path, const std::string& layer = {});

} // namespace tecsmap
