#pragma once
// The coverage rule seen from the location model and the what-if: "which demand points would a
// site at X cover?" and "which demand points do the existing structures already cover?". The
// suggestions (suggestions.hpp) only ask these two questions, so each coverage rule plugs in
// by implementing SiteCoverage once:
//   - straight-line distance (RadiusSiteCoverage, here): a demand point is covered when it lies
//     within the radius of a site (k-d tree, coverage_relation.hpp);
//   - agreed zones (+ distance): already_covered() adds the demand points inside the zones of
//     the covering structures; a new site has no zone yet, so covers() stays the radius rule
//     (or the zone the user draws for it in a scenario);
//   - travel time: covers() runs one bounded Dijkstra per site from its snapped road node
//     (access/travel_times.hpp) and keeps the demand points reached within the minutes;
//     already_covered() is the same from the covering structures.
// make_site_coverage() picks the implementation from the study's rule; docs/methods.md,
// "Location model", describes the contract.

#include "../kdtree.hpp"
#include "../parameters.hpp"
#include "../territory.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace tecsmap {

/// Demand of the location model: one point per commune (its representative point, as for
/// dist_nearest_m) weighted by its population; population cell centres when a grid is given.
struct DemandPoints {
    std::vector<XY> xy;                ///< metric CRS
    std::vector<double> weight;        ///< inhabitants
    std::vector<std::size_t> commune;  ///< commune of each point (index into territory.communes)
};

/// Commune representative points weighted by the communes' population.
DemandPoints commune_demand(const Territory& territory);

/// The coverage rule as the location model sees it.
class SiteCoverage {
public:
    virtual ~SiteCoverage() = default;
    /// For each site (metric CRS), the demand points it would cover, ascending.
    virtual std::vector<std::vector<std::size_t>> covers(const std::vector<XY>& sites) const = 0;
    /// 1 where the existing covering structures already cover the demand point, else 0.
    virtual std::vector<char> already_covered() const = 0;
    /// French wording of the rule for summaries: « à moins de 10 km à vol d'oiseau ».
    virtual std::string describe() const = 0;
};

/// Straight-line distance ≤ radius (the `distance` rule).
class RadiusSiteCoverage final : public SiteCoverage {
public:
    /// `existing`: every covering structure, inside or outside the territory.
    RadiusSiteCoverage(std::vector<XY> demand, std::vector<XY> existing, double radius_m);
    std::vector<std::vector<std::size_t>> covers(const std::vector<XY>& sites) const override;
    std::vector<char> already_covered() const override;
    std::string describe() const override;

private:
    std::vector<XY> demand_;
    std::vector<XY> existing_;
    double radius_m_;
};

/// The implementation of the study's rule. Rules whose engine is not wired yet (zones, travel
/// time) fall back to the distance rule and say so in `note` (shown as a warning).
std::unique_ptr<SiteCoverage> make_site_coverage(CoverageRule rule, const DemandPoints& demand,
                                                 const std::vector<XY>& covering_structures,
                                                 const AnalysisParameters& parameters,
                                                 std::string* note = nullptr);

} // namespace tecsmap
