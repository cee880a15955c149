#include "travel_times.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <atomic>

namespace tecsmap::access {

NearestStructure nearest_structure(const RoadGraph& graph, const std::vector<Snap>& demand,
                                   const std::vector<Snap>& structures, Feedback* feedback) {
    std::vector<Seed> seeds;
    seeds.reserve(structures.size());
    for (std::size_t j = 0; j < structures.size(); ++j)
        seeds.push_back(
            {structures[j].node, structures[j].walk_minutes, static_cast<std::uint32_t>(j)});
    std::vector<std::uint32_t> targets;
    targets.reserve(demand.size());
    for (const Snap& d : demand)
        targets.push_back(d.node);
    const NearestLabels labels = nearest_seed(graph, graph.reverse, seeds, feedback, &targets);
    NearestStructure out;
    const std::size_t n = demand.size();
    out.minutes.assign(n, unreachable);
    out.structure.assign(n, no_structure);
    out.road_minutes.assign(n, unreachable);
    out.route_length_m.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t v = demand[i].node;
        if (labels.label[v] == no_label)
            continue;
        const std::uint32_t j = labels.label[v];
        out.structure[i] = j;
        out.road_minutes[i] = labels.minutes[v] - structures[j].walk_minutes;
        out.minutes[i] = demand[i].walk_minutes + labels.minutes[v];
        out.route_length_m[i] = labels.path_m[v];
    }
    return out;
}

std::vector<std::vector<TimeEntry>> times_within(const RoadGraph& graph,
                                                 const std::vector<Snap>& demand,
                                                 const std::vector<Snap>& structures,
                                                 double max_minutes, Feedback* feedback) {
    // Demand points by snapped node (CSR), so a search collects them from the nodes it settles.
    const std::size_t n = graph.node_count();
    std::vector<std::uint32_t> first(n + 1, 0), points(demand.size());
    for (const Snap& s : demand)
        ++first[s.node + 1];
    for (std::size_t v = 0; v < n; ++v)
        first[v + 1] += first[v];
    {
        std::vector<std::uint32_t> cursor(first.begin(), first.end() - 1);
        for (std::uint32_t i = 0; i < demand.size(); ++i)
            points[cursor[demand[i].node]++] = i;
    }
    std::vector<std::vector<TimeEntry>> out(structures.size());
    SearchPool pool(n);
    std::atomic<std::size_t> done{0};
    parallel_for(structures.size(), [&](std::size_t j) {
        feedback_check(feedback);
        auto search = pool.acquire();
        const Snap& s = structures[j];
        search->run(graph.reverse, {{s.node, s.walk_minutes, 0}}, max_minutes);
        std::vector<TimeEntry>& entries = out[j];
        for (std::uint32_t v : search->settled())
            for (std::uint32_t k = first[v]; k < first[v + 1]; ++k) {
                const std::uint32_t i = points[k];
                const double m = demand[i].walk_minutes + search->minutes(v);
                if (m <= max_minutes)
                    entries.push_back({i, m});
            }
        std::sort(entries.begin(), entries.end(),
                  [](const TimeEntry& a, const TimeEntry& b) { return a.demand < b.demand; });
        feedback_fraction(feedback,
                          static_cast<double>(++done) / static_cast<double>(structures.size()));
    });
    return out;
}

} // namespace tecsmap::access
