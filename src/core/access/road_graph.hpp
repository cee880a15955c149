#pragma once
// The road graph: the largest strongly connected component of the routable OpenStreetMap ways
// around a territory, in compact arrays (CSR). Node i sits at xy[i] (the study's metric CRS);
// its outgoing edges are targets[offsets[i] .. offsets[i+1]) with their driving minutes. Minutes
// are doubles: sums of many edges must match an independent shortest path to 1e-6 minute.
// Edge lengths are not stored: an edge is the straight segment between its two nodes.

#include "feedback.hpp"
#include "geos_handles.hpp"
#include "kdtree.hpp"
#include "territory.hpp"
#include "way_rules.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tecsmap::access {

/// One direction of adjacency in CSR form.
struct Csr {
    std::vector<std::uint32_t> offsets; ///< node count + 1
    std::vector<std::uint32_t> targets;
    std::vector<double> minutes;

    std::size_t edge_count() const noexcept { return targets.size(); }
};

/// What the build kept and dropped, for the run report.
struct RoadGraphStats {
    std::uint64_t ways_read = 0;         ///< ways with a `highway` or `route` tag
    std::uint64_t ways_not_routable = 0; ///< by the rules (class, access, ferry, construction)
    std::uint64_t ways_outside = 0;      ///< routable but no node inside the box
    std::uint64_t ways_kept = 0;
    std::uint64_t nodes_missing = 0; ///< referenced by a kept way but absent from the file
    std::uint64_t nodes_before_scc = 0;
    std::uint64_t edges_before_scc = 0;
};

struct RoadGraph {
    std::string crs;                  ///< metric CRS of xy, e.g. "EPSG:2154"
    std::vector<XY> xy;               ///< node positions, metric CRS
    std::vector<std::int64_t> osm_id; ///< OSM node id of each node (ascending)
    Csr forward;                      ///< edges as driven
    Csr reverse;                      ///< the same edges reversed (built by finish())
    RoadGraphStats stats;

    std::size_t node_count() const noexcept { return xy.size(); }
    std::size_t edge_count() const noexcept { return forward.edge_count(); }
    /// Straight-line length of the edge from a to b, metres.
    double length_m(std::uint32_t a, std::uint32_t b) const noexcept;
    /// Builds `reverse` from `forward` (deterministic order: by source then target).
    void finish();
};

/// An edge before CSR packing.
struct RawEdge {
    std::uint32_t from;
    std::uint32_t to;
    double minutes;
};

/// Packs edges over `node_count` nodes into CSR, ordered by (from, to, minutes).
Csr pack_csr(std::size_t node_count, std::vector<RawEdge> edges);

/// Keeps only the largest strongly connected component (ties: the one holding the lowest node
/// index), renumbering nodes in their current order. Iterative: no recursion on millions of
/// nodes. Returns the number of nodes dropped.
std::size_t keep_largest_scc(RoadGraph& graph);

struct RoadGraphParams {
    std::string roads_path;   ///< OSM PBF (.osm.pbf) or XML (.osm, .osm.bz2, .osm.gz)
    geos::Envelope territory; ///< territory extent, metric CRS
    std::string crs = "EPSG:2154";
    double margin_km = 20;
    SpeedTable speeds_kmh = default_speeds_kmh();
};

/// Envelope of all communes of a territory (metric CRS): RoadGraphParams::territory.
geos::Envelope territory_envelope(const Territory& territory);

/// The box in which ways are kept: the territory envelope expanded by margin_km.
geos::Envelope keep_box(const RoadGraphParams& params);

/// Reads the extract and builds the graph (two passes with libosmium: ways, then their nodes).
/// A way is kept when it is routable (way_rules.hpp) and at least one of its nodes, projected
/// to the metric CRS, lies in keep_box() (boundary included); all of its edges are then kept,
/// even those outside the box. Edges touching a node absent from the file are dropped.
/// Throws InputError (French, naming the file) when the file is missing, unreadable or
/// truncated, or has no routable road in the box.
RoadGraph build_road_graph(const RoadGraphParams& params, Feedback* feedback = nullptr);

} // namespace tecsmap::access
