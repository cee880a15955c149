#pragma once
// Finds the commune containing a point: STRtree on commune envelopes, then prepared-geometry
// tests. A point on a shared edge or vertex goes to the lowest INSEE code in text order
// (communes are stored in that order, so the lowest index).

#include "geos_handles.hpp"
#include "strtree.hpp"
#include "territory.hpp"

#include <queue>
#include <utility>
#include <vector>

namespace tecsmap {

/// Not for several threads at once, even through a const reference: locate() prepares the
/// communes it tests (see CommuneSweep for placing points on several threads).
class CommuneLocator {
public:
    explicit CommuneLocator(const Territory& territory);
    /// Index of the commune whose polygon covers p (boundary included), or Territory::npos.
    /// A commune is prepared at its first test (most are never tested when the points are
    /// placed by CommuneSweep): one thread at a time, as GEOS's prepared geometries require
    /// anyway (they build their point-in-polygon index at their first test).
    std::size_t locate(XY p) const;

private:
    friend class CommuneSweep;
    geos::StrTree tree_; // built here: queries from several threads only read it
    std::vector<const GEOSGeometry*> geometries_; // the territory's, which outlives the locator
    std::vector<double> east_;                    // the communes' greatest x
    mutable std::vector<geos::PreparedPtr> prepared_; // set by locate(), at a first test
};

/// Locates points taken in ascending x, on one thread, with the same answers as
/// CommuneLocator::locate. GEOS builds a point-in-polygon index inside each prepared commune it
/// tests (about 50 bytes a vertex); a locator keeps every one it built, nationally tens of MiB
/// for 100 000 initiatives. The sweep prepares a commune when a point first meets it and gives
/// it back once the sweep has passed the commune's east edge: memory holds the communes across
/// the sweep line only. Several sweeps may share one locator's envelope tree, each on its own
/// thread; the locator's own prepared geometries are not used.
class CommuneSweep {
public:
    explicit CommuneSweep(const CommuneLocator& locator);
    /// As CommuneLocator::locate. p.x must not be less than the previous point's (else throws
    /// std::logic_error).
    std::size_t locate(XY p);
    /// Communes prepared now: those across the sweep line that a point has met.
    std::size_t held() const noexcept { return east_edges_.size(); }
    /// Communes prepared so far: each commune met, once.
    std::size_t prepared_total() const noexcept { return prepared_total_; }

private:
    const CommuneLocator& locator_;
    std::vector<geos::PreparedPtr> prepared_; // only the communes across the sweep line
    // The prepared communes by east edge, the westmost first.
    using Edge = std::pair<double, std::size_t>;
    std::priority_queue<Edge, std::vector<Edge>, std::greater<Edge>> east_edges_;
    double last_x_;
    std::size_t prepared_total_ = 0;
};

} // namespace tecsmap
