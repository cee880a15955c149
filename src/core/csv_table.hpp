#pragma once
// The CSV branch of read_vector_table: the file is scanned first (csv_scan.hpp: quotes, line
// lengths, field counts, physical lines), then GDAL's CSV driver reads the sanitised copy from
// /vsimem/, and each feature is mapped back to the physical line of its record.

#include "vector_table.hpp"

#include <string>

namespace tecsmap {

/// Reads a CSV, TSV or TXT table. Every record of the file ends up either in `rows` (with its
/// physical line) or in `rejected`; notes on records read anyway go to `diagnostics`. Throws
/// InputError naming the file when it cannot be read at all (missing, too large, no header,
/// binary).
VectorTable read_csv_table(const std::string& path);

} // namespace tecsmap
