#include "hit_tester.hpp"

#include "points.hpp"

#include <cmath>

namespace tecsmap::gui {

namespace {
std::vector<XY> positions(const StudyInputs& in, std::vector<std::size_t>& placed) {
    std::vector<XY> xy;
    for (std::size_t i = 0; i < in.structures.size(); ++i)
        if (const auto& p = in.structures[i].place.xy) {
            xy.push_back({p->x, p->y});
            placed.push_back(i);
        }
    return xy;
}
} // namespace

HitTester::HitTester(std::shared_ptr<const Territory> territory,
                     std::shared_ptr<const StudyInputs> inputs,
                     std::shared_ptr<const CommuneLocator> locator)
    : territory_(std::move(territory))
    , inputs_(std::move(inputs))
    , locator_(std::move(locator))
    , structures_(positions(*inputs_, placed_)) {}

HitTester::Hit HitTester::at(QPointF p, double tolerance_m, std::optional<int> year) const {
    if (!year) {
        const KdTree::Nearest n = structures_.nearest({p.x(), p.y()});
        if (n.index != KdTree::npos && n.distance <= tolerance_m)
            return {Hit::Kind::Structure, placed_[n.index]};
    } else {
        // The nearest structure drawn that year, among those within the tolerance.
        std::size_t best = KdTree::npos;
        double best_d = 0;
        for (std::size_t k : structures_.within({p.x(), p.y()}, tolerance_m)) {
            const Structure& s = inputs_->structures[placed_[k]];
            if (!agreed_in_year(s, *year))
                continue;
            const double d = std::hypot(s.place.xy->x - p.x(), s.place.xy->y - p.y());
            if (best == KdTree::npos || d < best_d || (d == best_d && k < best)) {
                best = k;
                best_d = d;
            }
        }
        if (best != KdTree::npos)
            return {Hit::Kind::Structure, placed_[best]};
    }
    const std::size_t i = locator_->locate({p.x(), p.y()});
    if (i == Territory::npos)
        return {};
    return {Hit::Kind::Commune, i};
}

} // namespace tecsmap::gui
