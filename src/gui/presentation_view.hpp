#pragma once
// Presentation mode for commission meetings: full screen, large fonts, one CTG per page (its
// map, others faded, and its key figures); Right/Space/PageDown next, Left/PageUp previous,
// Escape leaves.

#include "map_data.hpp"
#include "map_style.hpp"

#include <QWidget>

class QLabel;

namespace tecsmap::gui {

class MapCanvas;

class PresentationView : public QWidget {
    Q_OBJECT
public:
    PresentationView(std::shared_ptr<const render::MapData> data, MapStyle style,
                     QWidget* parent = nullptr);
    void show_ctg(int index);
    int current() const { return current_; }
    int count() const;
    MapCanvas* canvas() const { return canvas_; }

protected:
    void keyPressEvent(QKeyEvent*) override;

private:
    std::shared_ptr<const render::MapData> data_;
    MapStyle style_;
    MapCanvas* canvas_;
    QLabel* title_;
    QLabel* figures_;
    int current_ = 0;
};

} // namespace tecsmap::gui
