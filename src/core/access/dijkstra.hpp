#pragma once
// Shortest paths on a CSR graph with a binary heap (lazy deletion). Two forms: one multi-source
// search labelling every node with its nearest seed, and a bounded search with a reusable
// workspace (one per thread) for per-structure catchments and isochrones.

#include "feedback.hpp"
#include "road_graph.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

namespace tecsmap::access {

inline constexpr double unreachable = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t no_label = std::numeric_limits<std::uint32_t>::max();

struct Seed {
    std::uint32_t node;
    double minutes;      ///< initial minutes at the node (e.g. the walk from a structure)
    std::uint32_t label; ///< which source (e.g. structure index)
};

/// Per node: the least minutes from any seed, the seed's label (ties: the lowest label), and
/// the length in metres of the edges on that path (ties in minutes keep the first found).
struct NearestLabels {
    std::vector<double> minutes;
    std::vector<std::uint32_t> label;
    std::vector<double> path_m;
};

/// Multi-source Dijkstra over `csr` (pass graph.reverse to measure times *to* the seeds). With
/// `targets`, the search stops once all of them are settled: only their labels are then final.
NearestLabels nearest_seed(const RoadGraph& graph, const Csr& csr, const std::vector<Seed>& seeds,
                           Feedback* feedback = nullptr,
                           const std::vector<std::uint32_t>* targets = nullptr);

/// A bounded search's state, reused across runs (reset costs only what the last run touched).
class BoundedSearch {
public:
    explicit BoundedSearch(std::size_t node_count);
    /// Settles every node whose minutes from the seeds are <= bound (seed labels ignored).
    void run(const Csr& csr, const std::vector<Seed>& seeds, double bound);
    /// Nodes settled by the last run, in settling order (ascending minutes).
    const std::vector<std::uint32_t>& settled() const noexcept { return settled_; }
    /// Minutes of a node in the last run (unreachable when not reached within the bound).
    double minutes(std::uint32_t node) const noexcept { return dist_[node]; }

private:
    void reset();
    std::vector<double> dist_;
    std::vector<std::uint32_t> touched_;
    std::vector<std::uint32_t> settled_;
    std::vector<std::pair<double, std::uint32_t>> heap_;
};

/// Workspaces handed out to the workers of a parallel loop and returned after each item.
class SearchPool {
public:
    explicit SearchPool(std::size_t node_count)
        : nodes_(node_count) {}
    struct Lease {
        SearchPool* pool;
        std::unique_ptr<BoundedSearch> search;
        Lease(SearchPool* p, std::unique_ptr<BoundedSearch> s)
            : pool(p)
            , search(std::move(s)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        BoundedSearch* operator->() { return search.get(); }
    };
    Lease acquire();

private:
    std::size_t nodes_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<BoundedSearch>> free_;
};

} // namespace tecsmap::access
