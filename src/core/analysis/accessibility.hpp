#pragma once
// Accessibility by road (issue 12): minutes from where people are to the nearest covering
// structure, the E2SFCA index, the population beyond the time threshold per commune and CTG,
// and (on request) isochrones. Demand points are the communes' representative points, and,
// with a population grid, the grid's parts (docs/methods.md, "Accessibilité en temps de
// trajet (étude)").

#include "../access/isochrones.hpp"
#include "../feedback.hpp"
#include "../parameters.hpp"
#include "../territory.hpp"
#include "coverage.hpp"
#include "inputs.hpp"

#include <optional>
#include <vector>

namespace tecsmap {

/// Travel from one demand point to its nearest covering structure.
struct TravelFigures {
    std::optional<double> minutes;           ///< none: no covering structure reachable
    std::size_t structure = Territory::npos; ///< index into StudyInputs::structures
    double route_m = 0;                      ///< length of the road part
    double snap_m = 0;                       ///< point to its road node, straight line
    double e2sfca = 0;                       ///< A_i, per inhabitant (× 10 000 to show)

    /// Beyond `threshold` minutes, or no structure reachable.
    bool beyond(double threshold) const { return !minutes || *minutes > threshold; }
};

struct CtgAccess {
    double pop_beyond = 0; ///< inhabitants beyond coverage_minutes (or with no structure)
    /// Population-weighted median minutes over the CTG's demand points; none when the median
    /// inhabitant reaches no structure.
    std::optional<double> median_minutes;
    double e2sfca = 0; ///< population-weighted mean A_i (per inhabitant)
};

struct AccessibilityResult {
    double threshold_minutes = 15;          ///< coverage_minutes of the run
    std::vector<TravelFigures> communes;    ///< representative points, parallel to the communes
    std::vector<double> commune_e2sfca;     ///< commune index (grid: mean of its parts, by people)
    std::vector<double> commune_pop_beyond; ///< people beyond the threshold, per commune
    std::vector<TravelFigures> parts;       ///< grid parts (empty without a grid)
    std::vector<double> structure_ratio;    ///< E2SFCA R_j per input structure (0: not covering)
    std::vector<CtgAccess> ctgs;            ///< parallel to the CTGs
    /// Isochrones of the covering structures when the study asks ([accessibility]
    /// isochrones); `structure` is an index into StudyInputs::structures.
    std::vector<access::Isochrone> isochrones;
};

/// The stages compute_accessibility() goes through (isochrones only when asked).
std::vector<Feedback::Stage> accessibility_stages(bool isochrones);

/// Minutes, E2SFCA and isochrones for the covering structures (`covers`, parallel to the
/// inputs' structures). Requires inputs.roads. Throws Cancelled through the feedback.
AccessibilityResult compute_accessibility(const Territory& territory, const StudyInputs& inputs,
                                          const AnalysisParameters& parameters,
                                          const std::vector<bool>& covers,
                                          Feedback* feedback = nullptr);

/// Coverage by travel time (`coverage = "temps"`): a commune without grid cells, or a grid
/// part, is uncovered beyond coverage_minutes; pop_uncovered sums the uncovered people;
/// covered_share is 1 − the uncovered pieces' area / the commune's area; the gaps are the union
/// of the uncovered communes and parts. dist_nearest_m stays the straight-line distance to the
/// nearest covering structure (`structure_points`). `part_covered` receives the grid parts'
/// status. Without `with_gaps` the gap layer is left empty.
CoverageResult time_coverage(const Territory& territory, const StudyInputs& inputs,
                             const AccessibilityResult& access,
                             const std::vector<XY>& structure_points,
                             std::vector<char>& part_covered, Feedback* feedback = nullptr,
                             bool with_gaps = true);

/// Only the minutes of compute_accessibility (communes' representative points and grid parts
/// to the nearest site), for the sites = the structures marked in `covers` (parallel to the
/// inputs' structures, in that order) followed by `added` (hypothetical sites, metric CRS,
/// snapped to the road graph as the structures are). With no added site the minutes are
/// those of compute_accessibility: what-if scenarios under the time rule start from the
/// analysis's own figures. Requires inputs.roads.
AccessibilityResult travel_minutes(const Territory& territory, const StudyInputs& inputs,
                                   const AnalysisParameters& parameters,
                                   const std::vector<bool>& covers, const std::vector<XY>& added,
                                   Feedback* feedback = nullptr);

/// Population-weighted lower median: sorted by value (none last), the first value at which the
/// cumulated weight reaches half the total; none when that is a "none" or nothing weighs.
std::optional<double> weighted_median(std::vector<std::pair<std::optional<double>, double>> items);

} // namespace tecsmap
