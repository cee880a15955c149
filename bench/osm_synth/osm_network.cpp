#include "osm_network.hpp"

#include "crs.hpp"
#include "errors.hpp"

#include <osmium/builder/attr.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/memory/buffer.hpp>

#include <algorithm>
#include <numeric>

namespace tecsmap::osm_synth {

void OsmNetwork::node(std::int64_t id, XY metric) {
    ids_.push_back(id);
    xy_.push_back(metric);
}

void OsmNetwork::way(std::int64_t id, std::vector<std::int64_t> nodes, Tags tags) {
    ways_.push_back({id, std::move(nodes), std::move(tags)});
}

void OsmNetwork::write(const std::string& path) const {
    using namespace osmium::builder::attr;
    std::vector<XY> lonlat = xy_;
    {
        const gdal::SrsPtr metric = gdal::make_srs(crs_);
        const gdal::SrsPtr wgs84 = gdal::make_srs("EPSG:4326");
        const Transformer to_wgs84(*metric, *wgs84);
        std::vector<char> ok;
        to_wgs84.transform_many(lonlat, ok);
        if (std::find(ok.begin(), ok.end(), 0) != ok.end())
            throw GeometryError("réseau OSM : point hors du domaine de " + crs_);
    }
    std::vector<std::size_t> order(ids_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ids_[a] < ids_[b]; });
    std::vector<std::size_t> way_order(ways_.size());
    std::iota(way_order.begin(), way_order.end(), std::size_t{0});
    std::sort(way_order.begin(), way_order.end(),
              [&](auto a, auto b) { return ways_[a].id < ways_[b].id; });

    osmium::io::Header header;
    header.set("generator", "tecsmap osm_synth");
    osmium::io::Writer writer{osmium::io::File{path}, header, osmium::io::overwrite::allow};
    osmium::memory::Buffer buffer{1 << 20, osmium::memory::Buffer::auto_grow::yes};
    auto flush = [&](bool force) {
        if (force || buffer.committed() > (1u << 23)) {
            writer(std::move(buffer));
            buffer = osmium::memory::Buffer{1 << 20, osmium::memory::Buffer::auto_grow::yes};
        }
    };
    const osmium::Timestamp stamp{"2024-01-01T00:00:00Z"};
    for (std::size_t i : order) {
        osmium::builder::add_node(buffer, _id(ids_[i]), _version(1), _timestamp(stamp),
                                  _location(lonlat[i].x, lonlat[i].y));
        flush(false);
    }
    for (std::size_t w : way_order) {
        const OsmWay& way = ways_[w];
        osmium::builder::add_way(buffer, _id(way.id), _version(1), _timestamp(stamp),
                                 _nodes(way.nodes), _tags(way.tags));
        flush(false);
    }
    flush(true);
    writer.close();
}

} // namespace tecsmap::osm_synth
