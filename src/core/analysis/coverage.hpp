#pragma once
// Coverage of the territory by discs of radius R around the structures (spec "Coverage").

#include "../feedback.hpp"
#include "../geos_handles.hpp"
#include "../kdtree.hpp"
#include "../territory.hpp"

#include <limits>
#include <string>
#include <vector>

namespace tecsmap {

struct GapPart {
    geos::GeomPtr geometry; ///< single-part polygon
    double area_km2 = 0;
    double pop_est = 0;
};

struct CoverageResult {
    /// Per commune, in territory order. dist is NaN when there is no structure at all.
    std::vector<double> dist_nearest_m;
    std::vector<double> covered_share;
    std::vector<double> pop_uncovered;
    std::vector<GapPart> gaps;
};

/// Quadrant segments for the discs: 32 gives 128 segments per circle (spec: at least that).
inline constexpr int kDiscQuadrantSegments = 32;

/// `feedback` (optional) enters the stage "zones non couvertes" for the gap layer and may
/// cancel between communes.
CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, Feedback* feedback = nullptr);

} // namespace tecsmap
