#pragma once
// GEOS STRtree over item indices. Items are inserted with their envelope (as a box geometry the
// tree owns), so callers keep their own geometry storage and get indices back.

#include "geos_handles.hpp"

#include <functional>
#include <vector>

namespace tecsmap::geos {

class StrTree {
public:
    StrTree();
    ~StrTree();
    StrTree(const StrTree&) = delete;
    StrTree& operator=(const StrTree&) = delete;

    void insert(std::size_t item, const Envelope& env);
    /// Indices of the items whose envelope intersects env, sorted ascending (deterministic).
    std::vector<std::size_t> query(const Envelope& env) const;
    std::size_t size() const noexcept { return boxes_.size(); }

private:
    GEOSSTRtree* tree_;
    std::vector<GeomPtr> boxes_;
};

GeomPtr box(const Envelope& env);

} // namespace tecsmap::geos
