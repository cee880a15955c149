#include "gi_star_inference.hpp"

#include "../parallel.hpp"
#include "fdr.hpp"
#include "gi_star.hpp"
#include "random_stream.hpp"
#include "rates.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

namespace tecsmap {

namespace {

void check_inputs(const std::vector<double>& x, const NeighbourLists& nb) {
    if (nb.size() != x.size())
        throw std::invalid_argument("Gi* : autant de listes de voisins que de communes attendues");
    for (std::size_t i = 0; i < nb.size(); ++i)
        for (std::size_t j : nb[i])
            if (j >= x.size())
                throw std::invalid_argument("Gi* : voisin hors limites pour la commune de rang " +
                                            std::to_string(i + 1));
    for (double v : x)
        if (!std::isfinite(v))
            throw std::invalid_argument("Gi* : valeur non finie");
}

bool is_island(const std::vector<std::size_t>& nb, std::size_t i) {
    return std::none_of(nb.begin(), nb.end(), [i](std::size_t j) { return j != i; });
}

} // namespace

std::vector<std::optional<double>> gi_star_permutation_p(const std::vector<double>& x,
                                                         const NeighbourLists& nb, int permutations,
                                                         std::uint64_t seed, Feedback* feedback) {
    check_inputs(x, nb);
    if (permutations < 1)
        throw std::invalid_argument("Gi* : au moins une permutation attendue");
    const std::size_t n = x.size();
    std::vector<std::optional<double>> p(n);
    if (n < 2)
        return p;
    double scale = 0;
    for (double v : x)
        scale = std::max(scale, std::abs(v));
    const auto pool = static_cast<std::uint64_t>(n - 1); // the other communes' values

    // One scratch array per worker thread: a virtual identity permutation of the pool, on
    // which a partial Fisher–Yates shuffle draws k indices without replacement, then is undone
    // (O(k) per permutation instead of O(n)).
    struct Scratch {
        std::vector<std::uint32_t> slots;
        std::vector<std::uint32_t> swaps;
    };
    std::atomic<std::size_t> done{0};
    parallel_for(n, [&](std::size_t i) {
        feedback_check(feedback);
        std::vector<std::size_t> others;
        for (std::size_t j : nb[i])
            if (j != i)
                others.push_back(j);
        if (others.empty())
            return; // island: never tested
        const std::size_t k = others.size();
        if (k > pool)
            throw std::invalid_argument("Gi* : voisins en double pour la commune de rang " +
                                        std::to_string(i + 1));
        thread_local Scratch scratch;
        if (scratch.slots.size() != pool) {
            scratch.slots.resize(pool);
            for (std::uint32_t s = 0; s < pool; ++s)
                scratch.slots[s] = s;
        }
        scratch.swaps.resize(k);
        auto& slots = scratch.slots;

        double observed = x[i];
        for (std::size_t j : others)
            observed += x[j];
        const double tolerance = 1e-10 * static_cast<double>(k + 1) * scale;

        RandomStream rng(seed, i);
        int at_least = 0, at_most = 0;
        for (int perm = 0; perm < permutations; ++perm) {
            double sum = x[i];
            for (std::size_t t = 0; t < k; ++t) {
                const auto r = static_cast<std::uint32_t>(t + rng.below(pool - t));
                std::swap(slots[t], slots[r]);
                scratch.swaps[t] = r;
                const std::uint32_t drawn = slots[t];
                sum += x[drawn < i ? drawn : drawn + 1]; // pool index -> commune, skipping i
            }
            for (std::size_t t = k; t-- > 0;) // undo: back to the identity
                std::swap(slots[t], slots[scratch.swaps[t]]);
            if (sum >= observed - tolerance)
                ++at_least;
            if (sum <= observed + tolerance)
                ++at_most;
        }
        p[i] = (std::min(at_least, at_most) + 1.0) / (permutations + 1.0);
        const std::size_t count = done.fetch_add(1) + 1;
        if (count % 1024 == 0)
            feedback_fraction(feedback, static_cast<double>(count) / static_cast<double>(n));
    });
    return p;
}

double gi_star_normal_p(double z) {
    return 0.5 * std::erfc(std::abs(z) / std::sqrt(2.0));
}

int hotspot_significance_class(double z, std::optional<double> q) {
    if (!q || z == 0 || std::isnan(z))
        return 0;
    constexpr double slack = 1 + 1e-9;
    int level = 0;
    if (*q <= 0.01 * slack)
        level = 3;
    else if (*q <= 0.05 * slack)
        level = 2;
    else if (*q <= 0.10 * slack)
        level = 1;
    return z > 0 ? level : -level;
}

std::string HotspotResult::method_label() const {
    std::string label = "Gi* de Getis-Ord sur ";
    if (options.variable == HotspotVariable::Count)
        label += "le nombre d'initiatives";
    else
        label += options.empirical_bayes
                     ? "le taux d'initiatives pour 10 000 hab. (lissage bayésien empirique)"
                     : "le taux d'initiatives pour 10 000 hab.";
    if (options.permutations > 0)
        label += ", " + std::to_string(options.permutations) + " permutations conditionnelles";
    else
        label += ", loi normale";
    label += ", seuils 90/95/99 % après correction FDR de Benjamini-Hochberg";
    return label;
}

HotspotResult hotspot_statistics(const std::vector<double>& counts,
                                 const std::vector<double>& population,
                                 const NeighbourLists& neighbours, const HotspotOptions& options,
                                 Feedback* feedback) {
    if (options.permutations < 0)
        throw std::invalid_argument("Gi* : nombre de permutations négatif");
    HotspotResult r;
    r.options = options;
    if (options.variable == HotspotVariable::Count) {
        r.value = counts;
    } else {
        const RateResult rates = options.empirical_bayes ? empirical_bayes_rates(counts, population)
                                                         : raw_rates(counts, population);
        r.value = rates.rate;
        r.zero_population = rates.zero_population;
    }
    check_inputs(r.value, neighbours);
    const std::size_t n = r.value.size();
    r.z = gi_star(r.value, neighbours);
    r.island.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        r.island[i] = is_island(neighbours[i], i) ? 1 : 0;
    if (options.permutations > 0) {
        r.p_sim = gi_star_permutation_p(r.value, neighbours, options.permutations, options.seed,
                                        feedback);
    } else {
        r.p_sim.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            if (!r.island[i])
                r.p_sim[i] = gi_star_normal_p(r.z[i]);
    }
    r.q = benjamini_hochberg(r.p_sim);
    r.hotspot.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        r.hotspot[i] = r.island[i] ? 0 : hotspot_significance_class(r.z[i], r.q[i]);
        if (!r.island[i])
            ++r.tested;
    }
    return r;
}

} // namespace tecsmap
