#include "labels.hpp"

#include <QFontMetricsF>
#include <QPainterPath>

#include <cmath>

namespace tecsmap::render {

bool LabelPlacer::place(QPainter& painter, const QString& text, QPointF anchor, const QFont& font,
                        const QColor& color, double halo_px) {
    const QFontMetricsF fm(font, painter.device());
    const QRectF box = fm.boundingRect(text);
    const double w = box.width(), h = fm.height();
    // Centred first, then above, below, right, left of the anchor.
    const QPointF offsets[] = {{-w / 2, -h / 2},
                               {-w / 2, -h * 1.4},
                               {-w / 2, h * 0.4},
                               {h * 0.4, -h / 2},
                               {-w - h * 0.4, -h / 2}};
    for (const QPointF& o : offsets) {
        const QRectF r(anchor + o, QSizeF(w, h));
        if (!bounds_.contains(r))
            continue;
        bool free = true;
        for (const QRectF& t : taken_) {
            if (t.intersects(r)) {
                free = false;
                break;
            }
        }
        if (!free)
            continue;
        taken_.push_back(r.adjusted(-halo_px, -halo_px, halo_px, halo_px));
        // Real text (selectable in PDF and SVG), with a halo drawn as white copies around it.
        const QPointF base(r.left(), r.top() + fm.ascent());
        painter.save();
        painter.setFont(font);
        painter.setPen(QColor(255, 255, 255, 220));
        for (int i = 0; i < 4; ++i) {
            const double a = M_PI / 4 + i * M_PI / 2;
            painter.drawText(base + QPointF(halo_px * std::cos(a), halo_px * std::sin(a)), text);
        }
        painter.setPen(color);
        painter.drawText(base, text);
        painter.restore();
        ++placed_;
        return true;
    }
    return false;
}

} // namespace tecsmap::render
