// CBC back end of the exact location model (see mclp_mip.hpp): the one tecsmap_core uses.

#include "mclp_mip.hpp"

#include <coin/Cbc_C_Interface.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <string>

namespace tecsmap {

namespace {
struct ModelDeleter {
    void operator()(Cbc_Model* m) const noexcept { Cbc_deleteModel(m); }
};
} // namespace

MipOutcome solve_mclp_cbc(const ReducedMclp& pb, std::size_t k, double time_limit_s,
                          const std::vector<std::size_t>& start) {
    const auto t0 = std::chrono::steady_clock::now();
    MipOutcome out;
    out.solver = std::string("CBC ") + Cbc_getVersion();
    const int nx = static_cast<int>(pb.candidate.size());
    const int ny = static_cast<int>(pb.class_weight.size());
    const int rows = ny + 1;
    // Column-major matrix: x_j appears in the rows of the classes it covers and the budget row.
    std::vector<CoinBigIndex> col_start{0};
    std::vector<int> row_index;
    std::vector<double> value;
    for (int j = 0; j < nx; ++j) {
        for (std::uint32_t c : pb.covers[static_cast<std::size_t>(j)]) {
            row_index.push_back(static_cast<int>(c));
            value.push_back(-1.0);
        }
        row_index.push_back(ny);
        value.push_back(1.0);
        col_start.push_back(static_cast<CoinBigIndex>(row_index.size()));
    }
    for (int c = 0; c < ny; ++c) {
        row_index.push_back(c);
        value.push_back(1.0);
        col_start.push_back(static_cast<CoinBigIndex>(row_index.size()));
    }
    std::vector<double> col_lb(static_cast<std::size_t>(nx + ny), 0.0);
    std::vector<double> col_ub(static_cast<std::size_t>(nx + ny), 1.0);
    std::vector<double> obj(static_cast<std::size_t>(nx + ny), 0.0);
    for (int c = 0; c < ny; ++c)
        obj[static_cast<std::size_t>(nx + c)] = pb.class_weight[static_cast<std::size_t>(c)];
    std::vector<double> row_lb(static_cast<std::size_t>(rows), -INFINITY);
    std::vector<double> row_ub(static_cast<std::size_t>(rows), 0.0);
    row_ub[static_cast<std::size_t>(ny)] = static_cast<double>(k);

    std::unique_ptr<Cbc_Model, ModelDeleter> model(Cbc_newModel());
    Cbc_Model* m = model.get();
    Cbc_loadProblem(m, nx + ny, rows, col_start.data(), row_index.data(), value.data(),
                    col_lb.data(), col_ub.data(), obj.data(), row_lb.data(), row_ub.data());
    Cbc_setObjSense(m, -1); // maximise
    for (int j = 0; j < nx; ++j)
        Cbc_setInteger(m, j);
    Cbc_setLogLevel(m, 0);
    Cbc_setParameter(m, "threads", "1");
    Cbc_setAllowableGap(m, 0.0);
    Cbc_setMaximumSeconds(m, std::max(0.01, time_limit_s));
    if (!start.empty()) {
        std::vector<int> idx;
        std::vector<double> val;
        std::vector<char> covered(static_cast<std::size_t>(ny), 0);
        for (std::size_t j : start) {
            idx.push_back(static_cast<int>(j));
            val.push_back(1.0);
            for (std::uint32_t c : pb.covers[j])
                covered[c] = 1;
        }
        for (int c = 0; c < ny; ++c) {
            idx.push_back(nx + c);
            val.push_back(covered[static_cast<std::size_t>(c)]);
        }
        Cbc_setMIPStartI(m, static_cast<int>(idx.size()), idx.data(), val.data());
    }
    Cbc_solve(m);
    const double* x = Cbc_getColSolution(m);
    if (x != nullptr && Cbc_numberSavedSolutions(m) > 0) {
        for (int j = 0; j < nx; ++j)
            if (x[j] > 0.5)
                out.chosen.push_back(static_cast<std::size_t>(j));
        out.objective = Cbc_getObjValue(m);
    }
    out.optimal = Cbc_isProvenOptimal(m) != 0;
    // Cbc_getBestPossibleObjValue is not a proof after an interrupted root node (it then
    // echoes the start's value): only a proven optimum bounds anything here; otherwise the
    // caller keeps its own (greedy) bound.
    out.upper_bound = out.optimal ? out.objective : INFINITY;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace tecsmap
