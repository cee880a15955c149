#pragma once
// The « Et si… (scénarios) » panel of the map view (issue 13, item 2): a view of the map
// view's one what-if engine (WhatIfMode, driven by WhatIfActions). « Placer » is the same
// toggle as the toolbar's « Et si… »: clicks on the map place hypothetical structures (or take
// an existing one out), drags move them. The panel lists the changes, shows the uncovered
// population per CTG today and with the changes, side by side, under the study's own rule, and
// saves the changes in the study file as a named [[scenario]] (append_scenario), which analyse
// and the atlas then compare.

#include "scenario.hpp"

#include <QPointF>
#include <QString>
#include <QWidget>

#include <cstddef>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tecsmap::gui {

class WhatIfActions;
class WhatIfMode;

class WhatIfPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhatIfPanel(WhatIfActions* actions, QWidget* parent = nullptr);
    ~WhatIfPanel() override;

    WhatIfMode* mode() const;
    /// « Placer » is down (the what-if mode is on): clicks on the map place sites.
    bool placing() const;
    void set_placing(bool on);
    /// Adds a hypothetical site at a map point (the study's metric CRS); ignored until the
    /// engine is ready (WhatIfMode::ready()).
    void add_site(QPointF map_point, const QString& name = {});
    /// Removes row `row` of the list: a hypothetical site, a removed structure (put back) or a
    /// commune added to a zone (taken back out); ignored when out of range.
    void remove_site(int row);
    /// Adds the run's site suggestions as sites; false when the run has none.
    bool load_suggestions();
    std::size_t site_count() const;

    /// Uncovered population with the changes: per CTG (territory order) and in all; today's
    /// figures until the engine is ready.
    std::vector<double> ctg_pop_uncovered() const;
    double pop_uncovered() const;
    /// The changes as a scenario (sites by coordinates in the study's CRS, removed structures
    /// by name, communes added to zones as `extend`).
    Scenario scenario(const QString& name) const;
    /// Appends the scenario to the study file `path`. Returns an empty string, or the French
    /// message of the failure (name taken, file not writable); the file is then unchanged.
    QString save_to_study(const QString& path, const QString& name) const;

private:
    void refresh();

    WhatIfActions* actions_;
    QPushButton* place_ = nullptr;
    QListWidget* list_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* rule_ = nullptr;
    QLabel* total_ = nullptr;
};

} // namespace tecsmap::gui
