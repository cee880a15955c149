#pragma once
// Layer panel: visibility (check boxes), opacity (slider) and drawing order (up/down) of the
// map's layers, with the legend of the current map drawn from styles/.

#include "map_data.hpp"
#include "map_settings.hpp"

#include <QWidget>

class QLabel;
class QListWidget;
class QSlider;

namespace tecsmap::gui {

class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(QWidget* parent = nullptr);

    /// Writes the panel's state into the layer settings.
    void apply_to(render::LayerVisibility& layers) const;
    void set_visible(const QString& key, bool visible);
    bool is_visible(const QString& key) const;
    void update_legend(const render::MapSettings& settings, const render::MapData& data);

signals:
    void changed();

private:
    void move_selected(int delta);
    QListWidget* list_;
    QSlider* opacity_;
    QLabel* legend_;
    std::map<QString, double> opacity_by_key_;
};

} // namespace tecsmap::gui
