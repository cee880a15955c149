#pragma once
// What-if scenarios (issue 13, item 2) placed in the territory and compared side by side:
// uncovered population and covered share per CTG for the current situation and for each
// scenario. Each scenario's coverage is computed as the analysis computes its own
// (situation_coverage.hpp): the study's rule (distance, agreed zones, zones + distance, travel
// time) and people where they live when a population grid is given, so that the current
// situation's row equals ctg_indicators whatever the rule.

#include "../cog.hpp"
#include "../feedback.hpp"
#include "../parameters.hpp"
#include "../points.hpp"
#include "../scenario.hpp"
#include "../study.hpp"
#include "../territory.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct StudyInputs; // inputs.hpp

struct ResolvedSite {
    XY xy;                                 ///< metric CRS
    std::size_t commune = Territory::npos; ///< npos: outside the territory (still covers)
    std::string name;
};

/// Communes added to the agreed zone of a structure (indices into the inputs' structures and
/// the territory's communes).
struct ResolvedExtension {
    std::size_t structure = 0;
    std::vector<std::size_t> communes; ///< ascending, no duplicates
};

struct ResolvedScenario {
    std::string name;
    std::string description;
    std::vector<ResolvedSite> add;
    std::vector<std::size_t> remove; ///< indices into the inputs' structures, ascending
    std::vector<ResolvedExtension> extend = {};
    std::string study_path = {}; ///< the study file that defines it, for messages
};

/// Places each scenario of the study: sites by coordinates (reprojected from their `crs`) or
/// on a commune's representative point; removed structures found by name (exact, then
/// ignoring case and accents), as are the structures whose zone a scenario extends. Throws
/// StudyError naming the study file, the scenario's line and what is wrong: a structure that no
/// longer exists in the structures layer, an unknown commune, a CRS that cannot be used.
/// `cog` (optional) maps old INSEE codes (communes merged into a commune nouvelle) to the
/// current commune, as the registers' codes are.
std::vector<ResolvedScenario> resolve_scenarios(const Study& study, const Territory& territory,
                                                const std::vector<Structure>& structures,
                                                const Cog* cog = nullptr);

/// What a scenario's zone extensions really add under `rule`: the communes added to the zone of
/// a structure that still covers in the scenario (in `covers`, not removed by it) and that its
/// zone did not list already, each counted once; and, in French, why the others add nothing
/// (a rule without zones, a structure that does not cover or that the scenario removes,
/// communes already in the zone).
struct ExtensionCheck {
    std::size_t effective = 0;
    std::vector<std::string> notes;
};
ExtensionCheck check_extensions(const ResolvedScenario& scenario, const StudyInputs& inputs,
                                const std::vector<bool>& covers, CoverageRule rule);
/// The notes of check_extensions for every scenario of `inputs`, as "scenario_extend_ignored"
/// warnings on the study file. `covers` and `rule` are the ones the analysis uses (parameters
/// changed on the command line or in the map view included), so the notes follow them.
void note_ignored_extensions(const StudyInputs& inputs, const std::vector<bool>& covers,
                             CoverageRule rule, Diagnostics& diagnostics);

struct ScenarioOutcome {
    std::string name; ///< « Situation actuelle » for the first outcome
    std::string description;
    std::size_t sites_added = 0;
    std::size_t structures_removed = 0;
    std::vector<double> ctg_pop_uncovered; ///< parallel to territory.ctgs
    double pop_uncovered = 0;
    std::size_t zone_communes_added = 0; ///< communes added to agreed zones (extend)
    /// Covered share of CTG k: 1 − uncovered / population (0 for an empty CTG).
    double ctg_covered_share(const Territory& territory, std::size_t k) const;
    double covered_share(const Territory& territory) const;
};

/// The current situation followed by each scenario, in order. `structure_covers` says which
/// structures count for coverage (AnalysisResult::structure_covers); `current_pop_uncovered`
/// is the analysis's uncovered population per commune (the first row). A scenario takes its
/// removed structures out of coverage (their zones with them) and adds its sites, which cover
/// by the radius (zone rules) or by minutes (time rule): see situation_coverage.hpp.
std::vector<ScenarioOutcome> compare_scenarios(const Territory& territory,
                                               const StudyInputs& inputs,
                                               const AnalysisParameters& parameters,
                                               CoverageRule rule,
                                               const std::vector<bool>& structure_covers,
                                               const std::vector<double>& current_pop_uncovered,
                                               const std::vector<ResolvedScenario>& scenarios,
                                               Feedback* feedback = nullptr);

} // namespace tecsmap
