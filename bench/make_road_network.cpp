// Writes the seeded synthetic road network of the accessibility benchmark (issue 12) as an OSM
// PBF (or XML by suffix). Nothing is committed: the network is regenerated from its seed.
//
//   tecsmap-make-road-network OUT.osm.pbf [NODES=5000000] [SEED=12] [SPACING_M=450]
//                             [ORIGIN_X=100000] [ORIGIN_Y=6100000]
// Prints the network's extent (metric CRS, EPSG:2154) for tecsmap-bench-access --box.

#include "osm_synth/synthetic_roads.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: tecsmap-make-road-network OUT.osm.pbf [NODES] [SEED] [SPACING_M] "
                     "[ORIGIN_X] [ORIGIN_Y]\n";
        return 2;
    }
    try {
        tecsmap::osm_synth::SyntheticParams p;
        p.target_nodes = argc > 2 ? std::stoul(argv[2]) : 5000000;
        p.seed = argc > 3 ? std::stoull(argv[3]) : 12;
        p.spacing_m = argc > 4 ? std::stod(argv[4]) : 450;
        p.origin = {argc > 5 ? std::stod(argv[5]) : 100000,
                    argc > 6 ? std::stod(argv[6]) : 6100000};
        const auto t0 = std::chrono::steady_clock::now();
        const auto net = tecsmap::osm_synth::synthetic_roads(p);
        net.write(argv[1]);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double side = std::ceil(std::sqrt(static_cast<double>(p.target_nodes) / 4.0));
        std::printf("%s: %zu nodes, %zu ways, written in %.1f s\nbox %.0f %.0f %.0f %.0f\n",
                    argv[1], net.node_count(), net.way_count(), s, p.origin.x, p.origin.y,
                    p.origin.x + (side - 1) * p.spacing_m, p.origin.y + (side - 1) * p.spacing_m);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tecsmap-make-road-network: " << e.what() << '\n';
        return 1;
    }
}
