#pragma once
// Coverage of the territory by discs of radius R around the structures (spec "Coverage"), and
// by the agreed intervention zones of the structures (issue 11): the covering shapes of a
// commune are the discs of the covering structures (when the rule uses distance) and the zones
// of the covering structures (when the rule uses zones).

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

/// The agreed intervention zones of the covering structures.
struct CoverageZones {
    /// Per commune (territory order): wholly inside a zone listed by INSEE codes. Such a zone
    /// is a union of commune polygons, so it covers exactly these communes and no part of any
    /// other: no overlay is needed. Empty: no such zone.
    std::vector<bool> commune_covered;
    /// Zone polygons of another source (the zones layer), metric CRS, borrowed: overlaid with
    /// the communes like the discs.
    std::vector<const GEOSGeometry*> polygons;

    bool empty() const { return commune_covered.empty() && polygons.empty(); }
};

/// `feedback` (optional) enters the stage "zones non couvertes" for the gap layer and may
/// cancel between communes.
CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, Feedback* feedback = nullptr);

/// Coverage by discs (when `discs`) and zones. `structures` are the covering structures: they
/// give dist_nearest_m whatever the rule.
CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, bool discs, const CoverageZones& zones,
                                Feedback* feedback = nullptr);

} // namespace tecsmap
