#include "commune_locator.hpp"

namespace tecsmap {

CommuneLocator::CommuneLocator(const Territory& territory) {
    prepared_.reserve(territory.communes.size());
    for (std::size_t i = 0; i < territory.communes.size(); ++i) {
        const GEOSGeometry* g = territory.communes[i].geometry.get();
        tree_.insert(i, geos::envelope(g));
        prepared_.push_back(geos::prepare(g));
    }
}

std::size_t CommuneLocator::locate(XY p) const {
    const geos::GeomPtr pt = geos::point(p.x, p.y);
    for (std::size_t i : tree_.query({p.x, p.y, p.x, p.y})) // ascending = lowest INSEE first
        if (GEOSPreparedIntersects_r(geos::ctx(), prepared_[i].get(), pt.get()) == 1)
            return i;
    return Territory::npos;
}

} // namespace tecsmap
