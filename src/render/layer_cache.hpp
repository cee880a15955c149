#pragma once
// The map view's cache of static layers. The three lower layer groups of a map (paint_map's
// LayerGroup::Base, Polygons, Boundaries: commune fills, gap hatching, cluster and perimeter
// fills, EPCI/CTG limits, the outline, the neighbours) change only with the data snapshot, the
// style, the scale and the layer settings; painting them is most of a national frame (35 000
// communes). Each group is painted once into an image a margin larger than the view and kept,
// keyed by everything its pixels depend on (LayerKey). A frame then copies the three images
// and paints only the dynamic group (focus, structures, initiatives, labels) over them:
//  - a focus, marker or label change reuses all three;
//  - a theme change reuses the groups it does not affect (the base and the boundaries, except
//    for the hot spot and perimeter themes), and the previous theme's images while they stay
//    in the cache;
//  - panning at the same scale reuses them while the view stays inside the margin (the images
//    are cut at whole-pixel offsets: the map -> device transforms differ by a translation of
//    whole pixels, checked to 1/1000 px).
// A zoom (new scale), a new analysis (new MapData) or a style change paints them again.
//
// Thread-safe: render jobs of one canvas may run on several workers at once. Images are
// immutable once stored (QImage copies share them, read-only). Entries refer to their data
// through weak pointers: a snapshot freed and another allocated at the same address never
// matches, and the cache never keeps a snapshot alive. Memory is bounded (least recently used
// entries are dropped).

#include "map_data.hpp"
#include "map_painter.hpp"
#include "map_settings.hpp"

#include <QImage>
#include <QTransform>

#include <atomic>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tecsmap::render {

/// Everything the pixels of a static group depend on, besides the map -> device translation:
/// the group, the settings and style values it reads (as text, compared exactly), the scale,
/// and the data snapshot it draws (the MapData, or only the TerritoryShapes when the group
/// draws nothing of the analysis).
struct LayerKey {
    LayerGroup group = LayerGroup::Base;
    std::string signature;
    double scale = 0;
    std::weak_ptr<const void> source;
    const void* source_address = nullptr;
};

/// The key of `group` for these settings and data, at this scale (device px per metre).
LayerKey layer_key(LayerGroup group, const MapSettings& settings,
                   const std::shared_ptr<const MapData>& data, double scale);

/// Every field of a style, as text: part of every layer key (a style change repaints).
std::string style_signature(const MapStyle& style);

class LayerCache {
public:
    static constexpr int kMaxMarginPx = 400;
    /// `max_bytes`: images kept at most; `margin`: extra width painted on each side of the
    /// view, as a fraction of its size, at most kMaxMarginPx (panning within it reuses the
    /// images).
    explicit LayerCache(std::size_t max_bytes = std::size_t{320} << 20, double margin = 0.25);
    LayerCache(const LayerCache&) = delete;
    LayerCache& operator=(const LayerCache&) = delete;

    /// The image of `group` for a frame of `frame_size` device pixels drawn with `t`, and
    /// where the frame's top-left pixel falls in it. Painted (and stored) on a miss. Null
    /// image when cancelled.
    struct Layer {
        QImage image;
        QPoint offset;
    };
    Layer layer(LayerGroup group, const MapSettings& settings,
                const std::shared_ptr<const MapData>& data, const QTransform& t,
                const QSize& frame_size, const std::atomic_bool* cancel = nullptr);

    /// The static groups' images composited (bottom first), and where the frame's top-left
    /// pixel falls in the result. Kept for the next frames: a frame whose static layers did not
    /// change copies one image. When the layers share their geometry (painted for the same
    /// view), the whole margin is composited, so panning within it reuses the result too.
    Layer composite(const std::vector<Layer>& layers, const QSize& frame_size);

    /// Whether frames of this size are cached: the three images of a frame and the composites
    /// must fit in the budget (a huge screenshot window is painted directly instead).
    bool accepts(const QSize& frame_size) const;

    struct Stats {
        std::size_t hits = 0;
        std::size_t misses = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
    };
    Stats stats() const;
    void clear();

private:
    struct Entry {
        LayerKey key;
        QImage image;
        QPointF origin; ///< device position of the metric origin in the image (t.dx, t.dy)
    };
    QPoint margin_px(const QSize& frame_size) const;
    std::optional<Layer> find_locked(const LayerKey& key, const QTransform& t,
                                     const QSize& frame_size);
    void insert_locked(Entry entry);

    struct CompositeEntry {
        std::vector<qint64> key; ///< the layers' cacheKey()s, and their offsets if unaligned
        QImage image;
        bool aligned = false;
    };
    static constexpr std::size_t kComposites = 4;

    const std::size_t max_bytes_;
    const double margin_;
    mutable std::mutex mutex_;
    std::list<Entry> entries_;             ///< most recently used first
    std::list<CompositeEntry> composites_; ///< most recently used first
    std::size_t bytes_ = 0;
    std::size_t hits_ = 0, misses_ = 0;
};

/// One map-view frame: the cached static groups (painted on a miss), composited, and the
/// dynamic group painted over them. Without a cache, the whole map is painted (paint_map). Null
/// image when cancelled.
QImage render_frame(const MapSettings& settings, const std::shared_ptr<const MapData>& data,
                    LayerCache* cache, const std::atomic_bool* cancel = nullptr);

} // namespace tecsmap::render
