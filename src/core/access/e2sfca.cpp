#include "e2sfca.hpp"

#include "errors.hpp"

#include <cmath>
#include <limits>

namespace tecsmap::access {

void E2sfcaParams::validate() const {
    if (decay == Decay::gaussian && !(gaussian_beta > 0))
        throw StudyError("E2SFCA : le paramètre de la gaussienne doit être positif");
    if (band_upper_minutes.empty() || band_upper_minutes.size() != band_weights.size())
        throw StudyError("E2SFCA : il faut autant de poids que de tranches de temps");
    double previous = 0;
    for (std::size_t b = 0; b < band_upper_minutes.size(); ++b) {
        if (!(band_upper_minutes[b] > previous))
            throw StudyError("E2SFCA : les bornes des tranches de temps doivent croître");
        if (!(band_weights[b] >= 0) || band_weights[b] > 1)
            throw StudyError("E2SFCA : les poids des tranches doivent être entre 0 et 1");
        previous = band_upper_minutes[b];
    }
}

double E2sfcaParams::catchment_minutes() const {
    return band_upper_minutes.empty() ? 0 : band_upper_minutes.back();
}

double E2sfcaParams::weight(double t) const {
    if (!(t <= catchment_minutes()))
        return 0;
    if (decay == Decay::gaussian)
        return std::exp(-t * t / gaussian_beta);
    for (std::size_t b = 0; b < band_upper_minutes.size(); ++b)
        if (t <= band_upper_minutes[b])
            return band_weights[b];
    return 0;
}

E2sfcaResult compute_e2sfca(const std::vector<std::vector<TimeEntry>>& times,
                            const std::vector<double>& supply,
                            const std::vector<double>& population, const E2sfcaParams& params) {
    params.validate();
    if (supply.size() != times.size())
        throw std::invalid_argument("compute_e2sfca: one supply per structure");
    E2sfcaResult r;
    r.ratio.assign(times.size(), 0);
    r.weighted_demand.assign(times.size(), 0);
    r.index.assign(population.size(), 0);
    for (std::size_t j = 0; j < times.size(); ++j) {
        double demand = 0;
        for (const TimeEntry& e : times[j])
            demand += population.at(e.demand) * params.weight(e.minutes);
        r.weighted_demand[j] = demand;
        r.ratio[j] = demand > 0 ? supply[j] / demand : 0;
    }
    // Step 2 in structure order: each demand point sums its terms in ascending j, whatever the
    // thread count that produced `times`.
    for (std::size_t j = 0; j < times.size(); ++j)
        for (const TimeEntry& e : times[j])
            r.index[e.demand] += r.ratio[j] * params.weight(e.minutes);
    return r;
}

std::vector<double> weighted_mean_by_group(const std::vector<double>& values,
                                           const std::vector<double>& weights,
                                           const std::vector<std::size_t>& group,
                                           std::size_t group_count) {
    std::vector<double> sum(group_count, 0), wsum(group_count, 0), plain(group_count, 0);
    std::vector<std::size_t> count(group_count, 0);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::size_t g = group.at(i);
        sum[g] += values[i] * weights.at(i);
        wsum[g] += weights[i];
        plain[g] += values[i];
        ++count[g];
    }
    std::vector<double> out(group_count, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t g = 0; g < group_count; ++g)
        if (wsum[g] > 0)
            out[g] = sum[g] / wsum[g];
        else if (count[g] > 0)
            out[g] = plain[g] / static_cast<double>(count[g]);
    return out;
}

} // namespace tecsmap::access
