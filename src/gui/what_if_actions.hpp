#pragma once
// The what-if mode's place in the main window: the « Et si… » toolbar toggle, the « Et si… »
// menu (start again, save as a scenario of the study file, load the site suggestions), and its
// figures shown live in the CTG panel (uncovered population per CTG) and the status line (the
// total). The « Et si… (scénarios) » panel (whatif_panel.hpp) uses the same toggle and
// commands: one engine, one set of actions. MainWindow only creates it and hands it each run.

#include "map_data.hpp"

#include <QObject>
#include <QString>

#include <memory>

class QAction;
class QMenu;
class QMenuBar;
class QToolBar;
class QWidget;

namespace tecsmap::gui {

class CtgPanel;
class MapCanvas;
class StatusLine;
class WhatIfMode;

class WhatIfActions : public QObject {
    Q_OBJECT
public:
    WhatIfActions(MapCanvas* canvas, CtgPanel* panel, StatusLine* status, QWidget* window);

    /// Adds the toggle to `tools` and the « Et si… » menu to `menus`.
    void add_to(QToolBar* tools, QMenuBar* menus);
    /// A new run of the study saved at `study_path`: the changes start again from it.
    /// `locator` (optional) names new sites after their commune.
    void set_run(std::shared_ptr<const render::MapData> data, const QString& study_path,
                 std::shared_ptr<const CommuneLocator> locator = {});
    const std::shared_ptr<const render::MapData>& data() const { return data_; }

    WhatIfMode* mode() const { return mode_; }
    QAction* toggle() const { return toggle_; }
    /// Appends the changes as scenario `name` to the study file at `path`; false (failed()
    /// with the reason) when the name is taken or the file cannot be written.
    bool save_scenario_to(const QString& path, const QString& name);
    /// Asks a name and saves the changes in the study file (menu and panel).
    void ask_and_save();
    /// Turns the mode on and loads the run's site suggestions, or says why it cannot.
    void load_suggestions();
    /// French messages in the status line.
    void message(const QString& text);

signals:
    void failed(const QString& message);

private:
    void show_figures();

    QWidget* window_;
    CtgPanel* panel_;
    StatusLine* status_;
    WhatIfMode* mode_;
    QAction* toggle_ = nullptr;
    std::shared_ptr<const render::MapData> data_;
    QString study_path_;
};

} // namespace tecsmap::gui
