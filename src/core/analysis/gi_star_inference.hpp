#pragma once
// Hot spots that stand up (issue 13, item 4): Getis-Ord Gi* on counts or on rates (raw or
// empirical-Bayes smoothed), conditional-permutation pseudo p-values as PySAL esda's
// G_Local(star=True) and GeoDa compute them, Benjamini–Hochberg FDR control, and the
// significance classes of the hot-spot map. Islands (no neighbour but the commune itself) are
// flagged and never classed. Formulas and choices: docs/methods.md, "Hot spots".
//
// The analytical z is the spec's (gi_star() in gi_star.hpp, unchanged); this module adds the
// inference around it. Pure functions: plain vectors in, plain vectors out.

#include "../feedback.hpp"
#include "../parameters.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

using NeighbourLists = std::vector<std::vector<std::size_t>>; ///< self included (queen_neighbours)

// HotspotVariable (rate or count) is the parameters' (parameters.hpp).

/// GeoDa's default seed, so that a run without `hotspot_seed` is still reproducible.
inline constexpr std::uint64_t kDefaultHotspotSeed = 123456789;
inline constexpr int kDefaultHotspotPermutations = 999;

struct HotspotOptions {
    HotspotVariable variable = HotspotVariable::Rate;
    bool empirical_bayes = false; ///< rates only: smooth them (global EB) before Gi*
    /// Conditional permutations per commune; 0 uses the analytical p-value 1 − Φ(|z|) instead.
    int permutations = kDefaultHotspotPermutations;
    std::uint64_t seed = kDefaultHotspotSeed;
};

struct HotspotResult {
    std::vector<double> value; ///< the tested variable (count, or rate per 10,000 inhabitants)
    std::vector<double> z;     ///< gi_star_z: analytical Gi* z of `value`
    std::vector<std::optional<double>> p_sim; ///< gi_p_sim, absent for islands
    std::vector<std::optional<double>> q;     ///< gi_q (BH over the non-island communes)
    std::vector<char> island;                 ///< gi_island: 1 when no neighbour but itself
    std::vector<int> hotspot;                 ///< -3..3 (0 for islands and non-significant)
    std::size_t tested = 0;                   ///< non-island communes (the m of BH)
    std::size_t zero_population = 0;          ///< rates: communes without inhabitants
    HotspotOptions options;
    /// French legend text naming the method, e.g. for the hot-spot map.
    std::string method_label() const;
};

/// Folded conditional-permutation pseudo p-value of the local sum Σ_{j∈N(i)} x_j (equivalent
/// to Gi*, which is an increasing affine function of it for a fixed i):
///   for each permutation, x_i stays at i and its |N(i)|−1 other neighbours receive values
///   drawn without replacement from the n−1 values of the other communes;
///   p = (min(#{perm ≥ obs}, #{perm ≤ obs}) + 1) / (permutations + 1).
/// Ties (|perm − obs| ≤ 1e-10·|N(i)|·max|x|) count in both tails. Commune i draws from
/// RandomStream(seed, i): identical whatever the thread count. Islands: absent.
/// Throws std::invalid_argument on bad sizes, indices or permutations < 1.
std::vector<std::optional<double>> gi_star_permutation_p(const std::vector<double>& values,
                                                         const NeighbourLists& neighbours,
                                                         int permutations, std::uint64_t seed,
                                                         Feedback* feedback = nullptr);

/// One-sided normal p-value of a z-score folded on its sign, 1 − Φ(|z|) (esda's p_norm).
double gi_star_normal_p(double z);

/// Hot-spot class: sign(z) × (3 if q ≤ 0.01, 2 if q ≤ 0.05, 1 if q ≤ 0.10, else 0); 0 when q
/// is absent (island) or z is 0. Levels compared with a relative slack of 1e-9 so that a q of
/// exactly 0.05 computed as 0.05000000000000001 stays at 95 %.
int hotspot_significance_class(double z, std::optional<double> q);

/// The whole chain: variable (count, rate or EB rate), z, p, BH q, classes.
/// `counts` and `population` are per commune (population unused for counts).
HotspotResult hotspot_statistics(const std::vector<double>& counts,
                                 const std::vector<double>& population,
                                 const NeighbourLists& neighbours, const HotspotOptions& options,
                                 Feedback* feedback = nullptr);

} // namespace tecsmap
