#pragma once
// Site suggestions of a study (issue 13, item 1): the location model (site_location.hpp) fed
// with the study's demand, candidates and coverage rule. Demand: commune representative points
// weighted by population, or the population grid's parts (site_coverage.hpp); candidates: the
// [suggest] candidates layer or, by default, the commune representative points; existing
// coverage: every covering structure, inside or outside the territory
// (AnalysisResult::structure_covers), under the study's rule (distance, zones, time).

#include "../commune_locator.hpp"
#include "../cog.hpp"
#include "../feedback.hpp"
#include "../rejects.hpp"
#include "../study.hpp"
#include "../territory.hpp"
#include "site_coverage.hpp"
#include "site_location.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct Structure;

/// A place where a new structure could open.
struct CandidateSite {
    XY xy;                                 ///< metric CRS
    std::size_t commune = Territory::npos; ///< commune containing it
    std::string name;                      ///< the layer's name column; the commune's name by default
    SourceRef source;                      ///< the layer's row; empty for commune points
};

/// The default candidates: one per commune, at its representative point, in commune order.
std::vector<CandidateSite> commune_candidates(const Territory& territory);

/// Reads the [suggest] candidates layer (points of any GDAL source, or a CSV with x/y or
/// longitude/latitude columns), reprojected to the territory's CRS. A layer without CRS is
/// refused (InputError naming the file); candidates outside the territory become rejects (layer
/// « candidats »); a layer with no candidate inside the territory throws InputError.
std::vector<CandidateSite> read_candidates(const LayerSource& source, const Territory& territory,
                                           const CommuneLocator& locator, const Cog& cog,
                                           Rejects& rejects, Diagnostics& diagnostics);

struct SuggestionResult {
    LocationResult location;               ///< sites[r].candidate indexes `candidates`
    std::vector<CandidateSite> candidates; ///< those the model chose from
    bool candidates_from_layer = false;
    std::vector<GroupBestSite> best_per_ctg; ///< parallel to territory.ctgs; group = CTG index
    std::string rule;                        ///< French wording of the coverage rule
    bool grid_demand = false; ///< demand = population grid parts (people where they live)
};

/// What the model needs besides the territory.
struct SuggestionRequest {
    std::size_t new_sites = 1;
    /// Name of the setting for messages: "--new" on the command line, "[suggest] new" in a study.
    std::string new_sites_label = "[suggest] new";
    double time_budget_s = 30;
    bool exact = true;
};

/// Runs the location model. Throws StudyError (French, naming new_sites_label) when k is 0 or
/// exceeds the number of candidates; Cancelled through `feedback`.
SuggestionResult suggest_new_sites(const Territory& territory,
                                   std::vector<CandidateSite> candidates, bool from_layer,
                                   const DemandPoints& demand, const SiteCoverage& coverage,
                                   const SuggestionRequest& request, Feedback* feedback = nullptr);

/// Which structures count for coverage: placed, of a covering type (coverage_types); inside
/// or outside the territory. Parallel to `structures` (AnalysisResult::structure_covers).
std::vector<bool> covering_structures(const std::vector<Structure>& structures,
                                      const AnalysisParameters& parameters);

/// A what-if scenario adding the suggested sites (by coordinates), named `name`: suggestions
/// can be loaded as a scenario and saved in the study file.
Scenario scenario_from_suggestions(const SuggestionResult& suggestions,
                                   const Territory& territory, const std::string& name);

/// The whole step from a study's inputs: demand = study_demand (communes, or where people live
/// with a population grid), candidates = the [suggest] candidates layer when the study gives
/// one (else the communes), existing coverage = the structures marked in `structure_covers`
/// under the study's rule (StudySiteCoverage).
SuggestionResult suggest_for_study(const Territory& territory, const StudyInputs& inputs,
                                   const std::vector<bool>& structure_covers,
                                   const AnalysisParameters& parameters,
                                   const SuggestionRequest& request, Feedback* feedback = nullptr);

} // namespace tecsmap
