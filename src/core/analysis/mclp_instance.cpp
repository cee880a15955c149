#include "mclp_instance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace tecsmap {

namespace {

void check_instance(const CoverageInstance& in) {
    const std::size_t n = in.demand_weight.size();
    if (!in.covered_by_existing.empty() && in.covered_by_existing.size() != n)
        throw std::invalid_argument(
            "localisation : la couverture existante doit avoir un élément par point de demande");
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(in.demand_weight[i]) || in.demand_weight[i] < 0)
            throw std::invalid_argument("localisation : population négative ou non finie au "
                                        "point de demande de rang " +
                                        std::to_string(i + 1));
    for (std::size_t j = 0; j < in.candidate_covers.size(); ++j)
        for (std::size_t i : in.candidate_covers[j])
            if (i >= n)
                throw std::invalid_argument("localisation : le site candidat de rang " +
                                            std::to_string(j + 1) +
                                            " couvre un point de demande inexistant");
}

bool existing(const CoverageInstance& in, std::size_t i) {
    return !in.covered_by_existing.empty() && in.covered_by_existing[i];
}

/// a ⊆ b for ascending vectors.
bool includes_sorted(const std::vector<std::uint32_t>& b, const std::vector<std::uint32_t>& a) {
    return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

} // namespace

ReducedMclp reduce_mclp(const CoverageInstance& in) {
    check_instance(in);
    const std::size_t n = in.demand_weight.size();
    const std::size_t m = in.candidate_covers.size();
    ReducedMclp out;
    ReductionStats& st = out.stats;
    st.demand = n;
    st.candidates = m;

    // 1. Demand that matters: not yet covered, somebody lives there.
    std::vector<char> active(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        st.pop_total += in.demand_weight[i];
        if (existing(in, i)) {
            ++st.demand_already_covered;
            st.pop_already_covered += in.demand_weight[i];
        } else if (in.demand_weight[i] == 0) {
            ++st.demand_zero_weight;
        } else {
            active[i] = 1;
        }
    }

    // 2. Residual sets of the candidates (active demand only, ascending, unique).
    std::vector<std::vector<std::uint32_t>> residual(m);
    for (std::size_t j = 0; j < m; ++j) {
        for (std::size_t i : in.candidate_covers[j])
            if (active[i])
                residual[j].push_back(static_cast<std::uint32_t>(i));
        std::sort(residual[j].begin(), residual[j].end());
        residual[j].erase(std::unique(residual[j].begin(), residual[j].end()), residual[j].end());
    }
    std::vector<char> reachable(n, 0);
    for (const auto& r : residual)
        for (std::uint32_t i : r)
            reachable[i] = 1;
    for (std::size_t i = 0; i < n; ++i)
        if (active[i] && !reachable[i]) {
            ++st.demand_unreachable;
            st.pop_unreachable += in.demand_weight[i];
        }

    // 3. Duplicates: sort by (set, index); the first of each run of equal sets stays.
    std::vector<std::size_t> order;
    for (std::size_t j = 0; j < m; ++j) {
        if (residual[j].empty())
            ++st.candidates_useless;
        else
            order.push_back(j);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return residual[a] != residual[b] ? residual[a] < residual[b] : a < b;
    });
    std::vector<std::size_t> distinct;
    for (std::size_t t = 0; t < order.size(); ++t) {
        if (t > 0 && residual[order[t]] == residual[order[t - 1]])
            ++st.candidates_duplicate;
        else
            distinct.push_back(order[t]);
    }
    std::sort(distinct.begin(), distinct.end());

    // 4. Dominance: a candidate whose set lies strictly inside another's is never needed (the
    // other covers at least as much, whatever else is chosen). Only candidates sharing the
    // a's rarest demand point can contain a's set: no pairwise scan.
    std::vector<std::vector<std::uint32_t>> by_demand(n);
    for (std::size_t t = 0; t < distinct.size(); ++t)
        for (std::uint32_t i : residual[distinct[t]])
            by_demand[i].push_back(static_cast<std::uint32_t>(t));
    std::vector<char> dominated(distinct.size(), 0);
    for (std::size_t t = 0; t < distinct.size(); ++t) {
        const auto& set = residual[distinct[t]];
        std::uint32_t rarest = set.front();
        for (std::uint32_t i : set)
            if (by_demand[i].size() < by_demand[rarest].size())
                rarest = i;
        for (std::uint32_t u : by_demand[rarest]) {
            const auto& other = residual[distinct[u]];
            if (u != t && other.size() > set.size() && includes_sorted(other, set)) {
                dominated[t] = 1;
                break;
            }
        }
    }
    for (std::size_t t = 0; t < distinct.size(); ++t) {
        if (dominated[t])
            ++st.candidates_dominated;
        else
            out.candidate.push_back(distinct[t]);
    }
    st.candidates_kept = out.candidate.size();

    // 5. Demand classes: demand points covered by exactly the same kept candidates.
    std::vector<std::vector<std::uint32_t>> coverers(n);
    for (std::size_t c = 0; c < out.candidate.size(); ++c)
        for (std::uint32_t i : residual[out.candidate[c]])
            coverers[i].push_back(static_cast<std::uint32_t>(c));
    std::vector<std::size_t> demand;
    for (std::size_t i = 0; i < n; ++i)
        if (!coverers[i].empty())
            demand.push_back(i);
    std::sort(demand.begin(), demand.end(), [&](std::size_t a, std::size_t b) {
        return coverers[a] != coverers[b] ? coverers[a] < coverers[b] : a < b;
    });
    out.covers.resize(out.candidate.size());
    for (std::size_t t = 0; t < demand.size(); ++t) {
        const std::size_t i = demand[t];
        if (t == 0 || coverers[i] != coverers[demand[t - 1]]) {
            const auto cls = static_cast<std::uint32_t>(out.class_weight.size());
            out.class_weight.push_back(0);
            out.covered_by.push_back(coverers[i]);
            for (std::uint32_t c : coverers[i])
                out.covers[c].push_back(cls);
        }
        out.class_weight.back() += in.demand_weight[i];
    }
    st.demand_classes = out.class_weight.size();
    return out;
}

double covered_population(const CoverageInstance& in, const std::vector<std::size_t>& chosen) {
    check_instance(in);
    std::vector<char> covered(in.demand_weight.size(), 0);
    for (std::size_t i = 0; i < covered.size(); ++i)
        covered[i] = existing(in, i) ? 1 : 0;
    for (std::size_t j : chosen) {
        if (j >= in.candidate_covers.size())
            throw std::invalid_argument("localisation : site candidat inexistant");
        for (std::size_t i : in.candidate_covers[j])
            covered[i] = 1;
    }
    double total = 0;
    for (std::size_t i = 0; i < covered.size(); ++i)
        if (covered[i])
            total += in.demand_weight[i];
    return total;
}

} // namespace tecsmap
