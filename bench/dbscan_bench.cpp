// tecsmap-bench-dbscan: wall time and peak memory of DBSCAN (src/core/analysis/dbscan.cpp) on
// seeded synthetic point sets, one scenario per process so that the peak is the scenario's.
// Figures, not assertions: bench/run-dbscan-benchmark.sh collects them for docs/performance.md.
// Usage: tecsmap-bench-dbscan one-point|drome-uniform|drome-clustered N [EPS_M] [MIN_POINTS]
//        [--reference|--compare]   (--reference: the previous implementation, neighbour lists
//        stored; --compare: both, and whether their labels and core flags are identical)

#include "analysis/dbscan.hpp"
#include "kdtree.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace tecsmap;

namespace {

long peak_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6)) / 1024;
    return 0;
}

// The implementation before issue 16, for comparison: every neighbour list stored.
DbscanResult reference_dbscan(const std::vector<XY>& points, double eps, int min_points) {
    const std::size_t n = points.size();
    DbscanResult r;
    r.labels.assign(n, std::nullopt);
    r.core.assign(n, false);
    const KdTree tree(points);
    std::vector<std::vector<std::size_t>> neighbours(n);
    for (std::size_t i = 0; i < n; ++i) {
        neighbours[i] = tree.within(points[i], eps);
        r.core[i] = neighbours[i].size() >= static_cast<std::size_t>(min_points);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!r.core[i] || r.labels[i])
            continue;
        const int id = ++r.cluster_count;
        r.labels[i] = id;
        std::vector<std::size_t> stack{i};
        while (!stack.empty()) {
            const std::size_t p = stack.back();
            stack.pop_back();
            for (std::size_t q : neighbours[p]) {
                if (r.labels[q])
                    continue;
                r.labels[q] = id;
                if (r.core[q])
                    stack.push_back(q);
            }
        }
    }
    return r;
}

// The Drôme's bounding box in Lambert-93 (EPSG:2154), metres.
constexpr double kX0 = 795000, kX1 = 950000, kY0 = 6345000, kY1 = 6485000;

std::vector<XY> make_points(const std::string& scenario, std::size_t n) {
    std::mt19937_64 rng(16);
    std::vector<XY> pts;
    pts.reserve(n);
    if (scenario == "one-point") {
        pts.assign(n, XY{845000, 6420000}); // every initiative on one commune's point
    } else if (scenario == "drome-uniform") {
        std::uniform_real_distribution<double> x(kX0, kX1), y(kY0, kY1);
        for (std::size_t i = 0; i < n; ++i)
            pts.push_back({x(rng), y(rng)});
    } else if (scenario == "drome-clustered") {
        // 2,000 centres (structures, villages), points within a few km of them.
        std::uniform_real_distribution<double> x(kX0, kX1), y(kY0, kY1);
        std::vector<XY> centres;
        for (int k = 0; k < 2000; ++k)
            centres.push_back({x(rng), y(rng)});
        std::uniform_int_distribution<std::size_t> pick(0, centres.size() - 1);
        std::normal_distribution<double> jitter(0, 2000);
        for (std::size_t i = 0; i < n; ++i) {
            const XY& c = centres[pick(rng)];
            pts.push_back({c.x + jitter(rng), c.y + jitter(rng)});
        }
    } else {
        throw std::runtime_error("scénario inconnu : " + scenario);
    }
    return pts;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage : tecsmap-bench-dbscan one-point|drome-uniform|drome-clustered N "
                     "[EPS_M] [MIN_POINTS] [--reference]\n";
        return 2;
    }
    const std::string scenario = argv[1];
    const std::size_t n = std::stoul(argv[2]);
    double eps = 5000;
    int min_points = 3;
    bool reference = false, compare = false;
    int positional = 0;
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reference")
            reference = true;
        else if (a == "--compare")
            compare = true;
        else if (positional++ == 0)
            eps = std::stod(a);
        else
            min_points = std::stoi(a);
    }
    const std::vector<XY> pts = make_points(scenario, n);
    if (compare) {
        const DbscanResult a = reference_dbscan(pts, eps, min_points),
                           b = dbscan(pts, eps, min_points);
        const bool same =
            a.labels == b.labels && a.core == b.core && a.cluster_count == b.cluster_count;
        std::printf("%s %zu eps %.0f min_points %d: %d clusters, %s\n", scenario.c_str(), n, eps,
                    min_points, b.cluster_count,
                    same ? "identical to the previous implementation"
                         : "DIFFERENT from the previous implementation");
        return same ? 0 : 1;
    }
    const long before = peak_mib();
    const auto t0 = std::chrono::steady_clock::now();
    const DbscanResult r =
        reference ? reference_dbscan(pts, eps, min_points) : dbscan(pts, eps, min_points);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::size_t cores = 0;
    for (bool c : r.core)
        cores += c;
    // One markdown row: scenario | implementation | N | eps | min_points | clusters | cores |
    // wall time | peak RSS of the process | peak before the run (the points themselves).
    std::printf("| %s | %s | %zu | %.0f | %d | %d | %zu | %.2f | %ld | %ld |\n", scenario.c_str(),
                reference ? "previous (stored lists)" : "bounded memory", n, eps, min_points,
                r.cluster_count, cores, seconds, peak_mib(), before);
    return 0;
}
