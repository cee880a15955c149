#include "gi_star.hpp"

#include "../commune_neighbours.hpp"

#include <algorithm>
#include <cmath>

namespace tecsmap {

std::vector<std::vector<std::size_t>> queen_neighbours(const Territory& territory,
                                                       double tolerance_m) {
    if (tolerance_m == kNeighbourToleranceM &&
        territory.neighbours.size() == territory.communes.size())
        return territory.neighbours; // built with the territory (or read from its cache)
    return commune_neighbours(territory.communes, tolerance_m);
}

std::vector<double> gi_star(const std::vector<double>& x,
                            const std::vector<std::vector<std::size_t>>& neighbours) {
    const std::size_t n = x.size();
    std::vector<double> z(n, 0.0);
    if (n < 2)
        return z;
    double sum = 0, sum2 = 0;
    for (double v : x) {
        sum += v;
        sum2 += v * v;
    }
    const double nn = static_cast<double>(n);
    const double mean = sum / nn;
    const double variance = sum2 / nn - mean * mean;
    if (variance <= 1e-12 * std::max(1.0, mean * mean))
        return z;
    const double s = std::sqrt(variance);
    for (std::size_t i = 0; i < n; ++i) {
        double local = 0;
        for (std::size_t j : neighbours[i])
            local += x[j];
        const double w = static_cast<double>(neighbours[i].size()); // binary weights: S1 = W
        const double denom_term = (nn * w - w * w) / (nn - 1);
        if (denom_term <= 0)
            continue;
        z[i] = (local - mean * w) / (s * std::sqrt(denom_term));
    }
    return z;
}

int hotspot_class(double z) {
    return z >= 1.96 ? 1 : (z <= -1.96 ? -1 : 0);
}

} // namespace tecsmap
