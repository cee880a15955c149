#pragma once
// The maximal covering location problem (MCLP, Church & ReVelle 1974) with existing sites
// fixed: its input, its reduction to an equivalent smaller instance, and the evaluation of a
// set of sites. The solvers (greedy, integer programming) work on the reduced instance.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tecsmap {

/// Plain input of the location model. Indices are positions in these vectors.
struct CoverageInstance {
    std::vector<double> demand_weight; ///< population at each demand point, >= 0
    /// For each candidate site, the demand points it would cover (any order, duplicates ok).
    std::vector<std::vector<std::size_t>> candidate_covers;
    /// 1 where an existing structure already covers the demand point (empty: none covered).
    std::vector<char> covered_by_existing;
};

struct ReductionStats {
    std::size_t demand = 0;
    std::size_t demand_already_covered = 0; ///< dropped: covered by existing structures
    std::size_t demand_zero_weight = 0;     ///< dropped: nobody lives there
    std::size_t demand_unreachable = 0;     ///< dropped: no candidate covers it
    std::size_t demand_classes = 0;         ///< kept, merged by identical covering sets
    std::size_t candidates = 0;
    std::size_t candidates_useless = 0;   ///< dropped: cover no population left uncovered
    std::size_t candidates_duplicate = 0; ///< merged into a lower index with the same set
    std::size_t candidates_dominated = 0; ///< dropped: their set is inside another's
    std::size_t candidates_kept = 0;
    double pop_total = 0;
    double pop_already_covered = 0;
    double pop_unreachable = 0;
};

/// The residual problem: demand classes (demand points with the same covering candidates,
/// weights summed) and the kept candidates, each with the classes it covers.
struct ReducedMclp {
    std::vector<double> class_weight;
    std::vector<std::size_t> candidate; ///< original index of each kept candidate, ascending
    std::vector<std::vector<std::uint32_t>> covers;     ///< per kept candidate: classes, ascending
    std::vector<std::vector<std::uint32_t>> covered_by; ///< per class: kept candidates, ascending
    ReductionStats stats;
};

/// Drops the demand already covered, of zero weight or that no candidate reaches; the
/// candidates that cover nothing left, duplicates (same residual set: the lowest index stays)
/// and dominated candidates (residual set strictly inside another's); then merges demand
/// points with identical covering sets. The optimum with k sites is unchanged.
/// Throws std::invalid_argument on inconsistent sizes, out-of-range indices or a negative or
/// non-finite weight.
ReducedMclp reduce_mclp(const CoverageInstance& instance);

/// Population covered by the existing structures plus the given candidates (original indices).
double covered_population(const CoverageInstance& instance,
                          const std::vector<std::size_t>& candidates);

} // namespace tecsmap
