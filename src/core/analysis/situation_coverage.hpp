#pragma once
// Coverage of the territory for one situation: which of the study's structures cover, plus
// hypothetical new sites, under the study's rule (distance, zones, zones + distance, travel
// time), with people where they live when a population grid is given. analyse() computes the
// current situation with it, and the what-if scenarios each of theirs, so that a scenario's
// « Situation actuelle » row is the analysis's own figures whatever the rule.
//
// Communes may be added to an existing structure's agreed zone (an extended agreement).
// A hypothetical site has no agreed zone yet: it covers by the radius under the zone rules (the
// study's coverage_radius_km, drawn as the same disc), and by minutes under the time rule.

#include "../diagnostics.hpp"
#include "../feedback.hpp"
#include "../parameters.hpp"
#include "../territory.hpp"
#include "accessibility.hpp"
#include "coverage.hpp"
#include "inputs.hpp"

#include <cstddef>
#include <vector>

namespace tecsmap {

/// The agreed zones of the structures marked in `covers` (parallel to inputs.structures).
/// `without_zone` (optional) receives how many of them have no zone.
CoverageZones covering_zones(const Territory& territory, const StudyInputs& inputs,
                             const std::vector<bool>& covers, std::size_t* without_zone = nullptr);

/// 1 where the point lies in a zone: its commune is listed in one, or a zones-layer polygon holds
/// it (boundary included). `commune` is parallel to `points`.
std::vector<char> inside_zones(const CoverageZones& zones, const std::vector<XY>& points,
                               const std::vector<std::size_t>& commune);

/// Which sites cover in a situation.
struct Situation {
    std::vector<bool> covers; ///< parallel to inputs.structures (AnalysisResult::structure_covers)
    std::vector<XY> added;    ///< hypothetical sites (metric CRS), after the structures
    /// Communes added to the agreed zones of structures (extended agreements): wholly covered
    /// under the zone rules while their structure covers; no effect under distance or time.
    std::vector<ResolvedExtension> zone_additions = {};
};

struct SituationCoverage {
    CoverageResult coverage;
    std::vector<char> grid_part_covered; ///< parallel to the grid's parts (empty without grid)
};

/// The coverage of a situation. `access`: the analysis's accessibility figures, which hold only
/// for the situation whose covers are AnalysisResult::structure_covers with nothing added or
/// extended — pass it only for that one (analyse does); null: the minutes are searched here. Diagnostics of
/// the grid's rounding go to `diagnostics`. Throws StudyError for the time rule without roads.
SituationCoverage situation_coverage(const Territory& territory, const StudyInputs& inputs,
                                     const AnalysisParameters& parameters, CoverageRule rule,
                                     const Situation& situation,
                                     const AccessibilityResult* access, bool with_gaps,
                                     Diagnostics& diagnostics, Feedback* feedback = nullptr);

} // namespace tecsmap
