#pragma once
// The tecsmap map view's main window. It only wires widgets to actions; each feature lives in
// its own class: StudySession (loading, analyses), MapCanvas (frames), LayerPanel, CtgPanel,
// ParameterBar, CommuneSearch, HitTester (what is under a click), ExportRunner (exports),
// RecentStudies, PresentationView, WhatIfActions (« Et si… »), YearSelector, feature_info.

#include "map_settings.hpp"
#include "study_session.hpp"

#include <QMainWindow>

#include <optional>

class QActionGroup;
class QDockWidget;

namespace tecsmap::gui {

class CommuneSearch;
class CtgPanel;
class MessagesPanel;
class ExportRunner;
class LayerPanel;
class MapCanvas;
class ParameterBar;
class PresentationView;
class RecentStudies;
class StatusLine;
class WhatIfActions;
class YearSelector;
class WhatIfPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a study file; a directory or a non-file is refused with a message, and the open
    /// study stays.
    void open_study(const QString& path);
    /// Adds a file as a layer of the open study ("structures", "initiatives", "perimeters")
    /// and re-runs the analysis; what drag and drop does after asking.
    void add_layer_file(const QString& path, const QString& kind);
    void set_theme(render::Theme theme);
    /// Shows the evolution theme for year N (compared with N − 1), choosing it in the year
    /// selector (initiatives drawn: that year's); none: all years, evolution of the latest.
    void set_year(std::optional<int> year);
    void set_parameters(double radius_km, double eps_km, int min_points);
    void select_ctg(int index);
    void zoom_to_territory();
    PresentationView* start_presentation();
    /// The exports of the File menu, without the file dialog.
    void export_view_to(const QString& path);
    void export_geopackage_to(const QString& path);
    void export_atlas_to(const QString& path);
    /// Publishes the analysis into a PostGIS schema (address "postgresql://…?schema=…").
    void publish_to_postgis(const QString& address);

    StudySession& session() { return session_; }
    MapCanvas* canvas() const { return canvas_; }
    LayerPanel* layer_panel() const { return layers_; }
    ExportRunner* exports() const { return exports_; }
    WhatIfActions* what_if() const { return what_if_; }
    YearSelector* years() const { return years_; }
    CtgPanel* ctg_panel() const { return ctg_panel_; }
    MessagesPanel* messages_panel() const { return messages_; }
    QDockWidget* messages_dock() const { return messages_dock_; }
    WhatIfPanel* whatif_panel() const { return whatif_; }
    QString info_text() const;
    QString ctg_text() const;
    QString last_error() const { return last_error_; }
    QString status_text() const;

signals:
    void study_ready(); ///< loaded or re-analysed, panels updated
    void export_done(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent*) override;
    void dropEvent(QDropEvent*) override;
    void closeEvent(QCloseEvent*) override;

private:
    void build_ui();
    void build_menus();
    void connect_session();
    void connect_exports();
    void apply_settings();
    void on_results(bool new_territory);
    void on_click(QPointF map_point);
    void show_commune(std::size_t commune, double margin_m);
    void show_error(const QString& message);
    void save_study_as();

    StudySession session_;
    MapStyle style_;
    render::MapSettings settings_;
    MapCanvas* canvas_ = nullptr;
    LayerPanel* layers_ = nullptr;
    CtgPanel* ctg_panel_ = nullptr;
    MessagesPanel* messages_ = nullptr;
    QDockWidget* messages_dock_ = nullptr;
    CommuneSearch* search_ = nullptr;
    ParameterBar* parameters_ = nullptr;
    ExportRunner* exports_ = nullptr;
    RecentStudies* recent_ = nullptr;
    StatusLine* status_ = nullptr;
    QActionGroup* themes_ = nullptr;
    WhatIfActions* what_if_ = nullptr;
    YearSelector* years_ = nullptr;
    QString study_path_;
    QString pending_path_; ///< the study being loaded
    QString last_error_;
    QRectF selection_;
    PresentationView* presentation_ = nullptr;
    WhatIfPanel* whatif_ = nullptr; ///< hypothetical structures (issue 13)
};

} // namespace tecsmap::gui
