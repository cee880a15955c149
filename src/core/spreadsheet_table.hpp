#pragma once
// Reads one sheet of an XLSX or ODS workbook (GDAL's XLSX and ODS drivers) as registers are
// kept: the first row is always the header (GDAL would otherwise guess, and a sheet whose cells
// are all text loses its header), every cell is read as text (codes such as 07800 keep their
// zeros), cells are trimmed, each row carries its spreadsheet line (header = line 1), blank
// rows and totals rows are dropped with a diagnostic, and empty header cells (merged cells)
// are reported.

#include "vector_table.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct SpreadsheetOptions {
    std::string sheet; ///< sheet name (accents and case ignored); empty: the first sheet
};

/// True for the extensions read as spreadsheets: .xlsx, .ods.
bool is_spreadsheet_path(const std::string& path);

/// Sheet names of a workbook, in order. Throws InputError when it cannot be opened.
std::vector<std::string> spreadsheet_sheets(const std::string& path);

/// Reads one sheet. Throws InputError naming the file when it is missing or unreadable, when
/// the sheet does not exist (the message lists the sheets) or when the sheet is empty.
VectorTable read_spreadsheet_table(const std::string& path, const SpreadsheetOptions& options = {});

/// "A", "B", ..., "Z", "AA": the spreadsheet letter of a 0-based column.
std::string column_letter(std::size_t index);

} // namespace tecsmap
