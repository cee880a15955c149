#pragma once
// Writes the analysis to a GeoPackage following the output contract of the analysis spec
// (layer and field names are relied on by scripts and QGIS projects), plus the rejects,
// the missing communes, the run parameters and a QGIS style for every layer.

#include "analysis/analysis.hpp"
#include "map_style.hpp"
#include "study.hpp"

#include <string>

namespace tecsmap {

/// Writes atomically: the target is replaced only when the whole file is complete.
void write_geopackage(const std::string& path, const Study& study, const Territory& territory,
                      const AnalysisResult& result, const MapStyle& style);

/// ctg_indicators as a CSV for French spreadsheets: ';' separator, decimal comma, UTF-8 BOM.
void write_indicators_csv(const std::string& path, const Territory& territory,
                          const AnalysisResult& result);

} // namespace tecsmap
