#pragma once
// The TECS analysis of a study: from the territory, the study's inputs (read and placed) and
// the parameters, every figure of docs/analysis-spec (coverage, clusters, hot spots, perimeter
// shares, per-CTG indicators). Inputs and parameters are never copied into the result: a
// result is only what was computed.

#include "../feedback.hpp"
#include "../parameters.hpp"
#include "../territory.hpp"
#include "accessibility.hpp"
#include "coverage.hpp"
#include "inputs.hpp"
#include "scenarios.hpp"
#include "suggestions.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

struct CommuneFigures {
    std::optional<double> dist_nearest_m; ///< none when there is no structure at all
    double covered_share = 0;
    double pop_uncovered = 0;
    int n_initiatives = 0;
    double gi_star_z = 0;              ///< analytical Gi* z of the chosen variable
    std::optional<double> gi_p_sim;    ///< conditional-permutation pseudo p-value; none: island
    std::optional<double> gi_q;        ///< Benjamini–Hochberg adjusted p-value; none: island
    bool gi_island = false;            ///< no neighbour but itself: never classed
    double hotspot_value = 0;          ///< the tested variable (count or rate per 10 000)
    int hotspot = 0;                   ///< -3..3: FDR-significant at 90/95/99 %; 0 otherwise
    bool in_pat = false, in_pcaet = false, in_cte = false; ///< representative point inside
};

struct InitiativeFigures {
    std::optional<int> cluster_id; ///< within its CTG; none for noise or outside
    bool in_pat = false, in_pcaet = false, in_cte = false;
};

struct Cluster {
    std::string ctg_code;
    int cluster_id = 0;
    int n_initiatives = 0;
    geos::GeomPtr hull; ///< convex hull, buffered by 250 m when it is a point or a line
};

struct CtgIndicators {
    std::string ctg_code;
    std::string ctg_name;
    long long population = 0;
    int n_communes = 0;
    int n_structures = 0;   ///< structures that count for coverage (coverage_types)
    int n_other_places = 0; ///< other places (« autres lieux »): drawn, never covering
    int n_cs = 0;
    int n_evs = 0;
    int n_ambassadors = 0;          ///< structures of the CTG with a TECS ambassador now (any type)
    int n_structures_with_zone = 0; ///< covering structures with an agreed intervention zone
    int n_initiatives = 0;
    double initiatives_per_10k = 0;
    double pop_uncovered = 0;
    double uncovered_share = 0;
    int n_clusters = 0;
    double pat_share = 0, pcaet_share = 0, cte_share = 0;
    double area_km2 = 0;
};

/// The TECS programme per CTG and year (ctg_indicators_by_year, issue 11 output contract):
/// initiatives of the year and the structures of the CTG (any agreement type) that declare each
/// bonus dimension or a TECS ambassador that year.
struct CtgYear {
    std::size_t ctg = 0; ///< index into territory.ctgs
    int year = 0;
    int initiatives = 0;                   ///< initiatives of that year placed in the CTG
    std::optional<int> initiatives_change; ///< minus the previous year's; none the first year
    int bonus_interne = 0;      ///< structures holding the internal bonus dimension that year
    int bonus_externe = 0;      ///< external dimension (actions habitants)
    int bonus_transversale = 0; ///< transversal dimension (projet social et partenariat)
    int ambassadors = 0;        ///< structures with a TECS ambassador that year
};

struct AnalysisResult {
    std::vector<CommuneFigures> communes;       ///< parallel to territory.communes
    std::vector<InitiativeFigures> initiatives; ///< parallel to the inputs' initiatives
    std::vector<bool> structure_covers; ///< parallel to the inputs' structures (coverage_types)
    std::vector<GapPart> gaps;
    std::vector<Cluster> clusters;
    std::vector<CtgIndicators> ctgs; ///< parallel to territory.ctgs
    /// Per CTG (territory order), then per year ascending, over every year from the first to
    /// the last that initiatives or programme attributes mention.
    std::vector<CtgYear> ctg_years;
    /// The coverage rule the figures follow (the study's, or the default for its inputs).
    CoverageRule coverage_rule = CoverageRule::Distance;
    Diagnostics diagnostics; ///< warnings about the figures (e.g. few initiatives)
    /// With a road network ([accessibility] roads): minutes, E2SFCA, isochrones. Shared
    /// (immutable): a re-analysis that keeps the coverage keeps it without a copy.
    std::shared_ptr<const AccessibilityResult> access;
    /// With a population grid: each part covered (1) or not (0) by the study's rule, parallel
    /// to the grid's parts.
    std::vector<char> grid_part_covered;
    /// The hot-spot method in French, for legends (HotspotResult::method_label()).
    std::string hotspot_method;
    std::size_t hotspot_tested = 0;      ///< communes with neighbours (the m of BH)
    /// [suggest] new > 0: where new structures help most.
    std::optional<SuggestionResult> suggestions;
    /// The current situation then each [[scenario]] of the study (empty without scenarios).
    std::vector<ScenarioOutcome> scenarios;
    /// Number of diagnostics at the end of each stage (coverage, clusters, hot spots,
    /// perimeters, the rest): reanalyse() keeps a stage's messages with its figures.
    std::array<std::size_t, 5> stage_ends{};
};

/// The stages analyse() goes through, for a progress plan.
std::vector<Feedback::Stage> analysis_stages();
/// Same for a study (its accessibility stages included).
std::vector<Feedback::Stage> analysis_stages(const Study& study);

/// Runs every analysis. Throws Cancelled when the feedback is cancelled.
AnalysisResult analyse(const Territory& territory, const StudyInputs& inputs,
                       const AnalysisParameters& parameters, Feedback* feedback = nullptr);

/// The analysis after a parameter change: `previous` was analysed on the same territory and
/// inputs with `previous_parameters`. The stages whose parameters did not change (coverage and
/// gaps, clusters, hot spots; the perimeters read none) are taken from it, the others run.
/// The result is identical to analyse(territory, inputs, parameters), messages included: only
/// the time differs (a new DBSCAN eps re-runs DBSCAN alone).
AnalysisResult reanalyse(const Territory& territory, const StudyInputs& inputs,
                         const AnalysisParameters& parameters, const AnalysisResult& previous,
                         const AnalysisParameters& previous_parameters,
                         Feedback* feedback = nullptr);

} // namespace tecsmap
