#include "fdr.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace tecsmap {

std::vector<std::optional<double>> benjamini_hochberg(const std::vector<std::optional<double>>& p) {
    std::vector<std::size_t> tested;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!p[i])
            continue;
        if (!std::isfinite(*p[i]) || *p[i] < 0 || *p[i] > 1)
            throw std::invalid_argument("FDR : valeur p hors de [0, 1] au rang " +
                                        std::to_string(i + 1));
        tested.push_back(i);
    }
    std::stable_sort(tested.begin(), tested.end(),
                     [&](std::size_t a, std::size_t b) { return *p[a] < *p[b]; });
    std::vector<std::optional<double>> q(p.size());
    const double m = static_cast<double>(tested.size());
    double running = 1.0; // step-up: minimum over the larger ranks
    for (std::size_t r = tested.size(); r-- > 0;) {
        const double candidate = *p[tested[r]] * m / static_cast<double>(r + 1);
        running = std::min(running, candidate);
        q[tested[r]] = running;
    }
    return q;
}

} // namespace tecsmap
