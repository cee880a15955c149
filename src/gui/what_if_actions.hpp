#pragma once
// The what-if mode's place in the main window: the « Et si… » toolbar toggle, the « Et si… »
// menu (start again, save as a scenario of the study file, load the site suggestions), and its
// figures shown live in the CTG panel (uncovered population per CTG) and the status line (the
// total). MainWindow only creates it and hands it each new run.

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
    void set_run(std::shared_ptr<const render::MapData> data, const QString& study_path);

    WhatIfMode* mode() const { return mode_; }
    QAction* toggle() const { return toggle_; }
    /// Appends the changes as scenario `name` to the study file at `path`; false (failed()
    /// with the reason) when the name is taken or the file cannot be written.
    bool save_scenario_to(const QString& path, const QString& name);

signals:
    void failed(const QString& message);

private:
    void show_figures();
    void ask_and_save();

    QWidget* window_;
    CtgPanel* panel_;
    StatusLine* status_;
    WhatIfMode* mode_;
    QAction* toggle_ = nullptr;
    std::shared_ptr<const render::MapData> data_;
    QString study_path_;
};

} // namespace tecsmap::gui
