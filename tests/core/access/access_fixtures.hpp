#pragma once
// Hand-written road networks for the accessibility tests: nodes given in metres from a base
// point in the Drôme (EPSG:2154), written as real OSM XML (or PBF) with libosmium.

#include "access/road_graph.hpp"
#include "osm_synth/osm_network.hpp"

#include <algorithm>
#include <string>

namespace tecsmap::test {

inline constexpr double X0 = 850000, Y0 = 6400000;

struct HandNetwork {
    osm_synth::OsmNetwork osm;
    void node(std::int64_t id, double dx, double dy) { osm.node(id, {X0 + dx, Y0 + dy}); }
    void way(std::int64_t id, std::vector<std::int64_t> nodes, osm_synth::Tags tags) {
        osm.way(id, std::move(nodes), std::move(tags));
    }
    /// Writes `name` (.osm or .osm.pbf) in the scratch directory; returns its path.
    std::string write(const std::string& name) const;
};

/// Graph parameters for a territory box given in metres from the base point.
access::RoadGraphParams graph_params(const std::string& path, double minx, double miny, double maxx,
                                     double maxy, double margin_km);

/// Index of the node with that OSM id, or npos.
std::size_t node_of(const access::RoadGraph& g, std::int64_t osm_id);
/// Minutes of the edge a -> b (OSM ids), or -1 when there is none.
double edge_minutes(const access::RoadGraph& g, std::int64_t a, std::int64_t b);

} // namespace tecsmap::test
