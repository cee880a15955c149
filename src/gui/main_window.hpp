#pragma once
// The tecsmap map view's main window. It only wires widgets to actions; each feature lives in
// its own class (StudySession, MapCanvas, LayerPanel, PresentationView, feature_info).

#include "map_settings.hpp"
#include "study_session.hpp"

#include <QMainWindow>
#include <QTimer>

class QActionGroup;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace tecsmap::gui {

class LayerPanel;
class MapCanvas;
class PresentationView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void open_study(const QString& path);
    /// Adds a file as a layer of the open study ("structures", "initiatives", "perimeters")
    /// and re-runs the analysis; what drag and drop does after asking.
    void add_layer_file(const QString& path, const QString& kind);
    void set_theme(render::Theme theme);
    void set_parameters(double radius_km, double eps_km, int min_points);
    void select_ctg(int index);
    void zoom_to_territory();
    PresentationView* start_presentation();

    StudySession& session() { return session_; }
    MapCanvas* canvas() const { return canvas_; }
    LayerPanel* layer_panel() const { return layers_; }
    QString info_text() const;
    QString ctg_text() const;
    QString last_error() const { return last_error_; }

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
    void apply_settings();
    void on_results(bool new_territory);
    void on_click(QPointF map_point);
    void show_error(const QString& message);
    void run_in_background(const QString& what, std::function<void()> work, const QString& path);
    void export_view();
    void export_geopackage();
    void export_atlas();
    void save_study_as();
    void remember_recent(const QString& path);
    void rebuild_recent_menu();
    void search_commune(const QString& text);

    StudySession session_;
    MapStyle style_;
    render::MapSettings settings_;
    MapCanvas* canvas_ = nullptr;
    LayerPanel* layers_ = nullptr;
    QListWidget* ctg_list_ = nullptr;
    QTextBrowser* ctg_info_ = nullptr;
    QTextBrowser* info_ = nullptr;
    QLineEdit* search_ = nullptr;
    QDoubleSpinBox* radius_ = nullptr;
    QDoubleSpinBox* eps_ = nullptr;
    QSpinBox* min_points_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* status_ = nullptr;
    QActionGroup* themes_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QTimer parameter_timer_;
    QString study_path_;
    QString last_error_;
    QRectF selection_;
    PresentationView* presentation_ = nullptr;
};

} // namespace tecsmap::gui
