#include "commune_locator.hpp"

#include <limits>
#include <stdexcept>

namespace tecsmap {

CommuneLocator::CommuneLocator(const Territory& territory) {
    const std::size_t n = territory.communes.size();
    geometries_.reserve(n);
    east_.reserve(n);
    prepared_.resize(n); // each prepared at its first test (locate)
    for (std::size_t i = 0; i < n; ++i) {
        const GEOSGeometry* g = territory.communes[i].geometry.get();
        const geos::Envelope e = geos::envelope(g);
        tree_.insert(i, e);
        geometries_.push_back(g);
        east_.push_back(e.maxx);
    }
    // GEOS builds the tree at its first query: done here, before any thread shares it.
    (void)tree_.query({0, 0, 0, 0});
}

std::size_t CommuneLocator::locate(XY p) const {
    const geos::GeomPtr pt = geos::point(p.x, p.y);
    for (std::size_t i : tree_.query({p.x, p.y, p.x, p.y})) { // ascending = lowest INSEE first
        if (!prepared_[i])
            prepared_[i] = geos::prepare(geometries_[i]);
        if (GEOSPreparedIntersects_r(geos::ctx(), prepared_[i].get(), pt.get()) == 1)
            return i;
    }
    return Territory::npos;
}

CommuneSweep::CommuneSweep(const CommuneLocator& locator)
    : locator_(locator)
    , prepared_(locator.geometries_.size())
    , last_x_(-std::numeric_limits<double>::infinity()) {}

std::size_t CommuneSweep::locate(XY p) {
    if (p.x < last_x_)
        throw std::logic_error("CommuneSweep : points à prendre par x croissant");
    last_x_ = p.x;
    // Communes wholly west of p are never met again: their index goes.
    while (!east_edges_.empty() && east_edges_.top().first < p.x) {
        prepared_[east_edges_.top().second].reset();
        east_edges_.pop();
    }
    const geos::GeomPtr pt = geos::point(p.x, p.y);
    for (std::size_t i : locator_.tree_.query({p.x, p.y, p.x, p.y})) {
        if (!prepared_[i]) {
            prepared_[i] = geos::prepare(locator_.geometries_[i]);
            east_edges_.emplace(locator_.east_[i], i);
            ++prepared_total_;
        }
        if (GEOSPreparedIntersects_r(geos::ctx(), prepared_[i].get(), pt.get()) == 1)
            return i;
    }
    return Territory::npos;
}

} // namespace tecsmap
