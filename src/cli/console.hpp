#pragma once
// Terminal output shared by the commands: progress on stderr, French tables on stdout.

#include "analysis/analysis.hpp"
#include "diagnostics.hpp"
#include "territory.hpp"

#include <iosfwd>
#include <string>

namespace tecsmap::cli {

/// Progress callback printing "[12.3 s] stage" lines to stderr (quiet with --quiet).
ProgressFn make_progress(bool quiet);

/// Prints diagnostics grouped by severity; at most `limit` per code, then a count.
void print_diagnostics(std::ostream& out, const Diagnostics& diagnostics, std::size_t limit = 5);

void print_territory_summary(std::ostream& out, const Territory& territory);
void print_ctg_table(std::ostream& out, const Territory& territory, const AnalysisResult& result);

} // namespace tecsmap::cli
