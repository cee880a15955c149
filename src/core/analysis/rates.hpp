#pragma once
// Rates of initiatives per 10,000 inhabitants for the hot-spot statistic, raw or smoothed by
// global empirical Bayes (Marshall 1991; PySAL esda.smoothing.Empirical_Bayes, GeoDa's
// "Empirical Bayes" rate). Formulas in docs/methods.md, "Hot spots".

#include <cstddef>
#include <vector>

namespace tecsmap {

inline constexpr double kRatePerInhabitants = 10000.0;

struct RateResult {
    std::vector<double> rate;        ///< per 10,000 inhabitants, one per area
    double global_rate = 0;          ///< Σ events / Σ population, per 10,000
    std::size_t zero_population = 0; ///< areas without inhabitants (given the global rate)
    /// Empirical Bayes only: the prior variance of the rate per inhabitant (after clamping
    /// at 0) and whether the moment estimate was negative (then every rate is the global one).
    double prior_variance = 0;
    bool prior_variance_clamped = false;
};

/// Raw rates 10,000 · e_i / b_i. An area with b_i = 0 has no rate of its own: it gets the
/// global rate, a neutral value that neither creates nor hides a hot spot.
/// Throws std::invalid_argument on sizes that differ or negative/non-finite inputs.
RateResult raw_rates(const std::vector<double>& events, const std::vector<double>& population);

/// Global empirical-Bayes rates: r_i = w_i·(e_i/b_i) + (1 − w_i)·m with m = Σe/Σb,
/// s² = Σ b_i (e_i/b_i − m)² / Σb, A = s² − m / (Σb/n) clamped at 0, w_i = A / (A + m/b_i);
/// b_i = 0 gives w_i = 0 (the global rate). Returned per 10,000 inhabitants.
RateResult empirical_bayes_rates(const std::vector<double>& events,
                                 const std::vector<double>& population);

} // namespace tecsmap
