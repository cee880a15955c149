#include "rates.hpp"

#include <cmath>
#include <stdexcept>

namespace tecsmap {

namespace {

struct Totals {
    double events = 0;
    double population = 0;
    std::size_t zero_population = 0;
};

Totals check_and_total(const std::vector<double>& e, const std::vector<double>& b) {
    if (e.size() != b.size())
        throw std::invalid_argument("taux : autant d'effectifs que de populations attendus");
    Totals t;
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (!std::isfinite(e[i]) || !std::isfinite(b[i]) || e[i] < 0 || b[i] < 0)
            throw std::invalid_argument("taux : effectif ou population négatif ou non fini (rang " +
                                        std::to_string(i + 1) + ")");
        t.events += e[i];
        t.population += b[i];
        if (b[i] == 0)
            ++t.zero_population;
    }
    return t;
}

} // namespace

RateResult raw_rates(const std::vector<double>& e, const std::vector<double>& b) {
    const Totals t = check_and_total(e, b);
    RateResult r;
    r.global_rate = t.population > 0 ? t.events / t.population : 0;
    r.zero_population = t.zero_population;
    r.rate.resize(e.size());
    for (std::size_t i = 0; i < e.size(); ++i)
        r.rate[i] = kRatePerInhabitants * (b[i] > 0 ? e[i] / b[i] : r.global_rate);
    r.global_rate *= kRatePerInhabitants;
    return r;
}

RateResult empirical_bayes_rates(const std::vector<double>& e, const std::vector<double>& b) {
    const Totals t = check_and_total(e, b);
    RateResult r;
    r.zero_population = t.zero_population;
    r.rate.resize(e.size());
    if (t.population <= 0) { // no inhabitants at all: no rate anywhere
        r.prior_variance_clamped = true;
        return r;
    }
    // Moment estimators of the prior (per inhabitant, not per 10,000: the Poisson term m/b
    // only holds in those units).
    const double n = static_cast<double>(e.size());
    const double m = t.events / t.population;
    double spread = 0;
    for (std::size_t i = 0; i < e.size(); ++i)
        if (b[i] > 0) {
            const double d = e[i] / b[i] - m;
            spread += b[i] * d * d;
        }
    const double s2 = spread / t.population;
    double a = s2 - m / (t.population / n);
    if (a < 0) {
        a = 0;
        r.prior_variance_clamped = true;
    }
    r.prior_variance = a;
    for (std::size_t i = 0; i < e.size(); ++i) {
        double smoothed = m;
        if (b[i] > 0 && a > 0) {
            const double w = a / (a + m / b[i]);
            smoothed = w * (e[i] / b[i]) + (1 - w) * m;
        }
        r.rate[i] = kRatePerInhabitants * smoothed;
    }
    r.global_rate = kRatePerInhabitants * m;
    return r;
}

} // namespace tecsmap
