#include "access_fixtures.hpp"

#include <filesystem>

namespace tecsmap::test {

std::string HandNetwork::write(const std::string& name) const {
    osm.write(name);
    return std::filesystem::absolute(name).string();
}

access::RoadGraphParams graph_params(const std::string& path, double minx, double miny, double maxx,
                                     double maxy, double margin_km) {
    access::RoadGraphParams p;
    p.roads_path = path;
    p.territory = {X0 + minx, Y0 + miny, X0 + maxx, Y0 + maxy};
    p.margin_km = margin_km;
    return p;
}

std::size_t node_of(const access::RoadGraph& g, std::int64_t id) {
    const auto it = std::lower_bound(g.osm_id.begin(), g.osm_id.end(), id);
    if (it == g.osm_id.end() || *it != id)
        return static_cast<std::size_t>(-1);
    return static_cast<std::size_t>(it - g.osm_id.begin());
}

double edge_minutes(const access::RoadGraph& g, std::int64_t a, std::int64_t b) {
    const std::size_t ia = node_of(g, a), ib = node_of(g, b);
    if (ia == static_cast<std::size_t>(-1) || ib == static_cast<std::size_t>(-1))
        return -1;
    for (std::uint32_t e = g.forward.offsets[ia]; e < g.forward.offsets[ia + 1]; ++e)
        if (g.forward.targets[e] == ib)
            return g.forward.minutes[e];
    return -1;
}

} // namespace tecsmap::test
