// Test tool for the independent check (check_networkx.py): writes a seeded synthetic network as
// OSM XML, builds the road graph, snaps seeded demand points and structures, computes nearest
// structures, catchment times and E2SFCA, and exports everything as CSV with full precision.
//
//   access_export OUT_DIR [NODES] [SEED]

#include "access/e2sfca.hpp"
#include "access/road_graph.hpp"
#include "access/travel_times.hpp"
#include "osm_synth/synthetic_roads.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

using namespace tecsmap;
using namespace tecsmap::access;

namespace {
std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: access_export OUT_DIR [NODES] [SEED]\n";
        return 2;
    }
    try {
        const std::filesystem::path out = argv[1];
        std::filesystem::create_directories(out);
        osm_synth::SyntheticParams sp;
        sp.target_nodes = argc > 2 ? std::stoul(argv[2]) : 6000;
        sp.seed = argc > 3 ? std::stoull(argv[3]) : 12;
        sp.spacing_m = 600;
        const osm_synth::OsmNetwork net = osm_synth::synthetic_roads(sp);
        const std::string osm = (out / "network.osm").string();
        net.write(osm);

        // The territory box covers the middle of the network; the margin leaves some ways out.
        const double extent = std::sqrt(static_cast<double>(sp.target_nodes) / 4.0) * sp.spacing_m;
        RoadGraphParams params;
        params.roads_path = osm;
        params.territory = {sp.origin.x + 0.3 * extent, sp.origin.y + 0.3 * extent,
                            sp.origin.x + 0.6 * extent, sp.origin.y + 0.6 * extent};
        params.margin_km = 0.1 * extent / 1000.0;
        const RoadGraph g = build_road_graph(params);
        const geos::Envelope box = keep_box(params);
        std::ofstream(out / "params.txt")
            << "crs " << params.crs << "\nbox " << num(box.minx) << ' ' << num(box.miny) << ' '
            << num(box.maxx) << ' ' << num(box.maxy) << "\nwalk_kmh 4.5\ncatchment 30\n";
        {
            std::ofstream f(out / "nodes.csv");
            f << "osm_id,x,y\n";
            for (std::size_t i = 0; i < g.node_count(); ++i)
                f << g.osm_id[i] << ',' << num(g.xy[i].x) << ',' << num(g.xy[i].y) << '\n';
        }
        {
            std::ofstream f(out / "edges.csv");
            f << "from_osm,to_osm,minutes\n";
            for (std::uint32_t v = 0; v < g.node_count(); ++v)
                for (std::uint32_t e = g.forward.offsets[v]; e < g.forward.offsets[v + 1]; ++e)
                    f << g.osm_id[v] << ',' << g.osm_id[g.forward.targets[e]] << ','
                      << num(g.forward.minutes[e]) << '\n';
        }

        // Seeded points over the box (some far outside the road-dense part).
        std::mt19937_64 rng(sp.seed * 7 + 1);
        std::uniform_real_distribution<double> ux(box.minx, box.maxx), uy(box.miny, box.maxy);
        std::uniform_int_distribution<int> upop(0, 500), usupply(1, 3);
        std::vector<XY> demand(400), structures(15);
        std::vector<double> population(demand.size()), supply(structures.size());
        for (std::size_t i = 0; i < demand.size(); ++i) {
            demand[i] = {ux(rng), uy(rng)};
            population[i] = upop(rng);
        }
        for (std::size_t j = 0; j < structures.size(); ++j) {
            structures[j] = {ux(rng), uy(rng)};
            supply[j] = usupply(rng);
        }
        // Two demand points on the same spot as a structure's, to exercise exact ties.
        demand[0] = structures[3];
        demand[1] = structures[4];

        const Snapper snapper(g);
        const std::vector<Snap> ds = snapper.snap_all(demand, default_walk_kmh);
        const std::vector<Snap> ss = snapper.snap_all(structures, default_walk_kmh);
        {
            std::ofstream f(out / "points.csv");
            f << "kind,index,x,y,value,node_osm,distance_m,walk_minutes\n";
            for (std::size_t i = 0; i < demand.size(); ++i)
                f << "demand," << i << ',' << num(demand[i].x) << ',' << num(demand[i].y) << ','
                  << num(population[i]) << ',' << g.osm_id[ds[i].node] << ','
                  << num(ds[i].distance_m) << ',' << num(ds[i].walk_minutes) << '\n';
            for (std::size_t j = 0; j < structures.size(); ++j)
                f << "structure," << j << ',' << num(structures[j].x) << ',' << num(structures[j].y)
                  << ',' << num(supply[j]) << ',' << g.osm_id[ss[j].node] << ','
                  << num(ss[j].distance_m) << ',' << num(ss[j].walk_minutes) << '\n';
        }
        const NearestStructure near = nearest_structure(g, ds, ss);
        {
            std::ofstream f(out / "nearest.csv");
            f << "demand,minutes,structure\n";
            for (std::size_t i = 0; i < demand.size(); ++i)
                f << i << ',' << num(near.minutes[i]) << ',' << near.structure[i] << '\n';
        }
        const E2sfcaParams ep;
        const auto within = times_within(g, ds, ss, ep.catchment_minutes());
        {
            std::ofstream f(out / "within.csv");
            f << "structure,demand,minutes\n";
            for (std::size_t j = 0; j < within.size(); ++j)
                for (const TimeEntry& e : within[j])
                    f << j << ',' << e.demand << ',' << num(e.minutes) << '\n';
        }
        const E2sfcaResult r = compute_e2sfca(within, supply, population, ep);
        {
            std::ofstream f(out / "e2sfca.csv");
            f << "kind,index,value\n";
            for (std::size_t j = 0; j < r.ratio.size(); ++j)
                f << "ratio," << j << ',' << num(r.ratio[j]) << '\n';
            for (std::size_t i = 0; i < r.index.size(); ++i)
                f << "index," << i << ',' << num(r.index[i]) << '\n';
        }
        std::cout << "access_export: " << g.node_count() << " nodes, " << g.edge_count()
                  << " edges (" << g.stats.nodes_before_scc << " before SCC)\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "access_export: " << e.what() << '\n';
        return 1;
    }
}
