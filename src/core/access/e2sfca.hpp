#pragma once
// Enhanced two-step floating catchment area (Luo & Qi 2009). Step 1, per structure j:
//   R_j = S_j / sum_k P_k W(t_kj)   over demand points k within the catchment;
// step 2, per demand point i:
//   A_i = sum_j R_j W(t_ij)         over structures j within the catchment.
// t is the travel time from the demand point to the structure (travel_times.hpp). Pure: the
// sparse time lists in, the ratios and indices out.

#include "travel_times.hpp"

#include <vector>

namespace tecsmap::access {

struct E2sfcaParams {
    enum class Decay { bands, gaussian };
    Decay decay = Decay::bands;
    /// Band upper limits (minutes, ascending; the last one is the catchment) and weights:
    /// t <= 10 -> 1, 10 < t <= 20 -> 0.68, 20 < t <= 30 -> 0.22, t > 30 -> 0.
    std::vector<double> band_upper_minutes = {10, 20, 30};
    std::vector<double> band_weights = {1.0, 0.68, 0.22};
    /// Gaussian decay W(t) = exp(-t^2 / beta) for t <= catchment; the default beta puts
    /// W(10) = 0.68 like the second band (beta = 100 / ln(1 / 0.68)).
    double gaussian_beta = 259.29;

    double catchment_minutes() const;
    /// The weight of a time; 0 beyond the catchment. Throws StudyError on inconsistent bands.
    double weight(double minutes) const;
    void validate() const;
};

struct E2sfcaResult {
    std::vector<double> ratio;           ///< R_j per structure (0 when no demand reaches it)
    std::vector<double> weighted_demand; ///< sum_k P_k W(t_kj) per structure
    std::vector<double> index;           ///< A_i per demand point (0 when no structure within)
};

/// `times[j]` lists the demand points within the catchment of structure j (times_within with
/// max_minutes = params.catchment_minutes()); `supply[j]` is S_j (1, or a capacity);
/// `population[k]` is P_k.
E2sfcaResult compute_e2sfca(const std::vector<std::vector<TimeEntry>>& times,
                            const std::vector<double>& supply,
                            const std::vector<double>& population, const E2sfcaParams& params);

/// Population-weighted mean of per-point values by group (e.g. cells to communes): groups with
/// no population get the plain mean of their points, groups with no point get NaN.
std::vector<double> weighted_mean_by_group(const std::vector<double>& values,
                                           const std::vector<double>& weights,
                                           const std::vector<std::size_t>& group,
                                           std::size_t group_count);

} // namespace tecsmap::access
