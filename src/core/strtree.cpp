#include "strtree.hpp"

#include "errors.hpp"

#include <algorithm>
#include <cstdint>

namespace tecsmap::geos {

GeomPtr box(const Envelope& e) {
    return take(GEOSGeom_createRectangle_r(ctx(), e.minx, e.miny, e.maxx, e.maxy), "rectangle");
}

StrTree::StrTree()
    : tree_(GEOSSTRtree_create_r(ctx(), 10)) {
    if (!tree_)
        throw GeometryError("GEOS : création d'un index spatial impossible : " + last_error());
}

StrTree::~StrTree() {
    GEOSSTRtree_destroy_r(ctx(), tree_);
}

void StrTree::insert(std::size_t item, const Envelope& env) {
    // The payload is the item index itself, carried in the pointer: no storage to keep stable.
    boxes_.push_back(box(env));
    GEOSSTRtree_insert_r(ctx(), tree_, boxes_.back().get(),
                         reinterpret_cast<void*>(static_cast<std::uintptr_t>(item)));
}

std::vector<std::size_t> StrTree::query(const Envelope& env) const {
    std::vector<std::size_t> out;
    if (boxes_.empty())
        return out;
    GeomPtr q = box(env);
    GEOSSTRtree_query_r(
        ctx(), tree_, q.get(),
        [](void* item, void* user) {
            static_cast<std::vector<std::size_t>*>(user)->push_back(
                static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(item)));
        },
        &out);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace tecsmap::geos
