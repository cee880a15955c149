#pragma once
// Writes a road network given in metric coordinates as a real OpenStreetMap file (XML or PBF,
// by the file name's suffix) with libosmium: nodes are projected to WGS84 longitude/latitude
// with PROJ, as an OSM extract stores them. Used by the test fixtures and the benchmark's
// synthetic national network.

#include "kdtree.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tecsmap::osm_synth {

using Tags = std::vector<std::pair<std::string, std::string>>;

struct OsmWay {
    std::int64_t id = 0;
    std::vector<std::int64_t> nodes;
    Tags tags;
};

class OsmNetwork {
public:
    explicit OsmNetwork(std::string metric_crs = "EPSG:2154")
        : crs_(std::move(metric_crs)) {}
    /// Adds a node at a metric position (ids ascending is what extracts do, not required).
    void node(std::int64_t id, XY metric);
    void way(std::int64_t id, std::vector<std::int64_t> nodes, Tags tags);
    /// Writes the file (.osm → XML, .osm.pbf → PBF). Nodes first, then ways, ids ascending.
    void write(const std::string& path) const;

    std::size_t node_count() const noexcept { return ids_.size(); }
    std::size_t way_count() const noexcept { return ways_.size(); }

private:
    std::string crs_;
    std::vector<std::int64_t> ids_;
    std::vector<XY> xy_;
    std::vector<OsmWay> ways_;
};

} // namespace tecsmap::osm_synth
