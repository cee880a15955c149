#pragma once
// Label placement without collisions: greedy, most important labels first, each tried at a few
// positions around its anchor; a label that fits nowhere is left out rather than overlapping.

#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <vector>

namespace tecsmap::render {

class LabelPlacer {
public:
    explicit LabelPlacer(QRectF bounds)
        : bounds_(bounds) {}
    /// Reserves an area (e.g. a legend box or a marker) that labels must avoid.
    void reserve(const QRectF& r) { taken_.push_back(r); }
    /// Draws `text` near `anchor` (device pixels) with a white halo if a free position exists.
    bool place(QPainter& painter, const QString& text, QPointF anchor, const QFont& font,
               const QColor& color, double halo_px);
    std::size_t placed() const { return placed_; }

private:
    QRectF bounds_;
    std::vector<QRectF> taken_;
    std::size_t placed_ = 0;
};

} // namespace tecsmap::render
