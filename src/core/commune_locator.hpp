#pragma once
// Finds the commune containing a point: STRtree on commune envelopes, then prepared-geometry
// tests. A point on a shared edge or vertex goes to the lowest INSEE code in text order
// (communes are stored in that order, so the lowest index).

#include "geos_handles.hpp"
#include "strtree.hpp"
#include "territory.hpp"

namespace tecsmap {

class CommuneLocator {
public:
    explicit CommuneLocator(const Territory& territory);
    /// Index of the commune whose polygon covers p (boundary included), or Territory::npos.
    std::size_t locate(XY p) const;

private:
    geos::StrTree tree_;
    std::vector<geos::PreparedPtr> prepared_;
};

} // namespace tecsmap
