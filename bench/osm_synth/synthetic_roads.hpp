#pragma once
// A seeded synthetic road network with a realistic mix: a jittered grid of junctions (some
// links missing, so degrees vary and dead ends exist), shape nodes along each link (most OSM
// nodes have degree 2), a hierarchy of classes (motorway as two one-way carriageways, primary,
// secondary, tertiary on every 16th/8th/4th line; unclassified, residential, service,
// living_street, track elsewhere), and the tagging cases the rules handle (oneway yes/-1/true/1/no,
// roundabouts, maxspeed "50", "70 km/h", "30 mph", "FR:urban", access=private, construction,
// ferries). Same seed, same network.

#include "osm_network.hpp"

#include <cstdint>

namespace tecsmap::osm_synth {

struct SyntheticParams {
    std::uint64_t seed = 12;
    std::size_t target_nodes = 20000;
    double spacing_m = 800;     ///< between junctions
    XY origin{800000, 6350000}; ///< south-west corner, metric CRS
    std::string crs = "EPSG:2154";
};

/// Builds the network (does not write it). Roughly target_nodes nodes.
OsmNetwork synthetic_roads(const SyntheticParams& params);

} // namespace tecsmap::osm_synth
