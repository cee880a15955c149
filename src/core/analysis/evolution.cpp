#include "evolution.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace tecsmap {

int CtgEvolution::total_current() const {
    int t = 0;
    for (int v : current)
        t += v;
    return t;
}

int CtgEvolution::total_previous() const {
    int t = 0;
    for (int v : previous)
        t += v;
    return t;
}

std::vector<int> initiative_years(const std::vector<Initiative>& initiatives) {
    std::set<int> years;
    for (const Initiative& it : initiatives)
        if (it.year && it.place.in_territory())
            years.insert(*it.year);
    return {years.begin(), years.end()};
}

std::optional<CtgEvolution> ctg_evolution(const Territory& territory,
                                          const std::vector<Initiative>& initiatives,
                                          std::optional<int> year) {
    if (!year) {
        const std::vector<int> years = initiative_years(initiatives);
        if (years.empty())
            return std::nullopt;
        year = years.back();
    }
    CtgEvolution e;
    e.year = *year;
    e.current.assign(territory.ctgs.size(), 0);
    e.previous.assign(territory.ctgs.size(), 0);
    for (const Initiative& it : initiatives) {
        if (!it.year || !it.place.in_territory())
            continue;
        const std::size_t k = ctg_index(territory, it.place);
        if (*it.year == *year)
            ++e.current[k];
        else if (*it.year == *year - 1)
            ++e.previous[k];
    }
    return e;
}

int evolution_class(int d, int strong) {
    if (d == 0)
        return 0;
    const int sign = d > 0 ? 1 : -1;
    return std::abs(d) >= strong ? 2 * sign : sign;
}

int evolution_threshold(const CtgEvolution& e) {
    int m = 0;
    for (std::size_t k = 0; k < e.current.size(); ++k)
        m = std::max(m, std::abs(e.difference(k)));
    return std::max(2, (m + 1) / 2);
}

} // namespace tecsmap
