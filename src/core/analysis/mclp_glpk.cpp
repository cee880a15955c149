// GLPK back end of the exact location model (see mclp_mip.hpp). Compiled into the benchmark
// only, to compare it with CBC on the same instances; tecsmap_core uses CBC.

#include "mclp_mip.hpp"

#include <glpk.h>

#include <chrono>
#include <cmath>
#include <memory>

namespace tecsmap {

namespace {

struct ProblemDeleter {
    void operator()(glp_prob* p) const noexcept { glp_delete_prob(p); }
};
using ProblemPtr = std::unique_ptr<glp_prob, ProblemDeleter>;

/// What the branch-and-cut callback needs: the start solution (1-based column values) and
/// the best bound seen in the tree.
struct SearchState {
    std::vector<double> start; ///< index 0 unused, as GLPK wants
    bool start_given = false;
    double tree_bound = INFINITY;
};

void callback(glp_tree* tree, void* info) {
    auto* state = static_cast<SearchState*>(info);
    switch (glp_ios_reason(tree)) {
    case GLP_IHEUR:
        if (!state->start_given) {
            state->start_given = true;
            glp_ios_heur_sol(tree, state->start.data()); // ignored unless better
        }
        break;
    case GLP_ISELECT:
    case GLP_IBINGO: {
        const int best = glp_ios_best_node(tree);
        if (best != 0)
            state->tree_bound = glp_ios_node_bound(tree, best);
        break;
    }
    default:
        break;
    }
}

} // namespace

MipOutcome solve_mclp_glpk(const ReducedMclp& pb, std::size_t k, double time_limit_s,
                           const std::vector<std::size_t>& start) {
    const auto t0 = std::chrono::steady_clock::now();
    MipOutcome out;
    out.solver = std::string("GLPK ") + glp_version();
    const int nx = static_cast<int>(pb.candidate.size());
    const int ny = static_cast<int>(pb.class_weight.size());

    glp_term_out(GLP_OFF);
    ProblemPtr lp(glp_create_prob());
    glp_prob* p = lp.get();
    glp_set_obj_dir(p, GLP_MAX);
    // Columns: x_1..x_nx (binary), then y_1..y_ny (continuous in [0, 1]).
    glp_add_cols(p, nx + ny);
    for (int j = 1; j <= nx; ++j)
        glp_set_col_kind(p, j, GLP_BV);
    for (int c = 1; c <= ny; ++c) {
        glp_set_col_bnds(p, nx + c, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(p, nx + c, pb.class_weight[static_cast<std::size_t>(c - 1)]);
    }
    // Rows: one per class (y_c − Σ x_j ≤ 0), then the budget Σ x_j ≤ k.
    glp_add_rows(p, ny + 1);
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    for (int c = 1; c <= ny; ++c) {
        glp_set_row_bnds(p, c, GLP_UP, 0.0, 0.0);
        ia.push_back(c);
        ja.push_back(nx + c);
        ar.push_back(1.0);
        for (std::uint32_t j : pb.covered_by[static_cast<std::size_t>(c - 1)]) {
            ia.push_back(c);
            ja.push_back(static_cast<int>(j) + 1);
            ar.push_back(-1.0);
        }
    }
    glp_set_row_bnds(p, ny + 1, GLP_UP, 0.0, static_cast<double>(k));
    for (int j = 1; j <= nx; ++j) {
        ia.push_back(ny + 1);
        ja.push_back(j);
        ar.push_back(1.0);
    }
    glp_load_matrix(p, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());

    auto remaining_ms = [&] {
        const double spent =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return static_cast<int>(std::max(1.0, (time_limit_s - spent) * 1000.0));
    };

    // LP relaxation first: its value is a proven upper bound even if the search times out.
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.tm_lim = remaining_ms();
    const int lp_status = glp_simplex(p, &sm);
    if (lp_status != 0 || glp_get_status(p) != GLP_OPT) {
        out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out.upper_bound = INFINITY;
        lp.reset(); // before glp_free_env, which frees every GLPK object of this thread
        glp_free_env();
        return out;
    }
    out.upper_bound = glp_get_obj_val(p);

    SearchState state;
    state.start.assign(static_cast<std::size_t>(nx + ny) + 1, 0.0);
    std::vector<int> cover_count(static_cast<std::size_t>(ny), 0);
    for (std::size_t j : start) {
        state.start[j + 1] = 1.0;
        for (std::uint32_t c : pb.covers[j])
            cover_count[c] = 1;
    }
    for (int c = 1; c <= ny; ++c)
        state.start[static_cast<std::size_t>(nx + c)] =
            cover_count[static_cast<std::size_t>(c - 1)];

    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF; // the start solution is given for the original columns
    io.cb_func = callback;
    io.cb_info = &state;
    io.tm_lim = remaining_ms();
    const int mip_status = glp_intopt(p, &io);
    const int status = glp_mip_status(p);
    if (status == GLP_OPT || status == GLP_FEAS) {
        for (int j = 1; j <= nx; ++j)
            if (glp_mip_col_val(p, j) > 0.5)
                out.chosen.push_back(static_cast<std::size_t>(j - 1));
        out.objective = glp_mip_obj_val(p);
    }
    out.optimal = mip_status == 0 && status == GLP_OPT;
    if (out.optimal)
        out.upper_bound = out.objective;
    else if (std::isfinite(state.tree_bound))
        out.upper_bound = std::min(out.upper_bound, state.tree_bound);
    lp.reset();
    glp_free_env(); // GLPK keeps per-thread state otherwise (a leak for LSan on worker threads)
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace tecsmap
