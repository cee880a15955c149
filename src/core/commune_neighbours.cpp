#include "commune_neighbours.hpp"

#include "parallel.hpp"
#include "strtree.hpp"
#include "territory.hpp"

#include <algorithm>

namespace tecsmap {

std::vector<std::vector<std::size_t>> commune_neighbours(const std::vector<Commune>& communes,
                                                         double tolerance_m) {
    const std::size_t n = communes.size();
    geos::StrTree tree;
    std::vector<geos::Envelope> envs(n);
    for (std::size_t i = 0; i < n; ++i) {
        envs[i] = geos::envelope(communes[i].geometry.get());
        tree.insert(i, envs[i]);
    }
    (void)tree.query(envs.empty() ? geos::Envelope{} : envs[0]); // build the tree before sharing it
    // Each commune tests only the candidates after it: a pair is tested once, from its lower
    // index (prepared geometries stay in their thread), and recorded on both sides below.
    std::vector<std::vector<std::size_t>> later(n);
    parallel_for(n, [&](std::size_t i) {
        const std::vector<std::size_t> candidates = tree.query(envs[i].expanded(tolerance_m));
        auto first = std::upper_bound(candidates.begin(), candidates.end(), i);
        if (first == candidates.end())
            return;
        const auto prepared = geos::prepare(communes[i].geometry.get());
        for (auto it = first; it != candidates.end(); ++it)
            if (GEOSPreparedDistanceWithin_r(geos::ctx(), prepared.get(),
                                             communes[*it].geometry.get(), tolerance_m) == 1)
                later[i].push_back(*it);
    });
    std::vector<std::vector<std::size_t>> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        out[i].push_back(i);
        for (std::size_t j : later[i]) {
            out[i].push_back(j);
            out[j].push_back(i);
        }
    }
    // A commune's lower neighbours arrive after itself: sort each list.
    for (auto& list : out)
        std::sort(list.begin(), list.end());
    return out;
}

} // namespace tecsmap
