#pragma once
// The what-if panel of the map view (issue 13, item 2): hypothetical structures placed by a
// click on the map (or loaded from the site suggestions), removed from a list, and the uncovered
// population per CTG updated at once, next to today's figure — through the incremental coverage
// (analysis/incremental_coverage.hpp), never by re-running the analysis. The sites can be saved
// in the study file as a named [[scenario]] (append_scenario), which analyse and the atlas then
// compare. Dragging a site on the map and extending a zone are not done yet.

#include "analysis/incremental_coverage.hpp"
#include "analysis/study_run.hpp"
#include "scenario.hpp"

#include <QPointF>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tecsmap::gui {

class WhatIfPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhatIfPanel(QWidget* parent = nullptr);
    ~WhatIfPanel() override;

    /// New results (a new study or new parameters): today's figures from the run; hypothetical
    /// sites are dropped (they were placed under other parameters).
    void reset(const StudyRun& run);
    /// The « Placer » button is down: the next clicks on the map place sites.
    bool placing() const;
    void set_placing(bool on);
    /// Adds a hypothetical site at a map point (the study's metric CRS).
    void add_site(QPointF map_point, const QString& name = {});
    /// Removes the hypothetical site of row `row` of the list (ignored when out of range).
    void remove_site(int row);
    /// Replaces the hypothetical sites by the run's site suggestions, when it has some.
    bool load_suggestions();
    std::size_t site_count() const { return sites_.size(); }

    /// Uncovered population with the hypothetical sites: per CTG (territory order) and in all.
    std::vector<double> ctg_pop_uncovered() const;
    double pop_uncovered() const;
    /// The hypothetical sites as a scenario (sites by coordinates in the study's CRS).
    Scenario scenario(const QString& name) const;
    /// Appends the scenario to the study file `path`. Returns an empty string, or the French
    /// message of the failure (name taken, file not writable); the file is then unchanged.
    QString save_to_study(const QString& path, const QString& name) const;

signals:
    /// The study file was given a new scenario (the caller may reload the study).
    void saved(const QString& path, const QString& name);

private:
    void ensure_engine();
    void refresh();

    StudyRun run_;
    std::unique_ptr<IncrementalCoverage> coverage_; ///< built at the first site (lazy)
    struct Site {
        IncrementalCoverage::SiteId id;
        XY xy;
        QString name;
    };
    std::vector<Site> sites_;
    QPushButton* place_ = nullptr;
    QListWidget* list_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* total_ = nullptr;
};

} // namespace tecsmap::gui
