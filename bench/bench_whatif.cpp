// Benchmark of the what-if core (issue 13, item 2; docs/performance.md, "What-if"): the
// incremental coverage when one hypothetical structure is added, dragged (many moves) and
// removed, and the side-by-side comparison of scenarios, on a real study (the Drôme by
// default). Each move's figures are checked against a full recomputation (compute_coverage)
// at the end: timings are only worth reporting when the figures are exact. Usage:
//   tecsmap-bench-whatif STUDY.toml [--moves N] [--seed S]

#include "analysis/coverage.hpp"
#include "analysis/incremental_coverage.hpp"
#include "analysis/scenarios.hpp"
#include "analysis/study_run.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <random>

using namespace tecsmap;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage : tecsmap-bench-whatif ÉTUDE.toml [--moves N] [--seed S]\n";
        return 2;
    }
    int moves = 200;
    unsigned seed = 13;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--moves")
            moves = std::stoi(argv[i + 1]);
        else if (a == "--seed")
            seed = static_cast<unsigned>(std::stoul(argv[i + 1]));
    }
    const StudyRun run = run_study(argv[1], Cog::bundled());
    const Territory& t = *run.territory;
    const double R = run.parameters.coverage_radius_m();
    std::vector<XY> covering;
    for (std::size_t k = 0; k < run.inputs->structures.size(); ++k)
        if (run.result->structure_covers[k])
            covering.push_back(*run.inputs->structures[k].place.xy);

    auto t0 = std::chrono::steady_clock::now();
    IncrementalCoverage inc(t, covering, R);
    const double build_ms = ms_since(t0);

    // A drag: successive positions a few hundred metres to a few km apart, as a mouse gives
    // them, starting from random communes' points.
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> commune(0, t.communes.size() - 1);
    std::normal_distribution<double> step(0, 1500);
    t0 = std::chrono::steady_clock::now();
    const auto id = inc.add_site(t.communes[commune(rng)].representative);
    const double add_ms = ms_since(t0);
    std::vector<double> move_ms;
    std::vector<std::size_t> touched;
    XY at = t.communes[commune(rng)].representative;
    for (int m = 0; m < moves; ++m) {
        if (m % 50 == 0)
            at = t.communes[commune(rng)].representative; // a new drag
        at = {at.x + step(rng), at.y + step(rng)};
        t0 = std::chrono::steady_clock::now();
        inc.move_site(id, at);
        const auto ctg = inc.ctg_pop_uncovered(); // what the view shows after each move
        move_ms.push_back(ms_since(t0));
        touched.push_back(inc.last_changed().size());
        (void)ctg;
    }
    // Exactness of the final state.
    const CoverageResult full = compute_coverage(t, inc.active_sites(), R);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < t.communes.size(); ++i)
        differ += full.pop_uncovered[i] != inc.pop_uncovered()[i];
    t0 = std::chrono::steady_clock::now();
    inc.remove_site(id);
    const double remove_ms = ms_since(t0);

    // Scenarios: five one-site scenarios at random communes, compared side by side.
    std::vector<ResolvedScenario> scenarios;
    for (int s = 0; s < 5; ++s) {
        const std::size_t c = commune(rng);
        std::string name = "s";
        name += std::to_string(s); // (not "s" + …: GCC 12 warns falsely, -Wrestrict)
        scenarios.push_back({name, "", {{t.communes[c].representative, c, ""}}, {}});
    }
    t0 = std::chrono::steady_clock::now();
    std::vector<double> current;
    for (const CommuneFigures& f : run.result->communes)
        current.push_back(f.pop_uncovered);
    const auto compared =
        compare_scenarios(t, *run.inputs, run.parameters, run.result->coverage_rule,
                          run.result->structure_covers, current, scenarios);
    const double compare_ms = ms_since(t0);

    std::cout << std::fixed << std::setprecision(1);
    std::cout << "communes " << t.communes.size() << ", covering structures " << covering.size()
              << ", radius " << R / 1000 << " km\n"
              << "initial coverage (incremental engine build): " << build_ms << " ms\n"
              << "add one site: " << add_ms << " ms; remove it: " << remove_ms << " ms\n"
              << "move (" << moves << " moves, communes recomputed median "
              << percentile(std::vector<double>(touched.begin(), touched.end()), 0.5)
              << "): median " << percentile(move_ms, 0.5) << " ms, p95 "
              << percentile(move_ms, 0.95) << " ms, max " << percentile(move_ms, 1.0) << " ms\n"
              << "final state vs full recomputation: " << differ << " commune(s) differ\n"
              << "compare 5 scenarios (+ current): " << compare_ms << " ms (" << compared.size()
              << " rows)\n";
    return differ == 0 ? 0 : 1;
}
