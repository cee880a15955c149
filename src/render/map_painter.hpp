#pragma once
// Draws the map itself (no furniture) for a settings snapshot into a rectangle of a QPainter:
// print renders, the atlas and the map view's worker threads all use it. Stateless; safe to
// call from several threads on different painters.

#include "map_data.hpp"
#include "map_settings.hpp"

#include <QPainter>
#include <QTransform>

#include <atomic>

namespace tecsmap::render {

/// Metric -> device transform fitting `extent` into `frame` (aspect kept, y up).
QTransform map_transform(const QRectF& extent, const QRectF& frame);

/// Paints the map. `cancel` (may be null) is polled between layers; returns false when
/// cancelled.
bool paint_map(QPainter& painter, const QRectF& frame, const MapSettings& settings,
               const MapData& data, const std::atomic_bool* cancel = nullptr);

/// The map's layers in four groups, bottom first; paint_map paints them in this order. The
/// first three (background, neighbours and communes; polygon overlays; administrative
/// boundaries and perimeter outlines) change only with the data, the style, the scale and the
/// layer settings: the map view caches them as images (layer_cache.hpp). The last (focus fade,
/// structures, initiatives, labels) is painted for every frame.
enum class LayerGroup { Base, Polygons, Boundaries, Dynamic };
inline constexpr LayerGroup kLayerGroups[] = {LayerGroup::Base, LayerGroup::Polygons,
                                              LayerGroup::Boundaries, LayerGroup::Dynamic};

/// True when the agreed intervention zones are drawn with these settings (coverage and
/// structures maps, structures shown).
bool draws_zones(const MapSettings& settings);

/// False when `group` certainly draws nothing with these settings (e.g. no polygon overlay in
/// the structures theme), so that a cached frame can skip it.
bool group_draws(LayerGroup group, const MapSettings& settings);

/// Paints one group with the metric -> device transform `t`, clipped to `frame` (the base
/// group fills `frame` with the background; the others leave what is under them). Returns
/// false when cancelled.
bool paint_layer_group(QPainter& painter, const QRectF& frame, const QTransform& t,
                       const MapSettings& settings, const MapData& data, LayerGroup group,
                       const std::atomic_bool* cancel = nullptr);

QColor to_qcolor(const Rgb& c, double alpha = 1.0);
/// Qt pen style of a style file's dash name ("dash", "dot", "dash dot", else solid).
Qt::PenStyle pen_style(const std::string& dash);

/// A point symbol (circle, square, triangle, diamond, pentagon) centred on `at`.
void draw_marker(QPainter& p, QPointF at, const std::string& shape, double size_px,
                 const QColor& fill, const QColor& outline, double outline_px);

/// Which hot spot classes / structure types / perimeter kinds are drawn (for legends).
struct DrawnClasses {
    std::vector<int> hotspots;
    std::vector<QString> structure_types;
    std::vector<QString> perimeter_kinds;
    bool gaps = false;
    bool clusters = false;
    bool initiatives = false;
    bool ambassadors = false;
    bool zones = false; ///< agreed intervention zones (coverage and structures maps)
    /// Themes acces and e2sfca: classes drawn (AccessClasses indices: minutes or index, the last
    /// for "no structure reachable"), whether cells (not communes) carry them, and the
    /// isochrones' minutes drawn (ascending) with their rank (acces only).
    std::vector<std::size_t> minute_classes;
    bool access_cells = false;
    std::vector<std::pair<double, std::size_t>> isochrones;
    bool suggestions = false;   ///< suggested sites drawn
    bool best_sites = false;    ///< best site per CTG drawn
    std::vector<int> evolution; ///< evolution classes drawn (-2..2)
    int evolution_threshold = 2;
    int evolution_year = 0; ///< 0: no dated initiative
};
DrawnClasses drawn_classes(const MapSettings& settings, const MapData& data);

/// Theme acces: population cells are drawn instead of communes when the data has them and the
/// map shows at most a region (kMaxCellExtentM): beyond, a 200 m cell is under a pixel.
inline constexpr double kMaxCellExtentM = 400000;
bool draws_access_cells(const MapSettings& settings, const MapData& data);

} // namespace tecsmap::render
