#pragma once
// Incremental coverage for the what-if (issue 13, item 2): the straight-line coverage of the
// territory (coverage.hpp) kept up to date while hypothetical sites are added, moved or
// removed and existing structures are taken out, recomputing only the communes the changed
// disc can reach. Figures are bit-identical to compute_coverage() run from scratch on the
// active structures (in their order) followed by the active hypothetical sites (in the order
// they were added): both call commune_uncovered() with the same discs in the same order.
//
// Not thread-safe: one instance per map view (or per scenario); each call uses both cores.

#include "../feedback.hpp"
#include "../territory.hpp"
#include "coverage.hpp"

#include <cstddef>
#include <vector>

namespace tecsmap {

class IncrementalCoverage {
public:
    using SiteId = std::size_t;

    /// `structures`: the covering structures (metric CRS, inside or outside the territory).
    /// Computes the initial coverage (as compute_coverage, without the gap layer).
    IncrementalCoverage(const Territory& territory, std::vector<XY> structures, double radius_m,
                        Feedback* feedback = nullptr);

    /// Adds a hypothetical site; returns its id (ids are never reused).
    SiteId add_site(XY xy);
    /// Moves a hypothetical site. Throws std::out_of_range on an unknown or removed id.
    void move_site(SiteId id, XY xy);
    /// Removes a hypothetical site. Throws std::out_of_range on an unknown or removed id.
    void remove_site(SiteId id);
    /// Takes an existing structure out of coverage (index into the constructor's vector), or
    /// puts it back. Throws std::out_of_range on a bad index.
    void set_structure_active(std::size_t structure, bool active);

    const std::vector<double>& pop_uncovered() const { return pop_uncovered_; }
    const std::vector<double>& covered_share() const { return covered_share_; }
    /// Per CTG (parallel to territory.ctgs), summed over its communes in commune order.
    std::vector<double> ctg_pop_uncovered() const;
    double total_pop_uncovered() const;
    /// The communes recomputed by the last change (ascending), for a map view's repaint.
    const std::vector<std::size_t>& last_changed() const { return last_changed_; }

    /// The active sites in compute_coverage order (structures then hypothetical sites).
    std::vector<XY> active_sites() const;
    std::size_t hypothetical_count() const;

private:
    struct Site {
        XY xy;
        bool active = true;
        geos::GeomPtr disc;
    };
    std::size_t site_index_checked(SiteId id) const;
    /// Recomputes the communes whose reach contains a point within R of `a` or `b`.
    void refresh_around(const std::vector<XY>& points);
    void recompute(std::size_t commune, RecentUnions& unions);

    const Territory& territory_;
    double radius_m_;
    std::vector<Site> sites_; ///< structures first, then hypothetical sites by id
    std::size_t structure_count_ = 0;
    std::vector<CommuneReach> reach_;
    KdTree commune_centres_; ///< envelope centres, to find the communes a disc may touch
    double max_search_radius_ = 0;
    KdTree structure_tree_;  ///< over the structures (active or not)
    std::vector<double> pop_uncovered_;
    std::vector<double> covered_share_;
    std::vector<std::size_t> last_changed_;
};

} // namespace tecsmap
