#pragma once
// Terminal output shared by the commands: progress on stderr, French tables on stdout.

#include "analysis/analysis.hpp"
#include "analysis/study_run.hpp"
#include "diagnostics.hpp"
#include "feedback.hpp"
#include "territory.hpp"

#include <iosfwd>
#include <string>

namespace tecsmap::cli {

/// Progress sink printing "[12.3 s] stage (40 %)" lines to stderr: one per stage and per
/// further tenth of the run; nothing with --quiet.
Feedback::Sink make_progress(bool quiet);

/// Prints diagnostics grouped by severity; at most `limit` per code, then a count.
void print_diagnostics(std::ostream& out, const Diagnostics& diagnostics, std::size_t limit = 5);
/// The warnings and errors of a run (territory, layers, analysis) under « Messages : », at most
/// `limit` per kind; nothing when there is none (information is left out).
void print_run_messages(std::ostream& out, const StudyRun& run, std::size_t limit = 5);

/// Prints a command's help, the parameter options (from the parameter table) in place of
/// the line "@PARAMETERS@".
void print_help(std::ostream& out, const std::string& help);

void print_territory_summary(std::ostream& out, const Territory& territory);
void print_ctg_table(std::ostream& out, const Territory& territory, const AnalysisResult& result,
                     const AnalysisParameters& parameters);
/// The population grid and the road network of a run (nothing when the study has neither):
/// where people were counted, the graph, and per CTG the people beyond coverage_minutes by
/// road, the median minutes and the E2SFCA index.
void print_access_summary(std::ostream& out, const StudyInputs& inputs,
                          const AnalysisResult& result);
/// Site suggestions: the ranked sites, then the best single site of each CTG.
void print_suggestions(std::ostream& out, const Territory& territory,
                       const SuggestionResult& suggestions);
/// Scenarios side by side: uncovered population and covered share per CTG.
void print_scenarios(std::ostream& out, const Territory& territory,
                     const std::vector<ScenarioOutcome>& scenarios);
/// One line on the hot spots: method, communes tested, significant classes.
void print_hotspot_summary(std::ostream& out, const AnalysisResult& result);

} // namespace tecsmap::cli
