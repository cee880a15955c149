// Benchmark of the accessibility engine (issue 12) on a synthetic network written by
// tecsmap-make-road-network: graph build (cold) and cache load (warm), snapping, nearest-
// structure minutes, catchment times and E2SFCA, isochrones on a sample of structures. Speed is
// measured here, never asserted in tests.
//
//   tecsmap-bench-access NETWORK.osm.pbf MINX MINY MAXX MAXY [DEMAND=34739] [STRUCTURES=4000]
//                        [ISO_SAMPLE=40] [CACHE_DIR=bench-access-cache] [warm]
// With `warm`, an existing cache directory is kept and the cold build skipped.

#include "access/e2sfca.hpp"
#include "access/graph_cache.hpp"
#include "access/isochrones.hpp"
#include "access/travel_times.hpp"
#include "parallel.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

using namespace tecsmap;
using namespace tecsmap::access;

namespace {
double peak_mib() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return 0;
}
void reset_peak() {
    std::ofstream("/proc/self/clear_refs") << "5";
}
struct Stage {
    std::string name;
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    explicit Stage(std::string n)
        : name(std::move(n)) {
        reset_peak();
    }
    double done(const std::string& detail = {}) {
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("| %s | %.3f | %.0f | %s |\n", name.c_str(), s, peak_mib(), detail.c_str());
        std::fflush(stdout);
        return s;
    }
};
} // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::cerr << "usage: tecsmap-bench-access NETWORK MINX MINY MAXX MAXY [DEMAND] "
                     "[STRUCTURES] [ISO_SAMPLE] [CACHE_DIR]\n";
        return 2;
    }
    try {
        RoadGraphParams params;
        params.roads_path = argv[1];
        params.territory = {std::stod(argv[2]), std::stod(argv[3]), std::stod(argv[4]),
                            std::stod(argv[5])};
        params.margin_km = 0;
        const std::size_t n_demand = argc > 6 ? std::stoul(argv[6]) : 34739;
        const std::size_t n_structures = argc > 7 ? std::stoul(argv[7]) : 4000;
        const std::size_t iso_sample = argc > 8 ? std::stoul(argv[8]) : 40;
        const std::string cache = argc > 9 ? argv[9] : "bench-access-cache";
        const bool warm_only = argc > 10 && std::string(argv[10]) == "warm";
        if (!warm_only)
            std::filesystem::remove_all(cache);

        std::printf("Network %s, %zu demand points, %zu structures, %u threads\n\n", argv[1],
                    n_demand, n_structures, thread_count());
        std::printf("| stage | wall (s) | peak RSS in stage (MiB) | detail |\n| --- | ---: | ---: "
                    "| --- |\n");
        if (!warm_only) {
            Stage cold("graph build, cold (hash + 2 reads + SCC + cache write)");
            CachedRoadGraph built = load_or_build_road_graph(params, nullptr, cache);
            const RoadGraph& b = built.graph;
            cold.done(std::to_string(b.node_count()) + " nodes, " + std::to_string(b.edge_count()) +
                      " edges kept of " + std::to_string(b.stats.nodes_before_scc) + " nodes");
        }

        const auto t_warm = std::chrono::steady_clock::now();
        Stage warm("graph load, warm (cache)");
        const CachedRoadGraph cached = load_or_build_road_graph(params, nullptr, cache);
        warm.done(cached.from_cache ? "from cache" : "NOT from cache: " + cached.cache_note);
        const RoadGraph& g = cached.graph;

        std::mt19937_64 rng(2024);
        std::uniform_real_distribution<double> ux(params.territory.minx, params.territory.maxx),
            uy(params.territory.miny, params.territory.maxy);
        std::uniform_int_distribution<int> upop(50, 5000);
        std::vector<XY> demand(n_demand), structures(n_structures);
        std::vector<double> population(n_demand), supply(n_structures, 1.0);
        for (std::size_t i = 0; i < n_demand; ++i) {
            demand[i] = {ux(rng), uy(rng)};
            population[i] = upop(rng);
        }
        for (auto& s : structures)
            s = {ux(rng), uy(rng)};

        Stage snap("k-d tree + snapping");
        const Snapper snapper(g);
        const auto ds = snapper.snap_all(demand, default_walk_kmh);
        const auto ss = snapper.snap_all(structures, default_walk_kmh);
        snap.done();

        Stage nearest("nearest-structure minutes (one multi-source search)");
        const NearestStructure near = nearest_structure(g, ds, ss);
        double mean = 0;
        for (double m : near.minutes)
            mean += m / static_cast<double>(n_demand);
        char detail[96];
        std::snprintf(detail, sizeof detail, "mean %.2f min", mean);
        nearest.done(detail);
        const double warm_total =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t_warm).count();

        Stage within("catchment times <= 30 min (one bounded search per structure)");
        const E2sfcaParams ep;
        const auto times = times_within(g, ds, ss, ep.catchment_minutes());
        std::size_t pairs = 0;
        for (const auto& t : times)
            pairs += t.size();
        within.done(std::to_string(pairs) + " (demand, structure) pairs");

        Stage e2("E2SFCA (both steps)");
        const E2sfcaResult r = compute_e2sfca(times, supply, population, ep);
        e2.done();

        const std::size_t sample = std::min(iso_sample, n_structures);
        Stage iso("isochrones 10/15/20/30 min, sample of " + std::to_string(sample) +
                  " structures");
        const std::vector<Snap> sampled(ss.begin(),
                                        ss.begin() + static_cast<std::ptrdiff_t>(sample));
        const auto isos = isochrones(g, sampled, {});
        double area = 0;
        for (const auto& i : isos)
            if (i.minutes == 30)
                area += geos::area(i.geometry.get()) / 1e6 / static_cast<double>(sample);
        std::snprintf(detail, sizeof detail, "mean 30-min area %.0f km²", area);
        const double iso_s = iso.done(detail);
        std::printf("\nEnd to end once cached (load + snapping + nearest minutes): %.3f s\n",
                    warm_total);
        if (sample > 0)
            std::printf("Isochrones, extrapolated to all %zu structures: %.1f s\n", n_structures,
                        iso_s * static_cast<double>(n_structures) / static_cast<double>(sample));
        std::printf("Overall peak RSS: see stages (VmHWM reset per stage)\n");
        return r.index.empty() && n_demand > 0 ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "tecsmap-bench-access: " << e.what() << '\n';
        return 1;
    }
}
