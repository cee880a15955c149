#include "synthetic_roads.hpp"

#include <cmath>
#include <random>
#include <string>

namespace tecsmap::osm_synth {

OsmNetwork synthetic_roads(const SyntheticParams& p) {
    // Each junction owns about two links with 1.5 shape nodes each: ~4 nodes per junction.
    const auto side = static_cast<std::int64_t>(
        std::max(2.0, std::ceil(std::sqrt(static_cast<double>(p.target_nodes) / 4.0))));
    std::mt19937_64 rng(p.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    OsmNetwork net(p.crs);
    auto junction_id = [&](std::int64_t i, std::int64_t j) { return 1 + i * side + j; };
    std::vector<XY> junction(static_cast<std::size_t>(side * side));
    for (std::int64_t i = 0; i < side; ++i)
        for (std::int64_t j = 0; j < side; ++j) {
            const XY q{p.origin.x + static_cast<double>(j) * p.spacing_m +
                           (unit(rng) - 0.5) * 0.6 * p.spacing_m,
                       p.origin.y + static_cast<double>(i) * p.spacing_m +
                           (unit(rng) - 0.5) * 0.6 * p.spacing_m};
            junction[static_cast<std::size_t>(i * side + j)] = q;
            net.node(junction_id(i, j), q);
        }
    std::int64_t next_node = side * side + 1;
    std::int64_t next_way = 1;
    auto line_class = [&](std::int64_t line) -> std::string {
        if (line % 48 == 24)
            return "motorway";
        if (line % 16 == 8)
            return "primary";
        if (line % 8 == 4)
            return "secondary";
        if (line % 4 == 2)
            return "tertiary";
        const double r = unit(rng);
        return r < 0.30   ? "unclassified"
               : r < 0.80 ? "residential"
               : r < 0.90 ? "service"
               : r < 0.95 ? "living_street"
                          : "track";
    };
    const char* maxspeeds[] = {"50", "70 km/h", "30 mph", "FR:urban", "none", "90"};
    const char* oneways[] = {"yes", "-1", "true", "1", "no", "reverse"};
    auto link = [&](std::int64_t a, std::int64_t b, XY pa, XY pb, std::int64_t line) {
        std::string cls = line_class(line);
        const bool major = cls == "motorway" || cls == "primary" || cls == "secondary";
        if (!major && unit(rng) < 0.12)
            return; // a missing link: irregular degrees, dead ends
        std::vector<std::int64_t> nodes{a};
        const int shapes = static_cast<int>(unit(rng) * 4); // 0..3 shape nodes
        for (int k = 1; k <= shapes; ++k) {
            const double t = static_cast<double>(k) / (shapes + 1);
            const XY q{pa.x + (pb.x - pa.x) * t + (unit(rng) - 0.5) * 40,
                       pa.y + (pb.y - pa.y) * t + (unit(rng) - 0.5) * 40};
            net.node(next_node, q);
            nodes.push_back(next_node++);
        }
        nodes.push_back(b);
        Tags tags;
        if (cls == "motorway") {
            // Two carriageways on the same nodes, each one-way by implication.
            net.way(next_way++, nodes, {{"highway", "motorway"}, {"ref", "A 7"}});
            std::vector<std::int64_t> back(nodes.rbegin(), nodes.rend());
            net.way(next_way++, back, {{"highway", "motorway"}, {"ref", "A 7"}});
            return;
        }
        const double r = unit(rng);
        if (r < 0.005) {
            net.way(next_way++, nodes, {{"route", "ferry"}, {"name", "Bac"}});
            return;
        }
        if (r < 0.015)
            tags.push_back({"highway", "construction"});
        else
            tags.push_back({"highway", cls});
        if (cls == "service" && unit(rng) < 0.2)
            tags.push_back({"access", unit(rng) < 0.5 ? "private" : "no"});
        if (unit(rng) < 0.10)
            tags.push_back({"maxspeed", maxspeeds[static_cast<int>(unit(rng) * 6) % 6]});
        if ((cls == "residential" || cls == "unclassified") && unit(rng) < 0.08)
            tags.push_back({"oneway", oneways[static_cast<int>(unit(rng) * 6) % 6]});
        else if (cls == "tertiary" && unit(rng) < 0.03)
            tags.push_back({"junction", "roundabout"});
        net.way(next_way++, nodes, tags);
    };
    for (std::int64_t i = 0; i < side; ++i)
        for (std::int64_t j = 0; j < side; ++j) {
            const XY here = junction[static_cast<std::size_t>(i * side + j)];
            if (j + 1 < side) // along row i
                link(junction_id(i, j), junction_id(i, j + 1), here,
                     junction[static_cast<std::size_t>(i * side + j + 1)], i);
            if (i + 1 < side) // along column j
                link(junction_id(i, j), junction_id(i + 1, j), here,
                     junction[static_cast<std::size_t>((i + 1) * side + j)], j);
        }
    return net;
}

} // namespace tecsmap::osm_synth
