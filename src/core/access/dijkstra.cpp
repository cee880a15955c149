#include "dijkstra.hpp"

#include <algorithm>
#include <functional>

namespace tecsmap::access {

NearestLabels nearest_seed(const RoadGraph& graph, const Csr& csr, const std::vector<Seed>& seeds,
                           Feedback* feedback, const std::vector<std::uint32_t>* targets) {
    const std::size_t n = graph.node_count();
    NearestLabels out;
    out.minutes.assign(n, unreachable);
    out.label.assign(n, no_label);
    out.path_m.assign(n, 0);
    // Smallest (minutes, label) first: labels order ties deterministically.
    struct Entry {
        double minutes;
        std::uint32_t label;
        std::uint32_t node;
    };
    const auto later = [](const Entry& a, const Entry& b) {
        return a.minutes > b.minutes || (a.minutes == b.minutes && a.label > b.label);
    };
    std::vector<Entry> heap;
    auto better = [&](double m, std::uint32_t label, std::uint32_t v) {
        return m < out.minutes[v] || (m == out.minutes[v] && label < out.label[v]);
    };
    for (const Seed& s : seeds)
        if (better(s.minutes, s.label, s.node)) {
            out.minutes[s.node] = s.minutes;
            out.label[s.node] = s.label;
            heap.push_back({s.minutes, s.label, s.node});
            std::push_heap(heap.begin(), heap.end(), later);
        }
    // Optional early stop: once every target node is settled, the rest cannot change them.
    std::vector<char> is_target;
    std::size_t targets_left = 0;
    if (targets) {
        is_target.assign(n, 0);
        for (std::uint32_t t : *targets)
            if (!is_target[t]) {
                is_target[t] = 1;
                ++targets_left;
            }
    }
    if (targets && targets_left == 0)
        return out; // nobody to reach
    std::size_t settled = 0;
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const Entry top = heap.back();
        heap.pop_back();
        const std::uint32_t v = top.node;
        if (top.minutes != out.minutes[v] || top.label != out.label[v])
            continue; // stale entry
        if ((++settled & 0x3FFFF) == 0) {
            feedback_check(feedback);
            feedback_fraction(feedback, static_cast<double>(settled) / static_cast<double>(n));
        }
        if (targets && is_target[v]) {
            is_target[v] = 0;
            if (--targets_left == 0)
                break;
        }
        for (std::uint32_t e = csr.offsets[v]; e < csr.offsets[v + 1]; ++e) {
            const std::uint32_t t = csr.targets[e];
            const double m = top.minutes + csr.minutes[e];
            if (better(m, top.label, t)) {
                out.minutes[t] = m;
                out.label[t] = top.label;
                out.path_m[t] = out.path_m[v] + graph.length_m(v, t);
                heap.push_back({m, top.label, t});
                std::push_heap(heap.begin(), heap.end(), later);
            }
        }
    }
    return out;
}

BoundedSearch::BoundedSearch(std::size_t node_count)
    : dist_(node_count, unreachable) {}

void BoundedSearch::reset() {
    for (std::uint32_t v : touched_)
        dist_[v] = unreachable;
    touched_.clear();
    settled_.clear();
    heap_.clear();
}

void BoundedSearch::run(const Csr& csr, const std::vector<Seed>& seeds, double bound) {
    reset();
    const auto cmp = std::greater<>();
    auto push = [&](double m, std::uint32_t v) {
        if (dist_[v] == unreachable)
            touched_.push_back(v);
        dist_[v] = m;
        heap_.emplace_back(m, v);
        std::push_heap(heap_.begin(), heap_.end(), cmp);
    };
    for (const Seed& s : seeds)
        if (s.minutes <= bound && s.minutes < dist_[s.node])
            push(s.minutes, s.node);
    while (!heap_.empty()) {
        std::pop_heap(heap_.begin(), heap_.end(), cmp);
        const auto [d, v] = heap_.back();
        heap_.pop_back();
        if (d != dist_[v])
            continue;
        settled_.push_back(v);
        for (std::uint32_t e = csr.offsets[v]; e < csr.offsets[v + 1]; ++e) {
            const double m = d + csr.minutes[e];
            const std::uint32_t t = csr.targets[e];
            if (m <= bound && m < dist_[t])
                push(m, t);
        }
    }
}

SearchPool::Lease::~Lease() {
    std::lock_guard lock(pool->mutex_);
    pool->free_.push_back(std::move(search));
}

SearchPool::Lease SearchPool::acquire() {
    std::lock_guard lock(mutex_);
    if (free_.empty())
        return Lease(this, std::make_unique<BoundedSearch>(nodes_));
    auto s = std::move(free_.back());
    free_.pop_back();
    return Lease(this, std::move(s));
}

} // namespace tecsmap::access
