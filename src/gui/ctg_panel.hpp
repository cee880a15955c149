#pragma once
// The right-hand dock: the list of CTGs, the selected CTG's indicators and the description of
// what was last clicked on the map.

#include "map_data.hpp"

#include <QWidget>

class QListWidget;
class QTextBrowser;

namespace tecsmap::gui {

class CtgPanel : public QWidget {
    Q_OBJECT
public:
    explicit CtgPanel(QWidget* parent = nullptr);

    /// New results: the list is rebuilt; the selection is kept unless `reset`, and the
    /// indicators of a kept selection are refreshed.
    void show_results(const render::MapData& data, bool reset);
    /// Selects a CTG row without emitting selected().
    void show_ctg(const render::MapData& data, int index);
    void show_info(const QString& html);
    /// What-if figures (parallel to the CTGs): each row also gives its uncovered population
    /// and the difference with the run; empty: the plain names again.
    void show_what_if(const render::MapData& data, const std::vector<double>& ctg_uncovered);
    /// The text of a row of the list.
    QString row_text(int row) const;
    int current() const;
    QString ctg_text() const;
    QString info_text() const;

signals:
    void selected(int index);

private:
    QListWidget* list_;
    QTextBrowser* ctg_info_;
    QTextBrowser* info_;
};

} // namespace tecsmap::gui
