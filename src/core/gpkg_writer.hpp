#pragma once
// Writes a run to a GeoPackage following the output contract of the analysis spec (layer and
// field names are relied on by scripts and QGIS projects), plus the rejects, the missing
// communes, the run information and a QGIS style for every layer; and the per-CTG indicators
// as a CSV for French spreadsheets.

#include "analysis/study_run.hpp"
#include "atomic_output.hpp"
#include "map_style.hpp"
#include "run_info.hpp"

#include <string>

namespace tecsmap {

/// Writes atomically: the target is replaced only when the whole file is complete.
void write_geopackage(const std::string& path, const StudyRun& run, const MapStyle& style,
                      const RunInfo& info);
/// Writes into `out`'s temporary file without committing it (commit_together() with its CSV).
void write_geopackage(AtomicOutput& out, const StudyRun& run, const MapStyle& style,
                      const RunInfo& info);

/// The output of `tecsmap suggest`: site_suggestions, best_site_per_ctg, rejects (candidate
/// rows left out), run_info and the styles. `run.result` may be null (no full analysis).
void write_suggestions_geopackage(AtomicOutput& out, const StudyRun& run,
                                  const SuggestionResult& suggestions, const MapStyle& style,
                                  const RunInfo& info);

/// ctg_indicators as a CSV for French spreadsheets: ';' separator, decimal comma, UTF-8 BOM.
void write_indicators_csv(const std::string& path, const StudyRun& run);
/// Same into `out`'s temporary file, without committing it.
void write_indicators_csv(AtomicOutput& out, const StudyRun& run);

/// "DIR/NAME-ctg_indicators.csv" for "DIR/NAME.gpkg": the CSV written beside a GeoPackage.
std::string indicators_csv_path(const std::string& gpkg_path);

} // namespace tecsmap
