#include "layer_cache.hpp"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tecsmap::render {

namespace {

// Exact text of a value: two keys are equal only if every value is.
void put(std::string& out, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g;", v);
    out += buf;
}
void put(std::string& out, bool v) {
    out += v ? "1;" : "0;";
}
void put(std::string& out, const std::string& v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
}
void put(std::string& out, const Rgb& c) {
    for (int v : {c.r, c.g, c.b}) {
        out += std::to_string(v);
        out += ',';
    }
}
void put(std::string& out, const FillStyle& f) {
    put(out, f.fill);
    put(out, f.stroke);
    put(out, f.stroke_width_mm);
    put(out, f.hatch);
    put(out, f.label);
}
void put(std::string& out, const MarkerStyle& m) {
    put(out, m.color);
    put(out, m.shape);
    put(out, m.size_mm);
    put(out, m.label);
}
void put(std::string& out, const LineStyle& l) {
    put(out, l.color);
    put(out, l.width_mm);
    put(out, l.dash);
    put(out, l.label);
}

// A tripwire: a field added to MapStyle must be added to style_signature() below, or a style
// change would not repaint the cached layers. (The size with libstdc++ on x86-64.)
constexpr std::size_t kMapStyleSize = 1296;
static_assert(sizeof(void*) != 8 || sizeof(MapStyle) == kMapStyleSize,
              "MapStyle changed: add its new fields to style_signature() in layer_cache.cpp, "
              "then update kMapStyleSize");

bool draws_analysis(LayerGroup group, const MapSettings& s) {
    switch (group) {
    case LayerGroup::Base:
        return (s.theme == Theme::Hotspots && s.layers.hotspots) || // communes filled by class
               (is_access_theme(s.theme) && s.layers.access); // communes or cells by minutes/index
    case LayerGroup::Boundaries:
        return s.theme == Theme::Perimeters && s.layers.perimeters; // perimeter outlines
    case LayerGroup::Polygons:
    case LayerGroup::Dynamic:
        return true;
    }
    return true;
}

} // namespace

std::string style_signature(const MapStyle& st) {
    std::string out;
    put(out, st.communes);
    put(out, st.epci);
    put(out, st.ctg);
    out += "palette:";
    for (const Rgb& c : st.ctg_palette)
        put(out, c);
    put(out, st.gaps);
    out += "hotspots:";
    for (const HotspotClass& h : st.hotspots) {
        out += std::to_string(h.value);
        out += ';';
        put(out, h.color);
        put(out, h.label);
    }
    put(out, st.cluster_opacity);
    put(out, st.cluster_stroke_mm);
    put(out, st.cluster_label);
    put(out, st.initiative);
    put(out, st.structure_default);
    out += "structures:";
    for (const auto& [type, m] : st.structure_types) {
        put(out, type);
        put(out, m);
    }
    out += "perimeters:";
    for (const auto& [kind, l] : st.perimeters) {
        put(out, kind);
        put(out, l);
    }
    out += "access:";
    for (const MinutesClass& m : st.access.classes) {
        put(out, m.upto);
        put(out, m.color);
        put(out, m.label);
    }
    put(out, st.access.unreachable);
    put(out, st.access.unreachable_label);
    for (const Rgb& c : st.access.isochrone_colors)
        put(out, c);
    for (const Rgb& c : st.access.e2sfca_colors)
        put(out, c);
    put(out, st.access.isochrone_opacity);
    put(out, st.access.isochrone_width_mm);
    put(out, st.suggestion);
    put(out, st.best_site);
    put(out, st.scenario_site);
    out += "evolution:";
    for (const Rgb& c : st.evolution)
        put(out, c);
    out += "zones:";
    put(out, st.zones);
    put(out, st.zones_fill_opacity);
    put(out, st.zones_dash);
    return out;
}

// What each static group reads, from map_painter.cpp's draw_* functions (keep in step).
LayerKey layer_key(LayerGroup group, const MapSettings& s,
                   const std::shared_ptr<const MapData>& data, double scale) {
    LayerKey key;
    key.group = group;
    key.scale = scale;
    const LayerVisibility& l = s.layers;
    std::string& sig = key.signature;
    sig += std::to_string(static_cast<int>(group));
    sig += '|';
    put(sig, s.dpi);
    sig += std::to_string(s.background.rgba());
    sig += ';';
    switch (group) {
    case LayerGroup::Base: // background, neighbours, communes (hot spot fills)
        put(sig, l.neighbours);
        put(sig, l.communes);
        put(sig, draws_analysis(group, s));
        if (draws_analysis(group, s)) {
            put(sig, theme_key(s.theme));
            put(sig, l.hotspots_opacity);
            put(sig, l.access_opacity);
        }
        break;
    case LayerGroup::Polygons: // agreed zones, gaps, clusters, perimeter fills (user's order);
                               // evolution
        put(sig, theme_key(s.theme));
        // The agreed zones follow the structures' visibility; without zones that toggle
        // changes nothing here.
        put(sig, data && !data->zones().empty() && draws_zones(s));
        // The year selector hides the zones of structures whose agreement does not run.
        if (data && !data->zones().empty() && draws_zones(s))
            put(sig, s.year_filter ? static_cast<double>(*s.year_filter) : -1.0);
        put(sig, l.gaps);
        put(sig, l.clusters);
        put(sig, l.perimeters);
        put(sig, l.gaps_opacity);
        put(sig, l.clusters_opacity);
        put(sig, l.perimeters_opacity);
        put(sig, l.isochrones);
        for (const std::string& name : l.overlay_order)
            put(sig, name);
        if (s.theme == Theme::Evolution) // draw_evolution: CTGs by their difference N vs N−1
            put(sig, s.year ? static_cast<double>(*s.year) : -1.0);
        break;
    case LayerGroup::Boundaries: // EPCI, CTG, outline (quieter under perimeters), outlines
        put(sig, l.epci);
        put(sig, l.ctg);
        put(sig, s.theme == Theme::Perimeters);
        if (draws_analysis(group, s))
            put(sig, l.perimeters_opacity);
        break;
    case LayerGroup::Dynamic:
        break; // never cached
    }
    sig += '|';
    sig += style_signature(s.style);
    if (draws_analysis(group, s)) {
        key.source = data;
        key.source_address = data.get();
    } else {
        key.source = data->shapes_ptr();
        key.source_address = data->shapes_ptr().get();
    }
    return key;
}

LayerCache::LayerCache(std::size_t max_bytes, double margin)
    : max_bytes_(max_bytes)
    , margin_(margin) {}

QPoint LayerCache::margin_px(const QSize& size) const {
    return {std::min(kMaxMarginPx, static_cast<int>(std::ceil(margin_ * size.width()))),
            std::min(kMaxMarginPx, static_cast<int>(std::ceil(margin_ * size.height())))};
}

bool LayerCache::accepts(const QSize& size) const {
    const QPoint m = margin_px(size);
    const double bytes = 4.0 * (size.width() + 2.0 * m.x()) * (size.height() + 2.0 * m.y());
    return static_cast<double>(3 + kComposites) * bytes <= static_cast<double>(max_bytes_);
}

LayerCache::Stats LayerCache::stats() const {
    std::lock_guard lock(mutex_);
    return {hits_, misses_, entries_.size(), bytes_};
}

void LayerCache::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    composites_.clear();
    bytes_ = 0;
}

std::optional<LayerCache::Layer> LayerCache::find_locked(const LayerKey& key, const QTransform& t,
                                                         const QSize& size) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        const LayerKey& k = it->key;
        if (k.group != key.group || k.source_address != key.source_address || k.source.expired() ||
            std::abs(k.scale - key.scale) > 1e-12 * std::abs(key.scale) ||
            k.signature != key.signature)
            continue;
        // The frame is the image shifted by whole pixels, or it is not in this entry.
        const QPointF shift = it->origin - QPointF(t.dx(), t.dy());
        const QPoint whole(static_cast<int>(std::lround(shift.x())),
                           static_cast<int>(std::lround(shift.y())));
        if (std::abs(shift.x() - whole.x()) > 1e-3 || std::abs(shift.y() - whole.y()) > 1e-3)
            continue;
        if (!it->image.rect().contains(QRect(whole, size)))
            continue;
        entries_.splice(entries_.begin(), entries_, it); // most recently used
        return Layer{entries_.front().image, whole};
    }
    return std::nullopt;
}

void LayerCache::insert_locked(Entry entry) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        const bool stale = it->key.source.expired();
        const bool same = it->key.source_address == entry.key.source_address &&
                          it->key.group == entry.key.group && it->key.scale == entry.key.scale &&
                          it->key.signature == entry.key.signature && it->origin == entry.origin;
        if (stale || same) {
            bytes_ -= static_cast<std::size_t>(it->image.sizeInBytes());
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
    bytes_ += static_cast<std::size_t>(entry.image.sizeInBytes());
    entries_.push_front(std::move(entry));
    while (bytes_ > max_bytes_ && entries_.size() > 1) {
        bytes_ -= static_cast<std::size_t>(entries_.back().image.sizeInBytes());
        entries_.pop_back();
    }
}

LayerCache::Layer LayerCache::layer(LayerGroup group, const MapSettings& settings,
                                    const std::shared_ptr<const MapData>& data, const QTransform& t,
                                    const QSize& size, const std::atomic_bool* cancel) {
    LayerKey key = layer_key(group, settings, data, t.m11());
    {
        std::lock_guard lock(mutex_);
        if (t.type() <= QTransform::TxScale && t.m22() == -t.m11())
            if (auto hit = find_locked(key, t, size)) {
                ++hits_;
                return *hit;
            }
        ++misses_;
    }
    // Painted outside the lock: another frame may use the cache meanwhile.
    const QPoint margin = margin_px(size);
    QImage image(size + QSize(2 * margin.x(), 2 * margin.y()), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const QTransform big = t * QTransform::fromTranslate(margin.x(), margin.y());
    {
        QPainter painter(&image);
        if (!paint_layer_group(painter, QRectF(image.rect()), big, settings, *data, group, cancel))
            return {};
    }
    std::lock_guard lock(mutex_);
    insert_locked({std::move(key), image, QPointF(big.dx(), big.dy())});
    return {image, margin};
}

LayerCache::Layer LayerCache::composite(const std::vector<Layer>& layers, const QSize& size) {
    // Aligned: every image has the same size and puts the frame at the same place (they were
    // painted for the same view); then the key is the images alone, whatever the offset.
    bool aligned = true;
    for (const Layer& l : layers)
        aligned =
            aligned && l.image.size() == layers[0].image.size() && l.offset == layers[0].offset;
    std::vector<qint64> key;
    for (const Layer& l : layers) {
        key.push_back(l.image.cacheKey());
        if (!aligned) {
            key.push_back(l.offset.x());
            key.push_back(l.offset.y());
        }
    }
    {
        std::lock_guard lock(mutex_);
        for (auto it = composites_.begin(); it != composites_.end(); ++it)
            if (it->key == key && it->aligned == aligned) {
                composites_.splice(composites_.begin(), composites_, it);
                ++hits_;
                return {it->image, aligned ? layers[0].offset : QPoint(0, 0)};
            }
    }
    // The base is opaque (it holds the background): copied, the others drawn over it.
    QImage image =
        aligned ? layers[0].image.copy() : layers[0].image.copy(QRect(layers[0].offset, size));
    {
        QPainter painter(&image);
        for (std::size_t i = 1; i < layers.size(); ++i) {
            if (aligned)
                painter.drawImage(QPoint(0, 0), layers[i].image);
            else
                painter.drawImage(QPoint(0, 0), layers[i].image, QRect(layers[i].offset, size));
        }
    }
    std::lock_guard lock(mutex_);
    composites_.push_front({std::move(key), image, aligned});
    while (composites_.size() > kComposites)
        composites_.pop_back();
    return {image, aligned ? layers[0].offset : QPoint(0, 0)};
}

QImage render_frame(const MapSettings& settings, const std::shared_ptr<const MapData>& data,
                    LayerCache* cache, const std::atomic_bool* cancel) {
    const QSize size = settings.size_px;
    const QRectF rect(QPointF(0, 0), QSizeF(size));
    QImage frame(size, QImage::Format_ARGB32_Premultiplied);
    if (!cache || !cache->accepts(size)) {
        frame.fill(settings.background);
        QPainter painter(&frame);
        if (!paint_map(painter, rect, settings, *data, cancel))
            return {};
        return frame;
    }
    const QTransform t = map_transform(settings.extent, rect);
    std::vector<LayerCache::Layer> layers;
    for (LayerGroup group : {LayerGroup::Base, LayerGroup::Polygons, LayerGroup::Boundaries}) {
        if (!group_draws(group, settings))
            continue;
        layers.push_back(cache->layer(group, settings, data, t, size, cancel));
        if (layers.back().image.isNull())
            return {};
    }
    const LayerCache::Layer below = cache->composite(layers, size);
    QPainter painter(&frame);
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.drawImage(QPoint(0, 0), below.image, QRect(below.offset, size));
    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
    if (!paint_layer_group(painter, rect, t, settings, *data, LayerGroup::Dynamic, cancel))
        return {};
    return frame;
}

} // namespace tecsmap::render
