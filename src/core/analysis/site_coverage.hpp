#pragma once
// The coverage rule seen from the location model: "which demand points would a site at X
// cover?" and "which demand points do the existing structures already cover?". The
// suggestions (suggestions.hpp) only ask these two questions, so each coverage rule answers
// them once, here:
//   - straight-line distance: a demand point is covered when it lies within the radius of a
//     site (k-d tree, coverage_relation.hpp);
//   - agreed zones (+ distance): already_covered() adds the demand points inside the zones of
//     the covering structures (a listed commune, or a zones-layer polygon holding the point); a
//     new site has no zone yet, so it covers by the radius, under « zones » as under
//     « zones+distance » (the same disc as the what-if scenarios, situation_coverage.hpp);
//   - travel time: covers() runs one bounded search per site from its snapped road node
//     (access/travel_times.hpp) and keeps the demand points that reach it within the minutes;
//     already_covered() is the nearest covering structure's minutes against the same bound.
// docs/methods.md, "Location model", describes the contract.

#include "../access/snapping.hpp"
#include "../kdtree.hpp"
#include "../parameters.hpp"
#include "../territory.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace tecsmap {

struct StudyInputs;
struct RoadNetwork;

/// Demand of the location model: one point per commune (its representative point, as for
/// dist_nearest_m) weighted by its population; with a population grid, the grid's parts (their
/// people where they live) and the representative points of the communes left without cells.
struct DemandPoints {
    std::vector<XY> xy;                ///< metric CRS
    std::vector<double> weight;        ///< inhabitants
    std::vector<std::size_t> commune;  ///< commune of each point (index into territory.communes)
    /// Grid part of each point (index into PopulationGrid::parts), npos for a commune's point.
    std::vector<std::size_t> part;
};

/// Commune representative points weighted by the communes' population.
DemandPoints commune_demand(const Territory& territory);

/// The demand of a study: commune_demand without a grid; with one, the communes left uniform
/// (commune order) then the grid's parts of the others (grid order), as the time figures count
/// people (accessibility.hpp).
DemandPoints study_demand(const Territory& territory, const StudyInputs& inputs);

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

/// The study's rule over its demand points: distance, zones, zones + distance or travel time.
class StudySiteCoverage final : public SiteCoverage {
public:
    /// `covers`: parallel to inputs.structures (AnalysisResult::structure_covers). The time
    /// rule needs inputs.roads (StudyError otherwise). The inputs are read here; only the road
    /// network is kept (shared).
    StudySiteCoverage(const Territory& territory, const StudyInputs& inputs,
                      const AnalysisParameters& parameters, CoverageRule rule,
                      const std::vector<bool>& covers, const DemandPoints& demand);
    std::vector<std::vector<std::size_t>> covers(const std::vector<XY>& sites) const override;
    std::vector<char> already_covered() const override { return existing_; }
    std::string describe() const override { return description_; }

private:
    CoverageRule rule_;
    double radius_m_;
    double minutes_;
    std::vector<XY> demand_;
    std::vector<char> existing_;
    std::shared_ptr<const RoadNetwork> roads_;  ///< time rule only
    std::vector<access::Snap> demand_snaps_;    ///< time rule only, parallel to the demand
    std::string description_;
};

} // namespace tecsmap
