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
#include <list>
#include <memory>
#include <mutex>
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

/// Where the discs that may reach a commune are: within `search_radius` of `centre` (the centre
/// of its envelope; radius + half the envelope's diagonal).
struct CommuneReach {
    XY centre;
    double search_radius = 0;
    geos::Envelope envelope;
};
CommuneReach commune_reach(const Commune& commune, double radius_m);

/// One commune's part outside the discs of the sites.
struct CommuneUncovered {
    geos::GeomPtr geometry; ///< polygonal, possibly empty
    double covered_share = 0;
    double pop_uncovered = 0;
    bool whole = false; ///< geometry is the commune's own polygon: nothing reaches it
};

/// The disc of radius R around a site, as coverage draws it (kDiscQuadrantSegments).
geos::GeomPtr coverage_disc(XY site, double radius_m);

/// The recent unions of the shapes (discs, zone polygons) that reach a commune, shared by the
/// threads of one coverage computation. Neighbouring communes are often reached by the very
/// same shapes (nationally, 60 % of the unions repeat one of the 64 before them): their union
/// is computed once. A union depends only on its inputs and their order, so the figures are
/// the same with or without this, whichever thread computes a union.
/// Keyed by the shapes' addresses: the shapes must outlive the object (one per computation).
class RecentUnions {
public:
    explicit RecentUnions(std::size_t capacity = 64)
        : capacity_(capacity) {}
    RecentUnions(const RecentUnions&) = delete;
    RecentUnions& operator=(const RecentUnions&) = delete;

    /// geos::union_of(shapes): a copy of one of the recent ones, or computed (outside the
    /// lock) and a copy kept in place of the least recently used. Thread-safe. The caller gets
    /// its own geometry: GEOS geometries fill caches (their envelopes) when first used, so the
    /// kept ones are only ever copied, never operated on by several threads.
    geos::GeomPtr get(const std::vector<const GEOSGeometry*>& shapes);

    std::size_t computed() const; ///< unions computed so far
    std::size_t reused() const;   ///< unions taken from the recent ones

private:
    using Entry = std::pair<std::vector<const GEOSGeometry*>, std::shared_ptr<const GEOSGeometry>>;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<Entry> recent_; // most recently used first
    std::size_t computed_ = 0, reused_ = 0;
};

/// Coverage of one commune by the discs of `sites` (discs[s] = coverage_disc(sites[s])).
/// `reaching`: the indices of the sites within commune_reach().search_radius of its centre,
/// ASCENDING: the union follows that order, so that any caller that passes the same sites in
/// the same relative order (compute_coverage, the incremental what-if) gets bit-identical
/// figures.
/// `zone_polygons`: agreed zones of covering structures given as polygons (zones layer) whose
/// envelope meets the commune, in ascending order; subtracted like the discs.
/// `unions`, when given, lends the union of those discs and zones if it was made lately.
CommuneUncovered commune_uncovered(const Commune& commune, const std::vector<XY>& sites,
                                   const std::vector<const GEOSGeometry*>& discs,
                                   const std::vector<std::size_t>& reaching, double radius_m,
                                   const std::vector<const GEOSGeometry*>& zone_polygons = {},
                                   RecentUnions* unions = nullptr);

/// `feedback` (optional) enters the stage "zones non couvertes" for the gap layer and may
/// cancel between communes.
CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, Feedback* feedback = nullptr);

/// Coverage by discs (when `discs`) and zones. `structures` are the covering structures: they
/// give dist_nearest_m whatever the rule. Without `with_gaps` the gap layer is left empty (the
/// per-commune figures are the same): what-if scenarios need only the figures.
CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, bool discs, const CoverageZones& zones,
                                Feedback* feedback = nullptr, bool with_gaps = true);

// People where they live and time-based coverage (issue 12), beside the disc coverage above.

/// A piece of uncovered territory and the people it holds: an uncovered commune, or an
/// uncovered part of a population cell. Pieces never overlap.
struct UncoveredPiece {
    const GEOSGeometry* geometry; ///< borrowed
    double population = 0;
    /// The piece is a whole commune polygon of the territory. Whole communes form a clean
    /// coverage (shared boundaries have the same vertices), so their union needs no overlay.
    bool whole_commune = false;
};

/// The gap layer from non-overlapping pieces: their union split into single polygons, each
/// piece's people going to the part that holds its PointOnSurface (so the parts' pop_est sum
/// to the pieces' people).
std::vector<GapPart> gaps_from_pieces(const std::vector<UncoveredPiece>& pieces,
                                      Feedback* feedback = nullptr);

/// A population-grid part as a demand point of a geometric rule (distance, zones).
struct GridDemand {
    XY point;              ///< GridPart::point, inside its commune
    std::size_t commune;   ///< index into Territory::communes
    double population = 0; ///< reconciled to the COG
    bool covered = false;  ///< by the study's rule (within R, inside a covering zone…)
};

/// People where they live under a geometric rule: a commune with grid cells gets as
/// pop_uncovered the people of its uncovered parts; each gap part's pop_est becomes the people
/// of the uncovered parts whose point it holds, plus, for communes kept uniform (no cell:
/// `uniform[i]`), population × area(commune ∩ part) / area(commune). covered_share and the gap
/// polygons are unchanged. Returns the people of uncovered parts no gap part holds (0 unless a
/// gap piece was dropped as numerical noise).
double apply_grid_demand(const Territory& territory, const std::vector<GridDemand>& parts,
                         const std::vector<bool>& uniform, CoverageResult& coverage);

} // namespace tecsmap
