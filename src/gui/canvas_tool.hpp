#pragma once
// An editing tool of the map canvas (the what-if mode): the canvas offers it mouse and key
// events first and lets it paint over the last frame. Everything here runs on the GUI thread;
// a tool paints only light overlays (a few discs and markers, the communes whose figures
// changed), never what a render job draws.

#include <QPointF>
#include <QTransform>

class QKeyEvent;
class QPainter;

namespace tecsmap::gui {

class CanvasTool {
public:
    virtual ~CanvasTool() = default;
    /// A button pressed at `map` (metric). True: the tool takes the press, its moves and its
    /// release (the canvas does not pan).
    virtual bool press(QPointF map, Qt::MouseButton button) = 0;
    virtual void move(QPointF map) = 0;
    virtual void release(QPointF map) = 0;
    /// A left click that the tool did not take as a press, with the keyboard modifiers held.
    /// True: consumed (no clicked()).
    virtual bool click(QPointF map, Qt::KeyboardModifiers modifiers) = 0;
    /// True: consumed.
    virtual bool key(QKeyEvent* event) = 0;
    /// Paints over the frame; `to_widget` maps metric coordinates to the widget's.
    virtual void paint(QPainter& painter, const QTransform& to_widget) = 0;
};

} // namespace tecsmap::gui
