#include "incremental_coverage.hpp"

#include "../parallel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tecsmap {

namespace {

std::vector<CommuneReach> reaches(const Territory& t, double radius_m) {
    std::vector<CommuneReach> out(t.communes.size());
    parallel_for(t.communes.size(),
                 [&](std::size_t i) { out[i] = commune_reach(t.communes[i], radius_m); });
    return out;
}

std::vector<XY> centres(const std::vector<CommuneReach>& r) {
    std::vector<XY> out;
    out.reserve(r.size());
    for (const CommuneReach& c : r)
        out.push_back(c.centre);
    return out;
}

} // namespace

IncrementalCoverage::IncrementalCoverage(const Territory& territory, std::vector<XY> structures,
                                         double radius_m, Feedback* feedback)
    : territory_(territory)
    , radius_m_(radius_m)
    , structure_count_(structures.size())
    , reach_(reaches(territory, radius_m))
    , commune_centres_(centres(reach_))
    , structure_tree_(structures) {
    sites_.reserve(structures.size());
    for (const XY& s : structures)
        sites_.push_back({s, true, coverage_disc(s, radius_m)});
    for (const CommuneReach& r : reach_)
        max_search_radius_ = std::max(max_search_radius_, r.search_radius);
    const std::size_t n = territory.communes.size();
    pop_uncovered_.assign(n, 0.0);
    covered_share_.assign(n, 0.0);
    RecentUnions unions; // neighbouring communes share their discs' union (coverage.hpp)
    parallel_for(n, [&](std::size_t i) {
        feedback_check(feedback);
        recompute(i, unions);
    });
}

void IncrementalCoverage::recompute(std::size_t i, RecentUnions& unions) {
    const CommuneReach& reach = reach_[i];
    // The same candidates as compute_coverage: the sites within the search radius, ascending
    // (structures by index, then hypothetical sites by id), inactive ones left out.
    std::vector<std::size_t> reaching;
    for (std::size_t s : structure_tree_.within(reach.centre, reach.search_radius))
        if (sites_[s].active)
            reaching.push_back(s);
    for (std::size_t s = structure_count_; s < sites_.size(); ++s) {
        if (!sites_[s].active)
            continue;
        const double dx = sites_[s].xy.x - reach.centre.x, dy = sites_[s].xy.y - reach.centre.y;
        if (std::sqrt(dx * dx + dy * dy) <= reach.search_radius)
            reaching.push_back(s);
    }
    // commune_uncovered indexes sites and discs by position: give it compact vectors.
    std::vector<XY> xy;
    std::vector<const GEOSGeometry*> discs;
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < reaching.size(); ++k) {
        xy.push_back(sites_[reaching[k]].xy);
        discs.push_back(sites_[reaching[k]].disc.get());
        order.push_back(k);
    }
    const CommuneUncovered u =
        commune_uncovered(territory_.communes[i], xy, discs, order, radius_m_, {}, &unions);
    pop_uncovered_[i] = u.pop_uncovered;
    covered_share_[i] = u.covered_share;
}

void IncrementalCoverage::refresh_around(const std::vector<XY>& points) {
    // A commune is affected when the changed site lies within its search radius: query the
    // commune centres with the largest search radius, then keep the exact ones.
    std::vector<std::size_t> affected;
    for (const XY& p : points)
        for (std::size_t i : commune_centres_.within(p, max_search_radius_)) {
            const double dx = p.x - reach_[i].centre.x, dy = p.y - reach_[i].centre.y;
            if (std::sqrt(dx * dx + dy * dy) <= reach_[i].search_radius)
                affected.push_back(i);
        }
    std::sort(affected.begin(), affected.end());
    affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
    // The discs stay in place during this change, so the unions' keys (disc addresses) hold.
    RecentUnions unions;
    parallel_for(affected.size(), [&](std::size_t k) { recompute(affected[k], unions); });
    last_changed_ = std::move(affected);
}

std::size_t IncrementalCoverage::site_index_checked(SiteId id) const {
    const std::size_t s = structure_count_ + id;
    if (s >= sites_.size() || !sites_[s].active)
        throw std::out_of_range("site hypothétique inconnu ou déjà retiré");
    return s;
}

IncrementalCoverage::SiteId IncrementalCoverage::add_site(XY xy) {
    sites_.push_back({xy, true, coverage_disc(xy, radius_m_)});
    refresh_around({xy});
    return sites_.size() - 1 - structure_count_;
}

void IncrementalCoverage::move_site(SiteId id, XY xy) {
    const std::size_t s = site_index_checked(id);
    const XY old = sites_[s].xy;
    sites_[s].xy = xy;
    sites_[s].disc = coverage_disc(xy, radius_m_);
    refresh_around({old, xy});
}

void IncrementalCoverage::remove_site(SiteId id) {
    const std::size_t s = site_index_checked(id);
    sites_[s].active = false;
    sites_[s].disc.reset();
    refresh_around({sites_[s].xy});
}

void IncrementalCoverage::set_structure_active(std::size_t structure, bool active) {
    if (structure >= structure_count_)
        throw std::out_of_range("structure inconnue");
    if (sites_[structure].active == active)
        return;
    sites_[structure].active = active;
    refresh_around({sites_[structure].xy});
}

std::vector<double> IncrementalCoverage::ctg_pop_uncovered() const {
    return territory_.sum_per_ctg(pop_uncovered_);
}

double IncrementalCoverage::total_pop_uncovered() const {
    double total = 0;
    for (double v : pop_uncovered_)
        total += v;
    return total;
}

std::vector<XY> IncrementalCoverage::active_sites() const {
    std::vector<XY> out;
    for (const Site& s : sites_)
        if (s.active)
            out.push_back(s.xy);
    return out;
}

std::size_t IncrementalCoverage::hypothetical_count() const {
    std::size_t n = 0;
    for (std::size_t s = structure_count_; s < sites_.size(); ++s)
        n += sites_[s].active;
    return n;
}

} // namespace tecsmap
