// build_road_graph: libosmium reads the extract in two passes (ways, then only the nodes those
// ways need), so memory follows the routable network, not the whole extract.

#include "crs.hpp"
#include "errors.hpp"
#include "input_limits.hpp"
#include "road_graph.hpp"

#include <osmium/handler.hpp>
#include <osmium/index/id_set.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace tecsmap::access {

namespace {

/// A routable way: its node ids are refs[first, first + count).
struct KeptWay {
    std::size_t first;
    std::uint32_t count;
    Direction direction;
    double speed_kmh;
};

std::string_view tag(const osmium::TagList& tags, const char* key) {
    const char* v = tags.get_value_by_key(key);
    return v ? std::string_view(v) : std::string_view();
}

struct WayCollector : osmium::handler::Handler {
    const SpeedTable& speeds;
    RoadGraphStats& stats;
    std::vector<osmium::object_id_type> refs;
    std::vector<KeptWay> ways;
    const Feedback* feedback;
    std::uint64_t seen = 0;

    void way(const osmium::Way& way) {
        if ((++seen & 0xFFFF) == 0)
            feedback_check(feedback);
        const osmium::TagList& tags = way.tags();
        const WayTags t{tag(tags, "highway"), tag(tags, "access"),   tag(tags, "route"),
                        tag(tags, "oneway"),  tag(tags, "junction"), tag(tags, "maxspeed")};
        if (t.highway.empty() && t.route.empty())
            return;
        ++stats.ways_read;
        const WayRule rule = classify_way(t, speeds);
        if (!rule.routable || way.nodes().size() < 2) {
            ++stats.ways_not_routable;
            return;
        }
        ways.push_back({refs.size(), static_cast<std::uint32_t>(way.nodes().size()), rule.direction,
                        rule.speed_kmh});
        for (const osmium::NodeRef& r : way.nodes())
            refs.push_back(r.ref());
    }
};

template <typename Handler>
void read_pass(const std::string& path, osmium::osm_entity_bits::type what, Handler& handler) {
    try {
        osmium::io::Reader reader{osmium::io::File{path}, what};
        osmium::apply(reader, handler);
        reader.close();
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path, std::string("extrait OpenStreetMap illisible ou tronqué (") +
                                   e.what() + ")");
    }
}

std::string format_km(double km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", km);
    return buf;
}

} // namespace

RoadGraph build_road_graph(const RoadGraphParams& params, Feedback* feedback) {
    const std::string& path = params.roads_path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw InputError(path, "fichier de routes OpenStreetMap introuvable");
    // A directory, a FIFO, a device or an absurdly large file is refused before libosmium reads.
    check_input_file(path, InputKind::Roads);

    RoadGraph graph;
    graph.crs = params.crs;
    WayCollector ways{{}, params.speeds_kmh, graph.stats, {}, {}, feedback};
    read_pass(path, osmium::osm_entity_bits::way, ways);
    feedback_fraction(feedback, 0.3);

    // The node ids the routable ways need, sorted: position in this list = provisional index.
    std::vector<osmium::object_id_type> ids = ways.refs;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    osmium::index::IdSetDense<osmium::unsigned_object_id_type> wanted;
    for (osmium::object_id_type id : ids)
        if (id > 0)
            wanted.set(static_cast<osmium::unsigned_object_id_type>(id));

    std::vector<XY> position(ids.size());
    std::vector<char> present(ids.size(), 0);
    struct NodeCollector : osmium::handler::Handler {
        const std::vector<osmium::object_id_type>& ids;
        const osmium::index::IdSetDense<osmium::unsigned_object_id_type>& wanted;
        std::vector<XY>& position;
        std::vector<char>& present;
        void node(const osmium::Node& node) {
            if (node.id() <= 0 ||
                !wanted.get(static_cast<osmium::unsigned_object_id_type>(node.id())))
                return;
            const osmium::Location loc = node.location();
            if (!loc.valid())
                return;
            const auto at = std::lower_bound(ids.begin(), ids.end(), node.id()) - ids.begin();
            position[static_cast<std::size_t>(at)] = {loc.lon(), loc.lat()};
            present[static_cast<std::size_t>(at)] = 1;
        }
    } nodes{{}, ids, wanted, position, present};
    read_pass(path, osmium::osm_entity_bits::node, nodes);
    feedback_check(feedback);
    feedback_fraction(feedback, 0.6);

    // Longitude/latitude to the study's metric CRS, in batches through PROJ.
    {
        const gdal::SrsPtr wgs84 = gdal::make_srs("EPSG:4326");
        const gdal::SrsPtr metric = gdal::make_srs(params.crs);
        const Transformer to_metric(*wgs84, *metric);
        std::vector<char> ok;
        to_metric.transform_many(position, ok);
        for (std::size_t i = 0; i < ok.size(); ++i)
            present[i] = present[i] && ok[i];
    }
    feedback_fraction(feedback, 0.7);

    // Ways with a node in the box; nodes they use get a compact index in id order.
    const geos::Envelope box = keep_box(params);
    std::vector<std::uint32_t> ref_index(ways.refs.size());
    for (std::size_t r = 0; r < ways.refs.size(); ++r)
        ref_index[r] = static_cast<std::uint32_t>(
            std::lower_bound(ids.begin(), ids.end(), ways.refs[r]) - ids.begin());
    ways.refs = {};
    auto index_of = [&](std::size_t ref) { return ref_index[ref]; };
    std::vector<char> kept_way(ways.ways.size(), 0);
    std::vector<char> used(ids.size(), 0);
    for (std::size_t w = 0; w < ways.ways.size(); ++w) {
        const KeptWay& way = ways.ways[w];
        bool inside = false;
        for (std::uint32_t k = 0; k < way.count && !inside; ++k) {
            const std::size_t i = index_of(way.first + k);
            const XY p = position[i];
            inside = present[i] && p.x >= box.minx && p.x <= box.maxx && p.y >= box.miny &&
                     p.y <= box.maxy;
        }
        if (!inside) {
            ++graph.stats.ways_outside;
            continue;
        }
        kept_way[w] = 1;
        ++graph.stats.ways_kept;
        for (std::uint32_t k = 0; k < way.count; ++k) {
            const std::size_t i = index_of(way.first + k);
            if (present[i])
                used[i] = 1;
            else if (!used[i]) {
                used[i] = 2; // counted once as missing
                ++graph.stats.nodes_missing;
            }
        }
    }
    std::vector<std::uint32_t> compact(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (used[i] == 1) {
            compact[i] = static_cast<std::uint32_t>(graph.xy.size());
            graph.xy.push_back(position[i]);
            graph.osm_id.push_back(ids[i]);
        }
    std::vector<RawEdge> edges;
    for (std::size_t w = 0; w < ways.ways.size(); ++w) {
        if (!kept_way[w])
            continue;
        const KeptWay& way = ways.ways[w];
        const double metres_per_minute = way.speed_kmh * 1000.0 / 60.0;
        for (std::uint32_t k = 0; k + 1 < way.count; ++k) {
            const std::size_t a = index_of(way.first + k);
            const std::size_t b = index_of(way.first + k + 1);
            if (a == b || used[a] != 1 || used[b] != 1)
                continue;
            const std::uint32_t ca = compact[a], cb = compact[b];
            const double minutes = graph.length_m(ca, cb) / metres_per_minute;
            if (way.direction != Direction::backward)
                edges.push_back({ca, cb, minutes});
            if (way.direction != Direction::forward)
                edges.push_back({cb, ca, minutes});
        }
    }
    graph.stats.nodes_before_scc = graph.xy.size();
    graph.stats.edges_before_scc = edges.size();
    if (edges.empty())
        throw InputError(path, "aucune route praticable en voiture dans l'emprise du territoire "
                               "(marge de " +
                                   format_km(params.margin_km) +
                                   " km comprise) : l'extrait couvre-t-il une autre région ?");
    graph.forward = pack_csr(graph.xy.size(), std::move(edges));
    feedback_fraction(feedback, 0.85);
    keep_largest_scc(graph);
    graph.finish();
    feedback_fraction(feedback, 1.0);
    return graph;
}

} // namespace tecsmap::access
