#include "road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tecsmap::access {

double RoadGraph::length_m(std::uint32_t a, std::uint32_t b) const noexcept {
    const double dx = xy[b].x - xy[a].x, dy = xy[b].y - xy[a].y;
    return std::sqrt(dx * dx + dy * dy);
}

Csr pack_csr(std::size_t node_count, std::vector<RawEdge> edges) {
    std::sort(edges.begin(), edges.end(), [](const RawEdge& a, const RawEdge& b) {
        if (a.from != b.from)
            return a.from < b.from;
        if (a.to != b.to)
            return a.to < b.to;
        return a.minutes < b.minutes;
    });
    Csr csr;
    csr.offsets.assign(node_count + 1, 0);
    csr.targets.reserve(edges.size());
    csr.minutes.reserve(edges.size());
    for (const RawEdge& e : edges) {
        ++csr.offsets[e.from + 1];
        csr.targets.push_back(e.to);
        csr.minutes.push_back(e.minutes);
    }
    for (std::size_t i = 0; i < node_count; ++i)
        csr.offsets[i + 1] += csr.offsets[i];
    return csr;
}

void RoadGraph::finish() {
    const std::size_t n = node_count();
    // Counting sort by target: sources come out ascending because we scan sources in order.
    reverse.offsets.assign(n + 1, 0);
    for (std::uint32_t t : forward.targets)
        ++reverse.offsets[t + 1];
    for (std::size_t i = 0; i < n; ++i)
        reverse.offsets[i + 1] += reverse.offsets[i];
    reverse.targets.assign(forward.targets.size(), 0);
    reverse.minutes.assign(forward.targets.size(), 0);
    std::vector<std::uint32_t> cursor(reverse.offsets.begin(), reverse.offsets.end() - 1);
    for (std::uint32_t v = 0; v < n; ++v)
        for (std::uint32_t e = forward.offsets[v]; e < forward.offsets[v + 1]; ++e) {
            const std::uint32_t slot = cursor[forward.targets[e]]++;
            reverse.targets[slot] = v;
            reverse.minutes[slot] = forward.minutes[e];
        }
}

std::size_t keep_largest_scc(RoadGraph& g) {
    const std::size_t n = g.node_count();
    if (n == 0)
        return 0;
    constexpr std::uint32_t unvisited = std::numeric_limits<std::uint32_t>::max();
    const Csr& f = g.forward;
    // Iterative Tarjan: an explicit call stack of (node, next edge) replaces recursion.
    std::vector<std::uint32_t> index(n, unvisited), low(n, 0), component(n, unvisited);
    std::vector<std::uint32_t> stack;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> calls;
    std::uint32_t counter = 0, components = 0;
    std::uint32_t best = unvisited;
    std::size_t best_size = 0;
    std::uint32_t best_min_node = unvisited;
    for (std::uint32_t s = 0; s < n; ++s) {
        if (index[s] != unvisited)
            continue;
        index[s] = low[s] = counter++;
        stack.push_back(s);
        calls.emplace_back(s, f.offsets[s]);
        while (!calls.empty()) {
            auto& [v, e] = calls.back();
            if (e < f.offsets[v + 1]) {
                const std::uint32_t w = f.targets[e++];
                if (index[w] == unvisited) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    calls.emplace_back(w, f.offsets[w]);
                } else if (component[w] == unvisited) { // w still on the stack
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            const std::uint32_t done = v;
            calls.pop_back();
            if (low[done] == index[done]) {
                std::size_t size = 0;
                std::uint32_t min_node = unvisited;
                std::uint32_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    component[w] = components;
                    min_node = std::min(min_node, w);
                    ++size;
                } while (w != done);
                if (size > best_size || (size == best_size && min_node < best_min_node)) {
                    best = components;
                    best_size = size;
                    best_min_node = min_node;
                }
                ++components;
            }
            if (!calls.empty()) {
                const std::uint32_t parent = calls.back().first;
                low[parent] = std::min(low[parent], low[done]);
            }
        }
    }
    // Renumber the kept nodes in their current order and keep the edges between them.
    std::vector<std::uint32_t> renum(n, unvisited);
    std::uint32_t kept = 0;
    for (std::uint32_t v = 0; v < n; ++v)
        if (component[v] == best)
            renum[v] = kept++;
    std::vector<XY> xy;
    std::vector<std::int64_t> ids;
    xy.reserve(kept);
    ids.reserve(kept);
    Csr csr;
    csr.offsets.assign(kept + 1, 0);
    for (std::uint32_t v = 0; v < n; ++v) {
        if (renum[v] == unvisited)
            continue;
        xy.push_back(g.xy[v]);
        if (!g.osm_id.empty())
            ids.push_back(g.osm_id[v]);
        for (std::uint32_t e = f.offsets[v]; e < f.offsets[v + 1]; ++e)
            if (renum[f.targets[e]] != unvisited) {
                csr.targets.push_back(renum[f.targets[e]]);
                csr.minutes.push_back(f.minutes[e]);
            }
        csr.offsets[renum[v] + 1] = static_cast<std::uint32_t>(csr.targets.size());
    }
    g.xy = std::move(xy);
    g.osm_id = std::move(ids);
    g.forward = std::move(csr);
    g.reverse = {};
    return n - kept;
}

geos::Envelope territory_envelope(const Territory& t) {
    geos::Envelope env{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                       std::numeric_limits<double>::lowest(),
                       std::numeric_limits<double>::lowest()};
    for (const Commune& c : t.communes) {
        const geos::Envelope e = geos::envelope(c.geometry.get());
        env = {std::min(env.minx, e.minx), std::min(env.miny, e.miny), std::max(env.maxx, e.maxx),
               std::max(env.maxy, e.maxy)};
    }
    return env;
}

geos::Envelope keep_box(const RoadGraphParams& p) {
    return p.territory.expanded(p.margin_km * 1000.0);
}

} // namespace tecsmap::access
