#include "site_location.hpp"

#include "../errors.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>

namespace tecsmap {

const char* location_method_name(LocationMethod m) {
    return m == LocationMethod::Exact ? "exact" : "greedy";
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Numerical slack when comparing populations summed in different orders.
double tolerance(double scale) {
    return 1e-9 * std::max(1.0, std::abs(scale));
}

/// Coverage counts of the classes under a set of kept candidates, for swaps and ranking.
class CoverState {
public:
    explicit CoverState(const ReducedMclp& pb)
        : pb_(pb)
        , count_(pb.class_weight.size(), 0) {}
    void add(std::size_t j) {
        for (std::uint32_t c : pb_.covers[j])
            ++count_[c];
    }
    void remove(std::size_t j) {
        for (std::uint32_t c : pb_.covers[j])
            --count_[c];
    }
    /// Population that j would add.
    double gain(std::size_t j) const {
        double g = 0;
        for (std::uint32_t c : pb_.covers[j])
            if (count_[c] == 0)
                g += pb_.class_weight[c];
        return g;
    }
    /// Population only j covers (lost if j is removed).
    double loss(std::size_t j) const {
        double l = 0;
        for (std::uint32_t c : pb_.covers[j])
            if (count_[c] == 1)
                l += pb_.class_weight[c];
        return l;
    }

private:
    const ReducedMclp& pb_;
    std::vector<int> count_;
};

double set_value(const ReducedMclp& pb, const std::vector<std::size_t>& set) {
    std::vector<char> covered(pb.class_weight.size(), 0);
    for (std::size_t j : set)
        for (std::uint32_t c : pb.covers[j])
            covered[c] = 1;
    double v = 0;
    for (std::size_t c = 0; c < covered.size(); ++c)
        if (covered[c])
            v += pb.class_weight[c];
    return v;
}

/// Among optimal sets, prefer lower candidate indices: replace a chosen candidate by a lower
/// unchosen one whenever the covered population does not decrease, until no such swap is left.
/// Each swap lowers the sum of indices, so this ends; it makes the answer independent of
/// which optimum the solver happened to return in the usual tie cases.
std::vector<std::size_t> prefer_lower_indices(const ReducedMclp& pb, std::vector<std::size_t> set,
                                              double value) {
    CoverState state(pb);
    for (std::size_t j : set)
        state.add(j);
    std::vector<char> in_set(pb.candidate.size(), 0);
    for (std::size_t j : set)
        in_set[j] = 1;
    const double tol = tolerance(value);
    for (bool swapped = true; swapped;) {
        swapped = false;
        std::sort(set.begin(), set.end(), std::greater<>());
        for (std::size_t& s : set) {
            state.remove(s);
            const double without = state.gain(s); // what s alone brings on top of the others
            for (std::size_t c = 0; c < s && !swapped; ++c) {
                if (in_set[c] || state.gain(c) < without - tol)
                    continue;
                in_set[s] = 0;
                in_set[c] = 1;
                s = c;
                swapped = true;
            }
            state.add(s);
            if (swapped)
                break;
        }
    }
    std::sort(set.begin(), set.end());
    return set;
}

/// Orders a set by decreasing marginal contribution (ties: lower index); drops members that
/// add nothing.
std::vector<std::pair<std::size_t, double>> rank_set(const ReducedMclp& pb,
                                                     std::vector<std::size_t> set) {
    std::sort(set.begin(), set.end());
    CoverState state(pb);
    std::vector<std::pair<std::size_t, double>> ranked;
    while (!set.empty()) {
        std::size_t best = 0;
        double best_gain = -1;
        for (std::size_t t = 0; t < set.size(); ++t) {
            const double g = state.gain(set[t]);
            if (g > best_gain) {
                best_gain = g;
                best = t;
            }
        }
        if (best_gain <= 0)
            break;
        ranked.emplace_back(set[best], best_gain);
        state.add(set[best]);
        set.erase(set.begin() + static_cast<std::ptrdiff_t>(best));
    }
    return ranked;
}

} // namespace

GreedyRun greedy_mclp(const ReducedMclp& pb, std::size_t k) {
    const std::size_t m = pb.candidate.size();
    std::vector<double> gain(m, 0);
    for (std::size_t j = 0; j < m; ++j)
        for (std::uint32_t c : pb.covers[j])
            gain[j] += pb.class_weight[c];
    std::vector<char> covered(pb.class_weight.size(), 0);
    GreedyRun run;
    std::vector<double> bound(k + 1, INFINITY);
    double value = 0;
    // Online bound (Minoux 1978; Leskovec et al. 2007): for any set S and any r,
    // OPT_r <= f(S) + Σ of the r largest marginal gains w.r.t. S (monotone submodular f).
    auto tighten = [&] {
        std::vector<double> top = gain;
        const std::size_t r_max = std::min(k, top.size());
        std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(r_max), top.end(),
                          std::greater<>());
        double sum = 0;
        for (std::size_t r = 1; r <= k; ++r) {
            if (r <= r_max)
                sum += std::max(0.0, top[r - 1]);
            bound[r] = std::min(bound[r], value + sum);
        }
    };
    for (std::size_t r = 1; r <= k; ++r) {
        tighten();
        std::size_t best = m;
        double best_gain = 0;
        for (std::size_t j = 0; j < m; ++j)
            if (gain[j] > best_gain) { // strict: ties keep the lower index
                best_gain = gain[j];
                best = j;
            }
        if (best == m || best_gain <= tolerance(value))
            break; // nothing more can be covered
        run.chosen.push_back(best);
        for (std::uint32_t c : pb.covers[best]) {
            if (covered[c])
                continue;
            covered[c] = 1;
            value += pb.class_weight[c];
            for (std::uint32_t j : pb.covered_by[c])
                gain[j] -= pb.class_weight[c];
        }
        gain[best] = 0;
        run.value.push_back(value);
    }
    tighten();
    for (std::size_t r = 1; r <= run.chosen.size(); ++r) {
        // Nemhauser, Wolsey & Fisher (1978): f(greedy_r) >= (1 − (1 − 1/r)^r) OPT_r.
        const double ratio = 1 - std::pow(1 - 1.0 / static_cast<double>(r), static_cast<double>(r));
        const double ub = std::min(bound[r], run.value[r - 1] / ratio);
        run.upper_bound.push_back(std::max(ub, run.value[r - 1]));
    }
    return run;
}

LocationResult suggest_sites(const CoverageInstance& instance, const LocationOptions& options,
                             Feedback* feedback) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t k = options.new_sites;
    const std::size_t candidates = instance.candidate_covers.size();
    if (k == 0)
        throw StudyError("le nombre de nouveaux sites demandé doit être au moins 1 (0 demandé)");
    if (k > candidates)
        throw StudyError("le nombre de nouveaux sites demandé (" + std::to_string(k) +
                         ") dépasse le nombre de sites candidats (" + std::to_string(candidates) +
                         ")");
    feedback_check(feedback);
    const ReducedMclp pb = reduce_mclp(instance);
    LocationResult result;
    result.reduction = pb.stats;
    result.pop_total = pb.stats.pop_total;
    result.pop_covered_existing = pb.stats.pop_already_covered;
    feedback_fraction(feedback, 0.1);
    feedback_check(feedback);

    const GreedyRun greedy = greedy_mclp(pb, k);
    const double greedy_value = greedy.value.empty() ? 0 : greedy.value.back();
    double upper_bound = greedy.upper_bound.empty() ? 0 : greedy.upper_bound.back();
    feedback_fraction(feedback, 0.2);

    // Exact search only when the greedy answer is not already proven optimal.
    std::vector<std::pair<std::size_t, double>> exact;
    bool proven = greedy.chosen.size() < k || upper_bound - greedy_value <= tolerance(upper_bound);
    if (proven) {
        // Same canonical form as a solver's optimum, so that the answer does not depend on
        // whether the search was needed.
        exact = rank_set(pb, prefer_lower_indices(pb, greedy.chosen, greedy_value));
    } else if (options.exact) {
        const double left = options.time_budget_s - seconds_since(t0);
        if (left > 0) {
            const MipSolverFn& solve =
                options.solver ? options.solver : MipSolverFn(solve_mclp_cbc);
            const MipOutcome mip = solve(pb, k, left, greedy.chosen);
            result.solver = mip.solver;
            result.solver_seconds = mip.seconds;
            feedback_check(feedback);
            const double value = set_value(pb, mip.chosen);
            if (mip.optimal && mip.chosen.size() <= k &&
                value >= greedy_value - tolerance(greedy_value)) {
                const auto canonical = prefer_lower_indices(pb, mip.chosen, value);
                exact = rank_set(pb, canonical);
                proven = true;
            } else if (std::isfinite(mip.upper_bound)) {
                upper_bound = std::min(upper_bound, std::max(mip.upper_bound, greedy_value));
            }
            result.time_budget_exhausted = !mip.optimal;
        } else {
            result.time_budget_exhausted = true;
        }
    }

    double cumulative = 0;
    if (proven) {
        result.method = LocationMethod::Exact;
        for (std::size_t r = 0; r < exact.size(); ++r) {
            cumulative += exact[r].second;
            result.sites.push_back({r + 1, pb.candidate[exact[r].first], exact[r].second,
                                    cumulative, result.pop_covered_existing + cumulative,
                                    LocationMethod::Exact, 0.0});
        }
        result.upper_bound = cumulative;
    } else {
        result.method = LocationMethod::Greedy;
        for (std::size_t r = 0; r < greedy.chosen.size(); ++r) {
            const double gained = greedy.value[r] - (r == 0 ? 0.0 : greedy.value[r - 1]);
            cumulative = greedy.value[r];
            double ub = greedy.upper_bound[r];
            if (r + 1 == k)
                ub = std::min(ub, upper_bound);
            result.sites.push_back({r + 1, pb.candidate[greedy.chosen[r]], gained, cumulative,
                                    result.pop_covered_existing + cumulative,
                                    LocationMethod::Greedy, std::max(0.0, ub - cumulative)});
        }
        result.upper_bound = std::max(upper_bound, cumulative);
    }
    result.pop_newly_covered = cumulative;
    feedback_fraction(feedback, 1.0);
    return result;
}

std::vector<GroupBestSite> best_site_per_group(const CoverageInstance& instance,
                                               const std::vector<std::size_t>& candidate_group,
                                               const std::vector<std::size_t>& demand_group,
                                               std::size_t group_count) {
    const std::size_t n = instance.demand_weight.size();
    if (candidate_group.size() != instance.candidate_covers.size() || demand_group.size() != n)
        throw std::invalid_argument(
            "localisation : un groupe (CTG) par site candidat et par point de demande attendu");
    for (std::size_t g : candidate_group)
        if (g >= group_count)
            throw std::invalid_argument("localisation : groupe de site candidat hors limites");
    for (std::size_t g : demand_group)
        if (g >= group_count)
            throw std::invalid_argument("localisation : groupe de point de demande hors limites");
    (void)covered_population(instance, {}); // validates weights and indices
    std::vector<GroupBestSite> out(group_count);
    auto uncovered = [&](std::size_t i) {
        return instance.covered_by_existing.empty() || !instance.covered_by_existing[i];
    };
    for (std::size_t g = 0; g < group_count; ++g)
        out[g].group = g;
    for (std::size_t i = 0; i < n; ++i)
        if (uncovered(i))
            out[demand_group[i]].pop_uncovered_before += instance.demand_weight[i];
    std::vector<std::size_t> seen(n, GroupBestSite::npos); // dedupe without clearing
    for (std::size_t j = 0; j < instance.candidate_covers.size(); ++j) {
        const std::size_t g = candidate_group[j];
        double value = 0;
        for (std::size_t i : instance.candidate_covers[j]) {
            if (seen[i] == j || demand_group[i] != g || !uncovered(i))
                continue;
            seen[i] = j;
            value += instance.demand_weight[i];
        }
        if (value > out[g].pop_newly_covered) { // strict: ties keep the lower index
            out[g].pop_newly_covered = value;
            out[g].candidate = j;
        }
    }
    return out;
}

} // namespace tecsmap
