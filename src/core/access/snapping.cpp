#include "snapping.hpp"

#include "errors.hpp"
#include "parallel.hpp"

#include <cmath>

namespace tecsmap::access {

Snapper::Snapper(const RoadGraph& graph)
    : tree_(graph.xy) {}

Snap Snapper::snap(XY p, double walk_kmh) const {
    if (!(walk_kmh > 0) || !std::isfinite(walk_kmh))
        throw StudyError("[accessibility] walk_kmh doit être une vitesse positive (km/h)");
    if (tree_.size() == 0)
        throw GeometryError("graphe routier vide : aucun nœud où rattacher les points");
    const KdTree::Nearest n = tree_.nearest(p);
    Snap s;
    s.node = static_cast<std::uint32_t>(n.index);
    s.distance_m = n.distance;
    s.walk_minutes = n.distance / (walk_kmh * 1000.0 / 60.0);
    s.far = n.distance > far_from_road_m;
    return s;
}

std::vector<Snap> Snapper::snap_all(const std::vector<XY>& points, double walk_kmh) const {
    std::vector<Snap> out(points.size());
    constexpr std::size_t chunk = 4096;
    parallel_for((points.size() + chunk - 1) / chunk, [&](std::size_t c) {
        for (std::size_t i = c * chunk; i < std::min(points.size(), (c + 1) * chunk); ++i)
            out[i] = snap(points[i], walk_kmh);
    });
    return out;
}

} // namespace tecsmap::access
