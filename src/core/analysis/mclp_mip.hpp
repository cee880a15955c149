#pragma once
// Exact solution of a reduced MCLP by integer programming:
//   max Σ_c W_c y_c  s.t.  y_c ≤ Σ_{j covers c} x_j  (each class c),  Σ_j x_j ≤ k,
//       x_j ∈ {0, 1},  0 ≤ y_c ≤ 1
// (y may stay continuous: at an optimum y_c = min(1, Σ x_j) since W_c > 0).
// tecsmap_core links CBC (solve_mclp_cbc); the GLPK back end (mclp_glpk.cpp) is compiled only
// into the benchmark, which compares the two (docs/performance.md, "Decision engines").

#include "mclp_instance.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace tecsmap {

struct MipOutcome {
    bool optimal = false;            ///< proven optimal within the time limit
    std::vector<std::size_t> chosen; ///< kept-candidate positions (in ReducedMclp), if any
    double objective = 0;            ///< population covered by `chosen` (classes)
    double upper_bound = 0;          ///< proven bound on the optimum (LP or search tree)
    double seconds = 0;
    std::string solver; ///< e.g. "GLPK 5.0"
};

/// `start`: a feasible solution (greedy) handed to the solver as its first incumbent.
using MipSolverFn = std::function<MipOutcome(const ReducedMclp&, std::size_t k, double time_limit_s,
                                             const std::vector<std::size_t>& start)>;

/// COIN-OR CBC 2.10 through its C interface, one thread, the start as MIP start. Each call
/// owns its model: concurrent calls from different threads are independent.
MipOutcome solve_mclp_cbc(const ReducedMclp& problem, std::size_t k, double time_limit_s,
                          const std::vector<std::size_t>& start);

/// GLPK 5 (primal simplex, then branch-and-cut with the start as first incumbent; benchmark
/// only, see the header comment).
MipOutcome solve_mclp_glpk(const ReducedMclp& problem, std::size_t k, double time_limit_s,
                           const std::vector<std::size_t>& start);

} // namespace tecsmap
