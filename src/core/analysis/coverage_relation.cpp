#include "coverage_relation.hpp"

#include "../parallel.hpp"

#include <cmath>
#include <stdexcept>

namespace tecsmap {

namespace {
void check_radius(double radius_m) {
    if (!std::isfinite(radius_m) || radius_m < 0)
        throw std::invalid_argument("rayon de couverture négatif ou non fini");
}
} // namespace

std::vector<std::vector<std::size_t>> covers_within_radius(const std::vector<XY>& demand,
                                                           const std::vector<XY>& candidates,
                                                           double radius_m) {
    check_radius(radius_m);
    const KdTree tree(demand);
    std::vector<std::vector<std::size_t>> covers(candidates.size());
    parallel_for(candidates.size(),
                 [&](std::size_t j) { covers[j] = tree.within(candidates[j], radius_m); });
    return covers;
}

std::vector<char> covered_within_radius(const std::vector<XY>& demand,
                                        const std::vector<XY>& existing_sites, double radius_m) {
    check_radius(radius_m);
    std::vector<char> covered(demand.size(), 0);
    if (existing_sites.empty())
        return covered;
    const KdTree tree(existing_sites);
    parallel_for(demand.size(), [&](std::size_t i) {
        // Compared as KdTree::within compares (distances, not squares), so that existing and
        // candidate sites follow exactly the same rule at the radius.
        const XY s = existing_sites[tree.nearest(demand[i]).index];
        const double dx = s.x - demand[i].x, dy = s.y - demand[i].y;
        covered[i] = std::sqrt(dx * dx + dy * dy) <= radius_m ? 1 : 0;
    });
    return covered;
}

} // namespace tecsmap
