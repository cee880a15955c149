#include "commune_neighbours.hpp"

#include "parallel.hpp"
#include "strtree.hpp"
#include "territory.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace tecsmap {

namespace {

using Vertex = std::pair<double, double>;

void add_ring_vertices(const GEOSGeometry* ring, std::vector<Vertex>& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos::ctx(), ring);
    unsigned int size = 0;
    if (!seq || GEOSCoordSeq_getSize_r(geos::ctx(), seq, &size) != 1 || size == 0)
        return;
    std::vector<double> xy(2 * static_cast<std::size_t>(size));
    if (GEOSCoordSeq_copyToBuffer_r(geos::ctx(), seq, xy.data(), 0, 0) != 1)
        return;
    for (std::size_t k = 0; k < size; ++k)
        out.emplace_back(xy[2 * k], xy[2 * k + 1]);
}

// Every vertex of a (multi)polygon, in `out` (cleared first).
void vertices_of(const GEOSGeometry* g, std::vector<Vertex>& out) {
    out.clear();
    const int parts = GEOSGetNumGeometries_r(geos::ctx(), g);
    for (int p = 0; p < parts; ++p) {
        const GEOSGeometry* polygon = GEOSGetGeometryN_r(geos::ctx(), g, p);
        if (GEOSGeomTypeId_r(geos::ctx(), polygon) != GEOS_POLYGON)
            continue;
        add_ring_vertices(GEOSGetExteriorRing_r(geos::ctx(), polygon), out);
        const int holes = GEOSGetNumInteriorRings_r(geos::ctx(), polygon);
        for (int h = 0; h < holes; ++h)
            add_ring_vertices(GEOSGetInteriorRingN_r(geos::ctx(), polygon, h), out);
    }
}

// Whether one of `vertices` is in `sorted` (exact comparison).
bool share_a_vertex(const std::vector<Vertex>& sorted, const std::vector<Vertex>& vertices) {
    return std::any_of(vertices.begin(), vertices.end(), [&](const Vertex& v) {
        return std::binary_search(sorted.begin(), sorted.end(), v);
    });
}

} // namespace

std::vector<std::vector<std::size_t>> commune_neighbours(const std::vector<Commune>& communes,
                                                         double tolerance_m) {
    if (!(tolerance_m >= 0))
        throw std::invalid_argument("commune_neighbours: tolerance must be >= 0");
    const std::size_t n = communes.size();
    geos::StrTree tree;
    std::vector<geos::Envelope> envs(n);
    for (std::size_t i = 0; i < n; ++i) {
        // The distance tests below read each commune from any thread: fill GEOS's lazy caches
        // first, here, on this one.
        geos::settle_for_threads(communes[i].geometry.get());
        envs[i] = geos::envelope(communes[i].geometry.get());
        tree.insert(i, envs[i]);
    }
    (void)tree.query(envs.empty() ? geos::Envelope{} : envs[0]); // build the tree before sharing it
    // Communes of a coverage that touch share vertices, bit for bit (the same source vertex,
    // transformed the same way): such a pair is at distance 0, within any tolerance, and needs
    // no distance computation. GEOS 3.11 measures the distance of two polygons by comparing
    // every segment of one with every segment of the other, so this settles most of the work;
    // every other candidate pair gets the exact test, as before. The vertices are read from
    // the geometries as needed (keeping every commune's would add 35 MB nationally).
    // Each commune tests only the candidates after it: a pair is tested once, from its lower
    // index, and recorded on both sides below.
    std::vector<std::vector<std::size_t>> later(n);
    parallel_for(n, [&](std::size_t i) {
        const std::vector<std::size_t> candidates = tree.query(envs[i].expanded(tolerance_m));
        auto first = std::upper_bound(candidates.begin(), candidates.end(), i);
        if (first == candidates.end())
            return;
        std::vector<Vertex> own;
        vertices_of(communes[i].geometry.get(), own);
        std::sort(own.begin(), own.end());
        std::vector<Vertex> other;
        for (auto it = first; it != candidates.end(); ++it) {
            vertices_of(communes[*it].geometry.get(), other);
            if (share_a_vertex(own, other) ||
                GEOSDistanceWithin_r(geos::ctx(), communes[i].geometry.get(),
                                     communes[*it].geometry.get(), tolerance_m) == 1)
                later[i].push_back(*it);
        }
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
