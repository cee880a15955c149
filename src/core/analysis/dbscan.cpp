#include "dbscan.hpp"

namespace tecsmap {

DbscanResult dbscan(const std::vector<XY>& points, double eps, int min_points) {
    const std::size_t n = points.size();
    DbscanResult r;
    r.labels.assign(n, std::nullopt);
    r.core.assign(n, false);
    const KdTree tree(points);
    std::vector<std::vector<std::size_t>> neighbours(n);
    for (std::size_t i = 0; i < n; ++i) {
        neighbours[i] = tree.within(points[i], eps);
        r.core[i] = neighbours[i].size() >= static_cast<std::size_t>(min_points);
    }
    // Clusters grow from cores in input order; a border point keeps the first cluster that
    // reaches it (the spec leaves that choice to the implementation).
    for (std::size_t i = 0; i < n; ++i) {
        if (!r.core[i] || r.labels[i])
            continue;
        const int id = ++r.cluster_count;
        r.labels[i] = id;
        std::vector<std::size_t> stack{i};
        while (!stack.empty()) {
            const std::size_t p = stack.back();
            stack.pop_back();
            for (std::size_t q : neighbours[p]) {
                if (r.labels[q])
                    continue;
                r.labels[q] = id;
                if (r.core[q])
                    stack.push_back(q);
            }
        }
    }
    return r;
}

} // namespace tecsmap
