#include "map_painter.hpp"

#include "access_classes.hpp"
#include "labels.hpp"

#include "analysis/evolution.hpp"

#include <QFontMetricsF>
#include <QHash>
#include <QImage>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>

namespace tecsmap::render {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

QPen cosmetic_pen(const QColor& c, double width_px, Qt::PenStyle style = Qt::SolidLine) {
    // Width 0 is Qt's one-pixel fast path.
    QPen p(c, width_px <= 1.0 ? 0.0 : width_px, style, Qt::RoundCap, Qt::RoundJoin);
    p.setCosmetic(true);
    return p;
}

// Everything a layer-drawing function needs, computed once per render.
struct Ctx {
    QPainter& p;
    const QRectF frame;
    const MapSettings& s;
    const MapData& d;
    QTransform t;
    double max_error_m; ///< LOD: half a device pixel in metres
    QRectF visible;     ///< metric rectangle of the frame, for culling
    bool cancelled() const { return cancel && cancel->load(); }
    const std::atomic_bool* cancel;
};

bool visible(const Ctx& c, const LodPath& l) {
    return l.bounds.intersects(c.visible);
}

void fill_paths(Ctx& c, const QPainterPath& path, const QBrush& brush, const QPen& pen) {
    c.p.setBrush(brush);
    c.p.setPen(pen);
    c.p.drawPath(path);
}

// Hatching as a tiled texture whose line spacing is in millimetres whatever the resolution:
// one fast textured fill instead of clipping many lines.
void hatch(Ctx& c, const QPainterPath& device_path, const QColor& tint, const QColor& color,
           double spacing_px, double width_px) {
    const int n = std::max(4, static_cast<int>(std::lround(spacing_px)));
    QImage tile(n, n, QImage::Format_ARGB32_Premultiplied);
    tile.fill(tint); // the tint is part of the tile: one textured fill draws both
    {
        QPainter tp(&tile);
        tp.setRenderHint(QPainter::Antialiasing);
        tp.setPen(QPen(color, width_px, Qt::SolidLine, Qt::FlatCap));
        // The diagonal and its two neighbours so that the tiles join seamlessly.
        for (int k = -1; k <= 1; ++k)
            tp.drawLine(QPointF(k * n, n), QPointF(k * n + n, 0));
    }
    c.p.save();
    c.p.setPen(Qt::NoPen);
    c.p.setBrush(QBrush(tile));
    // Anchored to the map, not to the device: the pattern does not slide when the view pans,
    // and a frame cut from the map view's cached layer image (see layer_cache.hpp) matches a
    // frame painted afresh at the same place. Whole pixels, so that the tile is not resampled.
    const QPointF anchor = c.t.map(QPointF(0, 0));
    c.p.setBrushOrigin(
        QPointF(std::fmod(std::round(anchor.x()), n), std::fmod(std::round(anchor.y()), n)));
    c.p.drawPath(device_path);
    c.p.restore();
}

void draw_neighbours(Ctx& c) {
    if (!c.s.layers.neighbours)
        return;
    for (const NeighbourShape& n : c.d.neighbours())
        if (visible(c, n.shape))
            fill_paths(c, c.t.map(n.shape.for_error(c.max_error_m)), QColor(226, 226, 223),
                       cosmetic_pen(QColor(200, 200, 196), c.s.mm_to_px(0.3)));
}

// Themes acces and e2sfca without cells: each commune in the colour of its representative
// point's minutes or index, grouped by class (one fill per class: cheap at national scale too).
void draw_communes_by_minutes(Ctx& c) {
    const MapStyle& st = c.s.style;
    const AccessClasses ac(c.s, c.d);
    const std::size_t classes = ac.count();
    std::vector<QPainterPath> by_class(classes);
    for (QPainterPath& p : by_class)
        p.setFillRule(Qt::OddEvenFill);
    for (std::size_t i = 0; i < c.d.communes().size(); ++i) {
        const CommuneShape& cm = c.d.communes()[i];
        if (!visible(c, cm.shape))
            continue;
        by_class[ac.of(c.d.commune_access()[i])].addPath(cm.shape.for_error(c.max_error_m));
    }
    c.p.save();
    c.p.setTransform(c.t, true);
    for (std::size_t k = 0; k < classes; ++k)
        if (!by_class[k].isEmpty())
            fill_paths(c, by_class[k], ac.color(k, c.s.layers.access_opacity), Qt::NoPen);
    c.p.setBrush(Qt::NoBrush);
    c.p.setPen(
        cosmetic_pen(to_qcolor(st.communes.stroke),
                     c.t.m11() < 1.0 / 60.0 ? 1.0 : c.s.mm_to_px(st.communes.stroke_width_mm)));
    for (std::size_t i = 0; i < c.d.communes().size(); ++i)
        if (visible(c, c.d.communes()[i].shape))
            c.p.drawPath(c.d.communes()[i].shape.for_error(c.max_error_m));
    c.p.restore();
}

// Theme acces with a population grid: the populated cells in the colour of their minutes, over
// the communes' plain fill (land where nobody lives stays blank); a commune without cells (its
// people counted at its representative point) is filled whole with its minutes.
void draw_access_cells(Ctx& c) {
    if (!is_access_theme(c.s.theme) || !c.s.layers.access || !c.d.has_access() ||
        !draws_access_cells(c.s, c.d))
        return;
    const AccessClasses ac(c.s, c.d);
    const std::size_t classes = ac.count();
    std::vector<QPainterPath> by_class(classes);
    for (const CellShape& cell : c.d.cells())
        if (cell.bounds.intersects(c.visible))
            by_class[ac.of(cell.access)].addPath(cell.path);
    for (std::size_t i = 0; i < c.d.communes().size(); ++i)
        if (c.d.commune_access()[i].uniform && visible(c, c.d.communes()[i].shape))
            by_class[ac.of(c.d.commune_access()[i])].addPath(
                c.d.communes()[i].shape.for_error(c.max_error_m));
    c.p.save();
    c.p.setTransform(c.t, true);
    c.p.setRenderHint(QPainter::Antialiasing, false); // adjacent cells: no seams
    for (std::size_t k = 0; k < classes; ++k)
        if (!by_class[k].isEmpty())
            fill_paths(c, by_class[k], ac.color(k, c.s.layers.access_opacity), Qt::NoPen);
    c.p.restore();
}

// Theme acces: isochrones, the largest first so that the nearest stay on top.
void draw_isochrones(Ctx& c) {
    if (c.s.theme != Theme::Access || !c.s.layers.isochrones || c.d.isochrones().empty())
        return;
    const AccessStyle& a = c.s.style.access;
    std::vector<const IsochroneShape*> order;
    for (const IsochroneShape& iso : c.d.isochrones())
        if (visible(c, iso.shape))
            order.push_back(&iso);
    std::stable_sort(
        order.begin(), order.end(),
        [](const IsochroneShape* x, const IsochroneShape* y) { return x->minutes > y->minutes; });
    for (const IsochroneShape* iso : order) {
        const QColor col = to_qcolor(a.isochrone_color(iso->rank));
        fill_paths(c, c.t.map(iso->shape.for_error(c.max_error_m)),
                   to_qcolor(a.isochrone_color(iso->rank), a.isochrone_opacity),
                   QPen(col, c.s.mm_to_px(a.isochrone_width_mm)));
    }
}

void draw_communes(Ctx& c) {
    if (!c.s.layers.communes)
        return;
    const MapStyle& st = c.s.style;
    const bool hot = c.s.theme == Theme::Hotspots && c.s.layers.hotspots;
    const double px_per_m = c.t.m11();
    if (is_access_theme(c.s.theme) && c.s.layers.access && c.d.has_access() &&
        !draws_access_cells(c.s, c.d)) {
        draw_communes_by_minutes(c);
        return;
    }
    c.p.save();
    c.p.setTransform(c.t, true);
    const QPen pen =
        cosmetic_pen(to_qcolor(st.communes.stroke), c.s.mm_to_px(st.communes.stroke_width_mm));
    // Small scales (whole départements or France): the pre-combined path of all communes, one
    // fill and one stroke, no antialiasing (edges are shared, and under a pixel anyway).
    if (px_per_m < 1.0 / 60.0) {
        const std::size_t level =
            c.d.communes().empty() ? 0 : c.d.communes().front().shape.level_for(c.max_error_m);
        c.p.setRenderHint(QPainter::Antialiasing, false);
        if (hot) {
            for (const HotspotClass& h : st.hotspots)
                fill_paths(c, c.d.communes_of_class(h.value, level),
                           to_qcolor(h.color, c.s.layers.hotspots_opacity), Qt::NoPen);
        } else {
            fill_paths(c, c.d.all_communes(level), to_qcolor(st.communes.fill), Qt::NoPen);
        }
        c.p.setBrush(Qt::NoBrush);
        // Hairline: a thicker stroke of 35 000 rings at print resolution costs seconds.
        c.p.setPen(cosmetic_pen(to_qcolor(st.communes.stroke), 1.0));
        c.p.drawPath(c.d.all_communes(level));
        c.p.restore();
        return;
    }
    for (std::size_t i = 0; i < c.d.communes().size(); ++i) {
        const CommuneShape& cm = c.d.communes()[i];
        if (!visible(c, cm.shape))
            continue;
        QColor fill = to_qcolor(st.communes.fill);
        if (hot) {
            for (const HotspotClass& h : st.hotspots)
                if (h.value == c.d.hotspots()[i])
                    fill = to_qcolor(h.color, c.s.layers.hotspots_opacity);
        }
        fill_paths(c, cm.shape.for_error(c.max_error_m), fill, pen);
    }
    c.p.restore();
}

void draw_gaps(Ctx& c) {
    if (c.s.theme != Theme::Gaps || !c.s.layers.gaps)
        return;
    const FillStyle& g = c.s.style.gaps;
    const double alpha = c.s.layers.gaps_opacity;
    for (const PolygonShape& gap : c.d.gaps()) {
        if (!visible(c, gap.shape))
            continue;
        const QPainterPath dev = c.t.map(gap.shape.for_error(c.max_error_m));
        hatch(c, dev, to_qcolor(g.fill, 0.22 * alpha), to_qcolor(g.fill, 0.85 * alpha),
              c.s.mm_to_px(1.6), c.s.mm_to_px(0.25));
        c.p.setBrush(Qt::NoBrush);
        c.p.setPen(QPen(to_qcolor(g.stroke, alpha), c.s.mm_to_px(g.stroke_width_mm)));
        c.p.drawPath(dev);
    }
}

// A zone is drawn in the years its structure's agreement runs, as the structure's marker.
bool zone_in_year(const PolygonShape& zone, std::optional<int> year) {
    return !year || agreement_runs(zone.first_year, zone.last_year, *year);
}

// Agreed intervention zones, on the maps where coverage or structures are read: a light fill
// and a dashed outline (style [structure_zones]), under the boundaries.
void draw_zones(Ctx& c) {
    if (!draws_zones(c.s))
        return;
    const MapStyle& st = c.s.style;
    for (const PolygonShape& z : c.d.zones()) {
        if (!visible(c, z.shape) || !zone_in_year(z, c.s.year_filter))
            continue;
        const QPainterPath dev = c.t.map(z.shape.for_error(c.max_error_m));
        c.p.setBrush(to_qcolor(st.zones.fill, st.zones_fill_opacity));
        QPen pen(to_qcolor(st.zones.stroke), c.s.mm_to_px(st.zones.stroke_width_mm));
        pen.setStyle(pen_style(st.zones_dash));
        c.p.setPen(pen);
        c.p.drawPath(dev);
    }
}

void draw_clusters(Ctx& c) {
    if (c.s.theme != Theme::Clusters || !c.s.layers.clusters)
        return;
    const MapStyle& st = c.s.style;
    for (const PolygonShape& cl : c.d.clusters()) {
        if (!visible(c, cl.shape))
            continue;
        const QColor col = to_qcolor(st.ctg_color(cl.ctg));
        QColor fill = col;
        fill.setAlphaF(st.cluster_opacity * c.s.layers.clusters_opacity);
        fill_paths(c, c.t.map(cl.shape.levels[0]), fill,
                   QPen(col, c.s.mm_to_px(st.cluster_stroke_mm)));
    }
}

// PCAET under PAT under CTE: the widest line below so that coinciding outlines stay visible.
constexpr const char* kPerimeterOrder[] = {"PCAET", "PAT", "CTE"};

void draw_perimeter_fills(Ctx& c) {
    if (c.s.theme != Theme::Perimeters || !c.s.layers.perimeters)
        return;
    c.p.setPen(Qt::NoPen);
    for (const char* kind : kPerimeterOrder) {
        auto it = c.s.style.perimeters.find(kind);
        if (it == c.s.style.perimeters.end())
            continue;
        for (const PolygonShape& per : c.d.perimeters())
            if (per.kind == kind && visible(c, per.shape)) {
                c.p.setBrush(to_qcolor(it->second.color, 0.08 * c.s.layers.perimeters_opacity));
                c.p.drawPath(c.t.map(per.shape.for_error(c.max_error_m)));
            }
    }
}

// Outlines go over the administrative boundaries: they often follow them exactly.
void draw_perimeter_outlines(Ctx& c) {
    if (c.s.theme != Theme::Perimeters || !c.s.layers.perimeters)
        return;
    c.p.setBrush(Qt::NoBrush);
    for (const char* kind : kPerimeterOrder) {
        auto it = c.s.style.perimeters.find(kind);
        if (it == c.s.style.perimeters.end())
            continue;
        const LineStyle& l = it->second;
        const double factor = std::string(kind) == "PCAET" ? 2.6
                              : std::string(kind) == "PAT" ? 1.5
                                                           : 1.0;
        c.p.setPen(QPen(to_qcolor(l.color, c.s.layers.perimeters_opacity),
                        c.s.mm_to_px(l.width_mm) * factor, pen_style(l.dash), Qt::FlatCap,
                        Qt::RoundJoin));
        for (const PolygonShape& per : c.d.perimeters())
            if (per.kind == kind && visible(c, per.shape))
                c.p.drawPath(c.t.map(per.shape.for_error(c.max_error_m)));
    }
}

void draw_boundaries(Ctx& c) {
    const MapStyle& st = c.s.style;
    c.p.save();
    c.p.setTransform(c.t, true);
    c.p.setBrush(Qt::NoBrush);
    // At small scales (a region or France) hundreds of thick antialiased outlines cost seconds
    // in Qt's stroker; one-pixel lines take its fast path and read just as well there.
    const bool small_scale = c.t.m11() < 1.0 / 250.0;
    auto width = [&](double mm) {
        return small_scale ? std::min(1.0, c.s.mm_to_px(mm)) : c.s.mm_to_px(mm);
    };
    if (c.s.layers.epci) {
        c.p.setPen(cosmetic_pen(to_qcolor(st.epci.color), width(st.epci.width_mm)));
        for (const LodPath& e : c.d.epcis())
            if (visible(c, e))
                c.p.drawPath(e.for_error(c.max_error_m));
    }
    if (c.s.layers.ctg) {
        // Under perimeters, CTG limits step back so the perimeters' lines read first.
        const bool quiet = c.s.theme == Theme::Perimeters;
        c.p.setPen(cosmetic_pen(quiet ? QColor(120, 120, 120) : to_qcolor(st.ctg.color),
                                width(st.ctg.width_mm) * (quiet ? 0.5 : 1.0)));
        for (const CtgShape& g : c.d.ctgs())
            if (visible(c, g.shape))
                c.p.drawPath(g.shape.for_error(c.max_error_m));
    }
    c.p.setPen(
        cosmetic_pen(QColor(40, 40, 40),
                     small_scale ? 1.0 : c.s.mm_to_px(c.s.theme == Theme::Perimeters ? 0.6 : 1.1)));
    c.p.drawPath(c.d.outline().for_error(c.max_error_m));
    c.p.restore();
}

void draw_focus_fade(Ctx& c) {
    if (c.s.focus_ctg.isEmpty())
        return;
    const std::size_t k = c.d.ctg_index(c.s.focus_ctg);
    if (k == npos)
        return;
    QPainterPath everything;
    everything.addRect(c.frame);
    const QPainterPath focus = c.t.map(c.d.ctgs()[k].shape.levels[0]);
    c.p.setPen(Qt::NoPen);
    c.p.setBrush(QColor(255, 255, 255, 150));
    c.p.drawPath(everything.subtracted(focus));
}

// Markers shrink where many are visible (a national map), never below a third of their size.
double density_factor(const Ctx& c, const std::vector<PointItem>& items, double comfortable) {
    std::size_t n = 0;
    for (const PointItem& i : items)
        n += c.visible.contains(i.xy);
    return n <= comfortable ? 1.0 : std::max(0.33, std::sqrt(comfortable / static_cast<double>(n)));
}

// Markers on raster devices (the map view, PNG) are stamped from small images painted once
// per frame and style, at a quarter-pixel phase: thousands of markers (100 000 initiatives
// nationally) cost a blit each instead of an antialiased path each. Vector devices (PDF, SVG)
// get real paths. A stamp's centre is within 1/8 px of the marker's.
class MarkerStamps {
public:
    explicit MarkerStamps(const QPainter& p)
        : raster_(p.device() && p.device()->devType() == QInternal::Image &&
                  p.transform().type() <= QTransform::TxTranslate &&
                  p.transform().dx() == std::round(p.transform().dx()) &&
                  p.transform().dy() == std::round(p.transform().dy())) {}

    struct Style {
        std::string shape;
        double size = 0;
        QColor fill, outline;
        double outline_px = 0;
        double ring_radius = 0; ///< > 0: an ambassador's ring under the marker
        QColor ring;
        double ring_px = 0;
    };
    void draw(QPainter& p, QPointF at, const Style& st) {
        if (!raster_) {
            draw_now(p, at, st);
            return;
        }
        const double fx = std::floor(at.x()), fy = std::floor(at.y());
        int qx = static_cast<int>(std::lround((at.x() - fx) * 4));
        int qy = static_cast<int>(std::lround((at.y() - fy) * 4));
        const int ix = static_cast<int>(fx) + qx / 4, iy = static_cast<int>(fy) + qy / 4;
        qx %= 4;
        qy %= 4;
        const Stamp& stamp = stamp_for(st, qx, qy);
        p.drawImage(QPoint(ix - stamp.half, iy - stamp.half), stamp.image);
    }

private:
    struct Stamp {
        QImage image;
        int half = 0;
    };
    static void draw_now(QPainter& p, QPointF at, const Style& st) {
        if (st.ring_radius > 0) {
            p.setPen(QPen(st.ring, st.ring_px));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(at, st.ring_radius, st.ring_radius);
        }
        draw_marker(p, at, st.shape, st.size, st.fill, st.outline, st.outline_px);
    }
    const Stamp& stamp_for(const Style& st, int qx, int qy) {
        std::string key = st.shape;
        for (double v : {st.size, st.outline_px, st.ring_radius, st.ring_px}) {
            key += ';';
            key += std::to_string(v);
        }
        for (const QColor& col : {st.fill, st.outline, st.ring}) {
            key += ';';
            key += std::to_string(col.rgba());
        }
        key += ';';
        key += std::to_string(qx * 4 + qy);
        auto it = stamps_.find(key);
        if (it != stamps_.end())
            return it->second;
        const double reach =
            std::max(st.size / 2 * 1.1 + st.outline_px, st.ring_radius + st.ring_px);
        Stamp stamp;
        stamp.half = static_cast<int>(std::ceil(reach)) + 2;
        stamp.image =
            QImage(2 * stamp.half + 1, 2 * stamp.half + 1, QImage::Format_ARGB32_Premultiplied);
        stamp.image.fill(Qt::transparent);
        {
            QPainter sp(&stamp.image);
            sp.setRenderHint(QPainter::Antialiasing);
            draw_now(sp, QPointF(stamp.half + qx / 4.0, stamp.half + qy / 4.0), st);
        }
        return stamps_.emplace(std::move(key), std::move(stamp)).first->second;
    }
    bool raster_;
    std::map<std::string, Stamp> stamps_;
};

// Label widths, measured once per text, font and resolution and shared by every frame (text
// shaping of 800 CTG names was most of a national frame's labels).
double text_advance(const QFontMetricsF& metrics, const QFont& font, double dpi,
                    const QString& text) {
    static std::mutex mutex;
    static QHash<QString, double> widths;
    const QString key = font.key() + QChar(0x1f) + QString::number(dpi) + QChar(0x1f) + text;
    {
        std::lock_guard lock(mutex);
        if (auto it = widths.constFind(key); it != widths.constEnd())
            return *it;
    }
    const double w = metrics.horizontalAdvance(text);
    std::lock_guard lock(mutex);
    if (widths.size() > 200000)
        widths.clear(); // bounded: a long session with many territories
    widths.insert(key, w);
    return w;
}

bool in_focus(const Ctx& c, std::size_t ctg) {
    return c.s.focus_ctg.isEmpty() || (ctg != npos && c.d.ctgs()[ctg].code == c.s.focus_ctg);
}

void draw_initiatives(Ctx& c) {
    const bool wanted =
        c.s.theme == Theme::Clusters || c.s.theme == Theme::Hotspots || c.s.overlay_initiatives;
    if (!wanted || !c.s.layers.initiatives)
        return;
    const MarkerStyle& m = c.s.style.initiative;
    c.p.setRenderHint(QPainter::Antialiasing);
    const double size = c.s.mm_to_px(m.size_mm) * density_factor(c, c.d.initiatives(), 400);
    MarkerStamps stamps(c.p);
    for (const PointItem& i : c.d.initiatives()) {
        if (!c.visible.contains(i.xy) || (c.s.year_filter && !i.dated(*c.s.year_filter)))
            continue;
        const double alpha = in_focus(c, i.ctg) ? 1.0 : 0.35;
        stamps.draw(c.p, c.t.map(i.xy),
                    {m.shape,
                     size,
                     to_qcolor(m.color, alpha),
                     QColor(255, 255, 255, int(200 * alpha)),
                     c.s.mm_to_px(0.15),
                     0,
                     {},
                     0});
    }
}

void draw_structures(Ctx& c) {
    if (!c.s.layers.structures || c.s.theme == Theme::Hotspots)
        return;
    const bool main_theme =
        c.s.theme == Theme::Gaps || c.s.theme == Theme::Structures || is_access_theme(c.s.theme);
    const double scale = (main_theme ? 1.0 : 0.7) * density_factor(c, c.d.structures(), 150);
    c.p.setRenderHint(QPainter::Antialiasing);
    MarkerStamps stamps(c.p);
    for (const PointItem& s : c.d.structures()) {
        if (!c.visible.contains(s.xy) || (c.s.year_filter && !s.agreed_in(*c.s.year_filter)))
            continue;
        const MarkerStyle& m = c.s.style.structure(s.type.toStdString());
        const double size = c.s.mm_to_px(m.size_mm) * scale;
        const bool ring = c.s.theme == Theme::Structures && s.ambassador;
        stamps.draw(c.p, c.t.map(s.xy),
                    {m.shape, size, to_qcolor(m.color, main_theme ? 1.0 : 0.8), Qt::white,
                     c.s.mm_to_px(0.25), ring ? size * 0.85 : 0, QColor(230, 171, 2),
                     c.s.mm_to_px(0.6)});
    }
}

// Initiatives per CTG, year N against N−1, in a diverging palette (evolution theme).
void draw_evolution(Ctx& c) {
    if (c.s.theme != Theme::Evolution)
        return;
    const auto e = ctg_evolution(c.d.territory(), c.d.inputs().initiatives, c.s.year);
    if (!e)
        return;
    const int strong = evolution_threshold(*e);
    c.p.save();
    c.p.setTransform(c.t, true);
    for (std::size_t k = 0; k < c.d.ctgs().size(); ++k) {
        const CtgShape& g = c.d.ctgs()[k];
        if (!visible(c, g.shape))
            continue;
        const int cls = evolution_class(e->difference(k), strong);
        fill_paths(c, g.shape.for_error(c.max_error_m),
                   to_qcolor(c.s.style.evolution[static_cast<std::size_t>(cls + 2)]), Qt::NoPen);
    }
    c.p.restore();
    // The difference written on each CTG, so that the map reads without the legend.
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(9);
    f.setBold(true);
    c.p.setFont(f);
    const QFontMetricsF fm(f, c.p.device());
    for (std::size_t k = 0; k < c.d.ctgs().size(); ++k) {
        const CtgShape& g = c.d.ctgs()[k];
        if (!c.visible.contains(g.label_point))
            continue;
        const int d = e->difference(k);
        const QString text = (d > 0 ? QStringLiteral("+") : QString()) + QString::number(d);
        const QPointF at = c.t.map(g.label_point) + QPointF(0, fm.height());
        QPainterPath path;
        path.addText(at - QPointF(fm.horizontalAdvance(text) / 2, 0), f, text);
        c.p.setPen(QPen(Qt::white, c.s.mm_to_px(0.6)));
        c.p.setBrush(Qt::NoBrush);
        c.p.drawPath(path);
        c.p.setPen(Qt::NoPen);
        c.p.setBrush(QColor(30, 30, 30));
        c.p.drawPath(path);
    }
}

// Suggested sites (numbered by rank) and the best site of each CTG, over gaps and structures.
bool suggestions_wanted(const MapSettings& s) {
    return s.layers.suggestions && (s.theme == Theme::Gaps || s.theme == Theme::Structures);
}

void draw_suggestions(Ctx& c) {
    if (!suggestions_wanted(c.s))
        return;
    c.p.setRenderHint(QPainter::Antialiasing);
    const MarkerStyle& best = c.s.style.best_site;
    for (const PointItem& b : c.d.best_sites())
        if (c.visible.contains(b.xy) && in_focus(c, b.ctg))
            draw_marker(c.p, c.t.map(b.xy), best.shape, c.s.mm_to_px(best.size_mm),
                        to_qcolor(best.color), Qt::white, c.s.mm_to_px(0.25));
    const MarkerStyle& m = c.s.style.suggestion;
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(6.5);
    f.setBold(true);
    for (const PointItem& s : c.d.suggested_sites()) {
        if (!c.visible.contains(s.xy))
            continue;
        const QPointF at = c.t.map(s.xy);
        const double size = c.s.mm_to_px(m.size_mm);
        draw_marker(c.p, at, m.shape, size, to_qcolor(m.color), Qt::white, c.s.mm_to_px(0.3));
        c.p.setFont(f);
        c.p.setPen(Qt::white);
        c.p.drawText(QRectF(at.x() - size / 2, at.y() - size / 2, size, size), Qt::AlignCenter,
                     s.label);
    }
}

void draw_labels(Ctx& c) {
    if (!c.s.layers.labels)
        return;
    LabelPlacer placer(c.frame);
    // Markers are not hidden by labels (where they are few enough to matter one by one).
    const bool reserve = density_factor(c, c.d.structures(), 150) == 1.0;
    for (const PointItem& s : c.d.structures())
        if (reserve && c.visible.contains(s.xy)) {
            const QPointF at = c.t.map(s.xy);
            const double r = c.s.mm_to_px(1.2);
            placer.reserve(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r));
        }
    QFont ctg_font(QStringLiteral("DejaVu Sans"));
    ctg_font.setPointSizeF(7.5);
    ctg_font.setBold(true);
    std::vector<std::size_t> order(c.d.ctgs().size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return c.d.ctgs()[a].population > c.d.ctgs()[b].population;
    });
    const double halo = c.s.mm_to_px(0.5);
    const QFontMetricsF ctg_metrics(ctg_font, c.p.device());
    for (std::size_t k : order) {
        const CtgShape& g = c.d.ctgs()[k];
        if (!c.visible.contains(g.label_point) || !in_focus(c, k))
            continue;
        // A name wider than its area on the map would be read as another area's.
        if (c.t.mapRect(g.shape.bounds).width() <
            0.8 * text_advance(ctg_metrics, ctg_font, c.p.device()->logicalDpiY(), g.name))
            continue;
        placer.place(c.p, g.name, c.t.map(g.label_point), ctg_font, QColor(30, 30, 30), halo);
    }
    // Commune names when zoomed in (under ~60 m per pixel at 300 dpi, i.e. CTG scale) or asked.
    const double m_per_mm = 1.0 / c.t.m11() * c.s.mm_to_px(1.0);
    if (!(c.s.commune_labels || m_per_mm < 450.0))
        return;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(5.5);
    std::vector<std::size_t> communes(c.d.communes().size());
    std::iota(communes.begin(), communes.end(), 0);
    std::sort(communes.begin(), communes.end(), [&](std::size_t a, std::size_t b) {
        return c.d.communes()[a].population > c.d.communes()[b].population;
    });
    for (std::size_t i : communes) {
        const CommuneShape& cm = c.d.communes()[i];
        if (!c.visible.contains(cm.label_point) || !in_focus(c, cm.ctg))
            continue;
        placer.place(c.p, cm.name, c.t.map(cm.label_point), font, QColor(70, 70, 70), halo * 0.7);
    }
}

} // namespace

void draw_marker(QPainter& p, QPointF at, const std::string& shape, double size_px,
                 const QColor& fill, const QColor& outline, double outline_px) {
    const double r = size_px / 2;
    p.setPen(QPen(outline, outline_px));
    p.setBrush(fill);
    if (shape == "square") {
        p.drawRect(QRectF(at.x() - r * 0.85, at.y() - r * 0.85, r * 1.7, r * 1.7));
    } else if (shape == "triangle") {
        p.drawPolygon(QPolygonF(
            {at + QPointF(0, -r * 1.1), at + QPointF(r, r * 0.8), at + QPointF(-r, r * 0.8)}));
    } else if (shape == "diamond") {
        p.drawPolygon(QPolygonF({at + QPointF(0, -r * 1.1), at + QPointF(r, 0),
                                 at + QPointF(0, r * 1.1), at + QPointF(-r, 0)}));
    } else if (shape == "pentagon") {
        QPolygonF poly;
        for (int i = 0; i < 5; ++i) {
            const double a = -M_PI / 2 + i * 2 * M_PI / 5;
            poly << at + QPointF(r * std::cos(a), r * std::sin(a));
        }
        p.drawPolygon(poly);
    } else {
        p.drawEllipse(at, r, r);
    }
}

Qt::PenStyle pen_style(const std::string& dash) {
    if (dash == "dash")
        return Qt::DashLine;
    if (dash == "dot")
        return Qt::DotLine;
    if (dash == "dash dot")
        return Qt::DashDotLine;
    return Qt::SolidLine;
}

QColor to_qcolor(const Rgb& c, double alpha) {
    QColor q(c.r, c.g, c.b);
    q.setAlphaF(std::clamp(alpha, 0.0, 1.0));
    return q;
}

QTransform map_transform(const QRectF& extent, const QRectF& frame) {
    const double s = std::min(frame.width() / extent.width(), frame.height() / extent.height());
    QTransform t;
    t.translate(frame.center().x(), frame.center().y());
    t.scale(s, -s);
    t.translate(-extent.center().x(), -extent.center().y());
    return t;
}

bool paint_layer_group(QPainter& painter, const QRectF& frame, const QTransform& t,
                       const MapSettings& settings, const MapData& data, LayerGroup group,
                       const std::atomic_bool* cancel) {
    Ctx c{painter, frame, settings, data, t, 0.75 / t.m11(), t.inverted().mapRect(frame), cancel};
    using Step = void (*)(Ctx&);
    // Polygon overlays go under the boundaries, point overlays over them; within each group the
    // user's order applies.
    std::vector<Step> steps;
    switch (group) {
    case LayerGroup::Base:
        steps = {draw_neighbours, draw_communes, draw_access_cells};
        break;
    case LayerGroup::Polygons:
        steps.push_back(draw_zones); // agreed zones under the gaps, clusters and perimeters
        for (const std::string& name : settings.layers.overlay_order) {
            if (name == "gaps")
                steps.push_back(draw_gaps);
            else if (name == "clusters")
                steps.push_back(draw_clusters);
            else if (name == "perimeters")
                steps.push_back(draw_perimeter_fills);
        }
        steps.push_back(draw_evolution); // CTG fills of the evolution theme, under the outlines
        steps.push_back(draw_isochrones);
        break;
    case LayerGroup::Boundaries:
        steps = {draw_boundaries, draw_perimeter_outlines};
        break;
    case LayerGroup::Dynamic:
        steps.push_back(draw_focus_fade);
        for (const std::string& name : settings.layers.overlay_order) {
            if (name == "structures")
                steps.push_back(draw_structures);
            else if (name == "initiatives")
                steps.push_back(draw_initiatives);
        }
        steps.push_back(draw_suggestions);
        steps.push_back(draw_labels);
        break;
    }
    painter.save();
    painter.setClipRect(frame);
    if (group == LayerGroup::Base)
        painter.fillRect(frame, settings.background);
    painter.setRenderHint(QPainter::Antialiasing);
    bool completed = true;
    for (Step step : steps) {
        if (c.cancelled()) {
            completed = false;
            break;
        }
        step(c);
    }
    painter.restore();
    return completed && !c.cancelled();
}

bool draws_zones(const MapSettings& s) {
    return (s.theme == Theme::Gaps || s.theme == Theme::Structures) && s.layers.structures;
}

bool group_draws(LayerGroup group, const MapSettings& s) {
    if (group != LayerGroup::Polygons)
        return true; // the base fills the background, the boundaries draw the outline
    if (draws_zones(s))
        return true;
    if (s.theme == Theme::Evolution)
        return true; // the CTGs filled by their change
    if (s.theme == Theme::Access && s.layers.isochrones)
        return true; // the isochrones (when the study has some)
    for (const std::string& name : s.layers.overlay_order) {
        if ((name == "gaps" && s.theme == Theme::Gaps && s.layers.gaps) ||
            (name == "clusters" && s.theme == Theme::Clusters && s.layers.clusters) ||
            (name == "perimeters" && s.theme == Theme::Perimeters && s.layers.perimeters))
            return true;
    }
    return false;
}

bool paint_map(QPainter& painter, const QRectF& frame, const MapSettings& settings,
               const MapData& data, const std::atomic_bool* cancel) {
    const QTransform t = map_transform(settings.extent, frame);
    for (LayerGroup group : kLayerGroups)
        if (!paint_layer_group(painter, frame, t, settings, data, group, cancel))
            return false;
    return true;
}

DrawnClasses drawn_classes(const MapSettings& s, const MapData& d) {
    DrawnClasses out;
    const QRectF vis = s.extent;
    if (s.theme == Theme::Hotspots && s.layers.hotspots) {
        for (const HotspotClass& h : s.style.hotspots)
            for (std::size_t i = 0; i < d.communes().size(); ++i)
                if (d.hotspots()[i] == h.value && d.communes()[i].shape.bounds.intersects(vis)) {
                    out.hotspots.push_back(h.value);
                    break;
                }
    }
    if (s.layers.structures && s.theme != Theme::Hotspots) {
        for (const PointItem& p : d.structures()) {
            if (!vis.contains(p.xy) || (s.year_filter && !p.agreed_in(*s.year_filter)))
                continue;
            if (std::find(out.structure_types.begin(), out.structure_types.end(), p.type) ==
                out.structure_types.end())
                out.structure_types.push_back(p.type);
            out.ambassadors |= s.theme == Theme::Structures && p.ambassador;
        }
        std::sort(out.structure_types.begin(), out.structure_types.end());
    }
    if (s.theme == Theme::Perimeters && s.layers.perimeters)
        for (const PolygonShape& p : d.perimeters())
            if (p.shape.bounds.intersects(vis) &&
                std::find(out.perimeter_kinds.begin(), out.perimeter_kinds.end(), p.kind) ==
                    out.perimeter_kinds.end())
                out.perimeter_kinds.push_back(p.kind);
    out.zones = draws_zones(s) &&
                std::any_of(d.zones().begin(), d.zones().end(), [&](const PolygonShape& z) {
                    return z.shape.bounds.intersects(vis) && zone_in_year(z, s.year_filter);
                });
    if (suggestions_wanted(s)) {
        out.suggestions = std::any_of(d.suggested_sites().begin(), d.suggested_sites().end(),
                                      [&](const PointItem& p) { return vis.contains(p.xy); });
        out.best_sites = std::any_of(d.best_sites().begin(), d.best_sites().end(),
                                     [&](const PointItem& p) { return vis.contains(p.xy); });
    }
    if (s.theme == Theme::Evolution) {
        if (const auto e = ctg_evolution(d.territory(), d.inputs().initiatives, s.year)) {
            out.evolution_year = e->year;
            out.evolution_threshold = evolution_threshold(*e);
            for (std::size_t k = 0; k < d.ctgs().size(); ++k) {
                if (!d.ctgs()[k].shape.bounds.intersects(vis))
                    continue;
                const int cls = evolution_class(e->difference(k), out.evolution_threshold);
                if (std::find(out.evolution.begin(), out.evolution.end(), cls) ==
                    out.evolution.end())
                    out.evolution.push_back(cls);
            }
            std::sort(out.evolution.begin(), out.evolution.end());
        }
    }
    out.gaps = s.theme == Theme::Gaps && s.layers.gaps &&
               std::any_of(d.gaps().begin(), d.gaps().end(),
                           [&](const PolygonShape& g) { return g.shape.bounds.intersects(vis); });
    out.clusters =
        s.theme == Theme::Clusters && s.layers.clusters &&
        std::any_of(d.clusters().begin(), d.clusters().end(),
                    [&](const PolygonShape& g) { return g.shape.bounds.intersects(vis); });
    out.initiatives =
        (s.theme == Theme::Clusters || s.theme == Theme::Hotspots || s.overlay_initiatives) &&
        s.layers.initiatives &&
        std::any_of(d.initiatives().begin(), d.initiatives().end(),
                    [&](const PointItem& p) { return vis.contains(p.xy); });
    if (is_access_theme(s.theme) && d.has_access()) {
        const AccessClasses ac(s, d);
        std::vector<bool> present(ac.count(), false);
        if (s.layers.access) {
            out.access_cells = draws_access_cells(s, d);
            if (out.access_cells) {
                for (const CellShape& c : d.cells())
                    if (c.bounds.intersects(vis))
                        present[ac.of(c.access)] = true;
                for (std::size_t i = 0; i < d.communes().size(); ++i)
                    if (d.commune_access()[i].uniform &&
                        d.communes()[i].shape.bounds.intersects(vis))
                        present[ac.of(d.commune_access()[i])] = true;
            } else {
                for (std::size_t i = 0; i < d.communes().size(); ++i)
                    if (d.communes()[i].shape.bounds.intersects(vis))
                        present[ac.of(d.commune_access()[i])] = true;
            }
        }
        for (std::size_t k = 0; k < present.size(); ++k)
            if (present[k])
                out.minute_classes.push_back(k);
        if (s.theme == Theme::Access && s.layers.isochrones)
            for (const IsochroneShape& iso : d.isochrones())
                if (iso.shape.bounds.intersects(vis) &&
                    std::none_of(out.isochrones.begin(), out.isochrones.end(),
                                 [&](const auto& m) { return m.first == iso.minutes; }))
                    out.isochrones.push_back({iso.minutes, iso.rank});
        std::sort(out.isochrones.begin(), out.isochrones.end());
    }
    return out;
}

bool draws_access_cells(const MapSettings& s, const MapData& d) {
    // Up to a region's extent a 200 m cell stays visible on a page or a screen; beyond (France),
    // it would be under a pixel and the communes read better.
    return !d.cells().empty() && std::max(s.extent.width(), s.extent.height()) <= kMaxCellExtentM;
}

} // namespace tecsmap::render
