#pragma once
// Where new structures help most (issue 13, item 1): maximal covering location with the
// existing structures fixed. Demand points weighted by population, candidate sites, a coverage
// relation built by the caller from the study's rule (coverage_relation.hpp for straight-line
// distance), k new sites. Solved exactly by integer programming (CBC) within a time budget,
// else greedily with a proven bound on the gap to the optimum. Formulation, reduction, bound
// and ties: docs/methods.md, "Location model".

#include "../feedback.hpp"
#include "mclp_instance.hpp"
#include "mclp_mip.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace tecsmap {

enum class LocationMethod { Exact, Greedy };
/// "exact" or "greedy" (the `method` field of the site_suggestions layer).
const char* location_method_name(LocationMethod m);

struct LocationOptions {
    std::size_t new_sites = 1; ///< k, >= 1 and <= number of candidates
    double time_budget_s = 30; ///< for the whole call (reduction, greedy, exact search)
    bool exact = true;         ///< false: greedy only (with its bound)
    MipSolverFn solver = {};   ///< empty: solve_mclp_cbc (the benchmark swaps in GLPK)
};

struct SuggestedSite {
    std::size_t rank = 0;              ///< 1-based
    std::size_t candidate = 0;         ///< index into CoverageInstance::candidate_covers
    double pop_newly_covered = 0;      ///< by this site, given the sites ranked before it
    double pop_covered_cumulative = 0; ///< Σ pop_newly_covered of ranks 1..rank
    double pop_covered_total = 0;      ///< existing coverage + pop_covered_cumulative
    LocationMethod method = LocationMethod::Exact;
    /// Proven gap to the optimum: the best set of `rank` new sites covers at most
    /// pop_covered_cumulative + bound more people than the existing structures. 0 for exact.
    double bound = 0;
};

struct LocationResult {
    std::vector<SuggestedSite> sites; ///< fewer than k when nothing more can be covered
    LocationMethod method = LocationMethod::Exact;
    double pop_total = 0;            ///< all demand
    double pop_covered_existing = 0; ///< covered before any new site
    double pop_newly_covered = 0;    ///< by all the suggested sites together
    double upper_bound = 0;          ///< proven bound on the best newly covered population
    ReductionStats reduction;
    std::string solver; ///< e.g. "CBC 2.10.8", empty when not called
    double solver_seconds = 0;
    bool time_budget_exhausted = false; ///< the exact search ran out of time (greedy reported)
};

/// Throws StudyError (French message) when k is 0 or exceeds the number of candidates;
/// std::invalid_argument on an inconsistent instance; Cancelled through `feedback`.
LocationResult suggest_sites(const CoverageInstance& instance, const LocationOptions& options,
                             Feedback* feedback = nullptr);

/// Greedy only, on a reduced instance (exposed for the benchmark and tests): kept-candidate
/// positions in the order chosen, the covered population after each, and the proven upper
/// bound on the optimum for each prefix size.
struct GreedyRun {
    std::vector<std::size_t> chosen;
    std::vector<double> value;       ///< newly covered population after ranks 1..r
    std::vector<double> upper_bound; ///< bound on the optimum with r sites
};
GreedyRun greedy_mclp(const ReducedMclp& problem, std::size_t k);

/// The best single new site of each group (CTG) for that group's own demand: among the
/// candidates of group g, the one covering the most population of group g not yet covered
/// (ties: lower candidate index). candidate == npos when no candidate of the group covers
/// anyone of it. Group ids are in [0, group_count).
struct GroupBestSite {
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::size_t group = 0;
    std::size_t candidate = npos;
    double pop_newly_covered = 0;
    double pop_uncovered_before = 0; ///< the group's demand not covered by existing structures
};
std::vector<GroupBestSite> best_site_per_group(const CoverageInstance& instance,
                                               const std::vector<std::size_t>& candidate_group,
                                               const std::vector<std::size_t>& demand_group,
                                               std::size_t group_count);

} // namespace tecsmap
