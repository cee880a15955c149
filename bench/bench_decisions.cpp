// Benchmark of the decision engines of issue 13 (docs/performance.md, "Decision engines"):
// site suggestions (exact with CBC, and GLPK when built with it; greedy with its bound) and the
// 999-permutation Gi* with FDR, on a real study (the Drôme, or the national synthetic study of
// tecsmap-make-national-study). Usage:
//   tecsmap-bench-decisions STUDY.toml [--k 1,2,3,4,5] [--budget SECONDS] [--permutations N]
//                           [--radius-km R] [--markdown FILE]
// Demand and candidates: the commune representative points, weighted by population; existing
// sites: the study's structures placed in the territory; coverage: distance <= the study's
// radius. Timings are wall-clock; the analysis itself (run_study) is not timed here.

#include "analysis/coverage_relation.hpp"
#include "analysis/gi_star.hpp"
#include "analysis/gi_star_inference.hpp"
#include "analysis/site_location.hpp"
#include "analysis/study_run.hpp"
#include "parallel.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace tecsmap;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::size_t> parse_list(const std::string& s) {
    std::vector<std::size_t> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        out.push_back(static_cast<std::size_t>(std::stoul(item)));
    return out;
}

std::string fmt(double v, int precision = 2) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(precision) << v;
    return o.str();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage : tecsmap-bench-decisions ÉTUDE.toml [--k 1,2,3] [--budget S] "
                     "[--permutations N] [--radius-km R] [--markdown FICHIER]\n";
        return 2;
    }
    std::vector<std::size_t> ks{1, 2, 3, 4, 5};
    double budget = 60;
    int permutations = 999;
    std::string markdown;
    double radius_km = 0; // 0: the study's
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--k")
            ks = parse_list(argv[i + 1]);
        else if (a == "--budget")
            budget = std::stod(argv[i + 1]);
        else if (a == "--permutations")
            permutations = std::stoi(argv[i + 1]);
        else if (a == "--radius-km")
            radius_km = std::stod(argv[i + 1]);
        else if (a == "--markdown")
            markdown = argv[i + 1];
    }
    try {
        const StudyRun run = run_study(argv[1], Cog::bundled());
        const Territory& t = *run.territory;
        std::ostringstream md;
        md << "Study: `" << argv[1] << "` — " << t.communes.size()
           << " communes; threads: " << thread_count() << "\n\n";

        // --- Location model ---------------------------------------------------------------
        auto t0 = std::chrono::steady_clock::now();
        std::vector<XY> points;
        CoverageInstance in;
        for (const Commune& c : t.communes) {
            points.push_back(c.representative);
            in.demand_weight.push_back(static_cast<double>(c.population));
        }
        std::vector<XY> existing;
        // Every structure counts for coverage, inside or outside the territory (spec).
        for (const Structure& s : run.inputs->structures)
            if (s.place.xy)
                existing.push_back(*s.place.xy);
        const double radius =
            (radius_km > 0 ? radius_km : run.parameters.coverage_radius_km()) * 1000;
        in.candidate_covers = covers_within_radius(points, points, radius);
        in.covered_by_existing = covered_within_radius(points, existing, radius);
        const double t_relation = since(t0);
        t0 = std::chrono::steady_clock::now();
        const ReducedMclp reduced = reduce_mclp(in);
        const double t_reduce = since(t0);
        const ReductionStats& st = reduced.stats;
        md << "Coverage relation (k-d tree, R = " << radius / 1000 << " km, " << existing.size()
           << " existing structures): " << fmt(t_relation, 3) << " s. Reduction ("
           << fmt(t_reduce, 3) << " s): demand " << st.demand << " → " << st.demand_classes
           << " classes (" << st.demand_already_covered << " already covered, "
           << st.demand_unreachable << " unreachable, " << st.demand_zero_weight
           << " without inhabitants); candidates " << st.candidates << " → " << st.candidates_kept
           << " (" << st.candidates_useless << " useless, " << st.candidates_duplicate
           << " duplicates, " << st.candidates_dominated << " dominated). Population "
           << fmt(st.pop_total, 0) << ", already covered " << fmt(st.pop_already_covered, 0)
           << ".\n\n";

        md << "| k | solver | method | wall (s) | solver (s) | newly covered | bound | greedy "
              "value | greedy (s) |\n| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | "
              "---: |\n";
        std::vector<std::pair<std::string, MipSolverFn>> solvers{{"CBC", solve_mclp_cbc}};
#ifdef TECSMAP_BENCH_WITH_GLPK
        solvers.emplace_back("GLPK", solve_mclp_glpk);
#endif
        for (std::size_t k : ks) {
            LocationOptions greedy_only;
            greedy_only.new_sites = k;
            greedy_only.exact = false;
            t0 = std::chrono::steady_clock::now();
            const LocationResult g = suggest_sites(in, greedy_only);
            const double t_greedy = since(t0);
            for (const auto& [name, fn] : solvers) {
                LocationOptions o;
                o.new_sites = k;
                o.time_budget_s = budget;
                o.solver = fn;
                t0 = std::chrono::steady_clock::now();
                const LocationResult r = suggest_sites(in, o);
                const double wall = since(t0);
                const double bound = r.sites.empty() ? 0 : r.sites.back().bound;
                md << "| " << k << " | " << (r.solver.empty() ? name + " (not needed)" : r.solver)
                   << " | " << location_method_name(r.method) << " | " << fmt(wall, 3) << " | "
                   << fmt(r.solver_seconds, 3) << " | " << fmt(r.pop_newly_covered, 0) << " | "
                   << fmt(bound, 0) << " | " << fmt(g.pop_newly_covered, 0) << " (bound "
                   << fmt(g.sites.empty() ? 0 : g.sites.back().bound, 0) << ") | "
                   << fmt(t_greedy, 3) << " |\n";
                std::cerr << "k=" << k << " " << name << ": " << wall << " s\n";
            }
        }

        // --- Hot spots ----------------------------------------------------------------------
        t0 = std::chrono::steady_clock::now();
        const auto nb = queen_neighbours(t);
        const double t_nb = since(t0);
        std::vector<double> counts, pops;
        for (std::size_t i = 0; i < t.communes.size(); ++i) {
            counts.push_back(run.result->communes[i].n_initiatives);
            pops.push_back(static_cast<double>(t.communes[i].population));
        }
        md << "\n| Gi* variable | permutations | wall (s) | tested | islands | |z| >= 1.96 | "
              "p_sim <= 0.05 | hot 99/95/90 % | cold 99/95/90 % |\n| --- | ---: | ---: | ---: | "
              "---: | ---: | ---: | --- | --- |\n";
        for (int variant = 0; variant < 3; ++variant) {
            HotspotOptions o;
            o.variable = variant == 0 ? HotspotVariable::Count : HotspotVariable::Rate;
            o.empirical_bayes = variant == 2;
            o.permutations = permutations;
            t0 = std::chrono::steady_clock::now();
            const HotspotResult h = hotspot_statistics(counts, pops, nb, o);
            const double wall = since(t0);
            int classes[7] = {0, 0, 0, 0, 0, 0, 0};
            std::size_t islands = 0, z_significant = 0, p_significant = 0;
            for (std::size_t i = 0; i < h.hotspot.size(); ++i) {
                ++classes[h.hotspot[i] + 3];
                islands += h.island[i] ? 1 : 0;
                z_significant += std::abs(h.z[i]) >= 1.96 ? 1 : 0;
                p_significant += h.p_sim[i] && *h.p_sim[i] <= 0.05 ? 1 : 0;
            }
            md << "| "
               << (variant == 0   ? "count"
                   : variant == 1 ? "rate"
                                  : "rate (EB)")
               << " | " << permutations << " | " << fmt(wall, 2) << " | " << h.tested << " | "
               << islands << " | " << z_significant << " | " << p_significant << " | " << classes[6]
               << " / " << classes[5] << " / " << classes[4] << " | " << classes[0] << " / "
               << classes[1] << " / " << classes[2] << " |\n";
            std::cerr << "Gi* variant " << variant << ": " << wall << " s\n";
        }
        md << "\nQueen neighbours (not part of the permutation figure): " << fmt(t_nb, 2)
           << " s.\n";
        std::cout << md.str();
        if (!markdown.empty())
            std::ofstream(markdown) << md.str();
    } catch (const std::exception& e) {
        std::cerr << "erreur : " << e.what() << "\n";
        return 1;
    }
    return 0;
}
