#pragma once
// Rows of a register that are not records: blank lines, and the totals rows people add at the
// bottom of a sheet ("Total", "TOTAL général", or a row of sums with no name). They are removed
// from the table with a diagnostic naming their lines, so that they are neither placed nor
// rejected as broken records.

#include "../vector_table.hpp"

namespace tecsmap::registers {

/// True for a cell that labels a totals row: "Total", "TOTAL :", "Totaux", "Total général",
/// "Sous-total", "Somme"; with `at_bottom`, also "Total Drôme", "TOTAL structures".
bool is_total_label(std::string_view cell, bool at_bottom);

/// Removes blank rows (every cell empty after trimming, no geometry) and totals rows:
/// a row whose first non-empty cell is a total label (prefix labels only in the block at the
/// bottom), or, in the block at the bottom, a row without any text cell where some numeric
/// column equals the sum of that column over the rows above (at least two of them). Adds one
/// diagnostic per kind to `table.diagnostics` and returns the number of rows removed.
std::size_t drop_blank_and_total_rows(VectorTable& table);

} // namespace tecsmap::registers
