#pragma once
// Presentation mode for commission meetings: full screen, large fonts. First three slides for
// the whole territory — an overview (map and key figures), the CTGs ranked by uncovered share
// (bar chart) and the year comparison (evolution map, initiatives per CTG in N and N−1) —, then
// one slide per CTG (its map, others faded, and its key figures). Right/Space/PageDown next,
// Left/PageUp previous (wrapping), Escape leaves.

#include "map_data.hpp"
#include "map_settings.hpp"
#include "map_style.hpp"

#include <QWidget>

#include <optional>

class QLabel;
class QStackedLayout;

namespace tecsmap::gui {

class CtgRankingChart;
class MapCanvas;

class PresentationView : public QWidget {
    Q_OBJECT
public:
    enum class Slide { Overview, Ranking, Years, Ctg };
    static constexpr int kTerritorySlides = 3; ///< before the per-CTG slides

    /// `year`: year N of the comparison slide (default: the latest dated year).
    PresentationView(std::shared_ptr<const render::MapData> data, MapStyle style,
                     QWidget* parent = nullptr, std::optional<int> year = std::nullopt);
    /// Shows slide `index` (wrapping).
    void show_slide(int index);
    /// Shows the slide of CTG `ctg`.
    void show_ctg(int ctg);
    int current() const { return current_; }
    int count() const;
    Slide kind(int index) const;
    MapCanvas* canvas() const { return canvas_; }
    CtgRankingChart* chart() const { return chart_; }
    QString title_text() const;
    QString figures_text() const;

protected:
    void keyPressEvent(QKeyEvent*) override;

private:
    void show_overview();
    void show_ranking();
    void show_years();
    void show_one_ctg(int ctg);
    void show_map(const render::MapSettings& settings);

    std::shared_ptr<const render::MapData> data_;
    MapStyle style_;
    std::optional<int> year_;
    QStackedLayout* stack_;
    MapCanvas* canvas_;
    CtgRankingChart* chart_;
    QLabel* title_;
    QLabel* figures_;
    int current_ = 0;
};

} // namespace tecsmap::gui
