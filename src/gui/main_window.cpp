#include "main_window.hpp"

#include "access_info.hpp"
#include "commune_search.hpp"
#include "ctg_panel.hpp"
#include "dropped_files.hpp"
#include "export_runner.hpp"
#include "feature_info.hpp"
#include "coverage_wording.hpp"
#include "format.hpp"
#include "layer_panel.hpp"
#include "map_canvas.hpp"
#include "messages_panel.hpp"
#include "parameter_bar.hpp"
#include "postgis_address.hpp"
#include "presentation_view.hpp"
#include "recent_studies.hpp"
#include "status_line.hpp"
#include "what_if_actions.hpp"
#include "whatif_panel.hpp"
#include "year_selector.hpp"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QToolBar>

namespace tecsmap::gui {

namespace {
const std::pair<render::Theme, const char*> kThemes[] = {
    {render::Theme::Gaps, "Couverture"},        {render::Theme::Clusters, "Grappes"},
    {render::Theme::Hotspots, "Points chauds"}, {render::Theme::Perimeters, "Politiques"},
    {render::Theme::Structures, "Structures"},  {render::Theme::Evolution, "Évolution"},
    {render::Theme::Access, "Accès (temps)"},   {render::Theme::AccessIndex, "Accès (E2SFCA)"}};
QRectF envelope_rect(const GEOSGeometry* g) {
    const geos::Envelope e = geos::envelope(g);
    return QRectF(QPointF(e.minx, e.miny), QPointF(e.maxx, e.maxy));
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("tecsmap — TECS, couverture et initiatives"));
    setAcceptDrops(true);
    style_ = load_map_style(default_style_path());
    settings_.style = style_;
    build_ui();
    build_menus();
    connect_session();
    connect_exports();
}

MainWindow::~MainWindow() = default;

void MainWindow::build_ui() {
    canvas_ = new MapCanvas(this);
    canvas_->setObjectName("canvas");
    setCentralWidget(canvas_);
    connect(canvas_, &MapCanvas::clicked, this, &MainWindow::on_click);

    auto* tools = addToolBar(QStringLiteral("Carte"));
    tools->setObjectName("tools");
    themes_ = new QActionGroup(this);
    for (const auto& [theme, label] : kThemes) {
        QAction* a = tools->addAction(QString::fromUtf8(label));
        a->setCheckable(true);
        a->setData(static_cast<int>(theme));
        a->setChecked(theme == render::Theme::Gaps);
        themes_->addAction(a);
    }
    connect(themes_, &QActionGroup::triggered, this,
            [this](QAction* a) { set_theme(static_cast<render::Theme>(a->data().toInt())); });
    tools->addSeparator();
    tools->addAction(QStringLiteral("Département"), this, &MainWindow::zoom_to_territory);
    tools->addAction(QStringLiteral("Sélection"), this, [this] {
        if (!selection_.isEmpty())
            canvas_->zoom_to(selection_);
    });
    years_ = new YearSelector(this);
    tools->addWidget(years_);
    connect(years_, &YearSelector::year_changed, this, [this](std::optional<int> year) {
        settings_.year_filter = settings_.year = year; // drawn initiatives; evolution's N
        apply_settings();
    });
    search_ = new CommuneSearch(this);
    tools->addWidget(search_);
    connect(search_, &CommuneSearch::found, this, [this](std::size_t i) { show_commune(i, 3000); });
    connect(search_, &CommuneSearch::not_found, this, [this](const QString& text) {
        status_->message(QStringLiteral("Commune « %1 » introuvable").arg(text));
    });

    parameters_ = new ParameterBar(this);
    addToolBar(parameters_);
    connect(parameters_, &ParameterBar::edited, this, [this] {
        if (session_.territory())
            session_.reanalyse(session_.study(), parameters_->apply_to(session_.parameters()));
    });

    status_ = new StatusLine(statusBar());

    layers_ = new LayerPanel(this);
    auto* layer_dock = new QDockWidget(QStringLiteral("Couches et légende"), this);
    layer_dock->setObjectName("layer_dock");
    layer_dock->setWidget(layers_);
    addDockWidget(Qt::LeftDockWidgetArea, layer_dock);
    connect(layers_, &LayerPanel::changed, this, &MainWindow::apply_settings);

    ctg_panel_ = new CtgPanel(this);
    auto* right_dock = new QDockWidget(QStringLiteral("CTG et informations"), this);
    right_dock->setObjectName("ctg_dock");
    right_dock->setWidget(ctg_panel_);
    addDockWidget(Qt::RightDockWidgetArea, right_dock);
    connect(ctg_panel_, &CtgPanel::selected, this, &MainWindow::select_ctg);
    what_if_ = new WhatIfActions(canvas_, ctg_panel_, status_, this);
    connect(what_if_, &WhatIfActions::failed, this, &MainWindow::show_error);

    whatif_ = new WhatIfPanel(what_if_, this);
    auto* whatif_dock = new QDockWidget(QStringLiteral("Et si… (scénarios)"), this);
    whatif_dock->setObjectName("whatif_dock");
    whatif_dock->setWidget(whatif_);
    addDockWidget(Qt::RightDockWidgetArea, whatif_dock);
    tabifyDockWidget(right_dock, whatif_dock);
    right_dock->raise();

    // The run's warnings, as `tecsmap analyse` prints them: under the map, closed by default
    // (the status line gives their number; Affichage › Messages opens it).
    messages_ = new MessagesPanel(this);
    messages_dock_ = new QDockWidget(QStringLiteral("Messages"), this);
    messages_dock_->setObjectName("messages_dock");
    messages_dock_->setWidget(messages_);
    addDockWidget(Qt::BottomDockWidgetArea, messages_dock_);
    messages_dock_->hide();
}

void MainWindow::connect_session() {
    connect(&session_, &StudySession::progress, status_, &StatusLine::progress);
    connect(&session_, &StudySession::loaded, this, [this] { on_results(true); });
    connect(&session_, &StudySession::updated, this, [this] { on_results(false); });
    connect(&session_, &StudySession::failed, this, &MainWindow::show_error);
    connect(&session_, &StudySession::cancelled, this,
            [this] { status_->done(QStringLiteral("Calcul annulé")); });
    connect(status_, &StatusLine::cancel_requested, &session_, &StudySession::cancel);
}

void MainWindow::connect_exports() {
    exports_ = new ExportRunner(this);
    connect(exports_, &ExportRunner::started, this,
            [this](const QString& what) { status_->busy(what + QStringLiteral("…")); });
    connect(exports_, &ExportRunner::progress, status_, &StatusLine::progress);
    connect(exports_, &ExportRunner::finished, this, [this](const QString& path) {
        status_->done(QStringLiteral("Écrit : ") + path);
        if (path.startsWith(QStringLiteral("postgresql://")))
            remember_postgis_address(path);
        emit export_done(path);
    });
    connect(exports_, &ExportRunner::failed, this, &MainWindow::show_error);
    connect(status_, &StatusLine::cancel_requested, exports_, &ExportRunner::cancel);
}

void MainWindow::open_study(const QString& path) {
    pending_path_ = QFileInfo(path).absoluteFilePath();
    status_->message(QStringLiteral("Chargement de ") + path + QStringLiteral("…"));
    session_.load(pending_path_); // refuses a directory at once (failed), keeping the study
}

void MainWindow::add_layer_file(const QString& path, const QString& kind) {
    if (!session_.territory()) {
        show_error(QStringLiteral("Ouvrez d'abord une étude, puis déposez-y des couches."));
        return;
    }
    Study study = session_.study();
    LayerSource layer;
    layer.path = QFileInfo(path).absoluteFilePath().toStdString();
    if (kind == "structures")
        study.structures = layer;
    else if (kind == "initiatives")
        study.initiatives = layer;
    else
        study.perimeters.push_back(layer);
    session_.reanalyse(study, session_.parameters());
}

void MainWindow::set_theme(render::Theme theme) {
    settings_.theme = theme;
    for (QAction* a : themes_->actions())
        a->setChecked(a->data().toInt() == static_cast<int>(theme));
    apply_settings();
}

void MainWindow::set_year(std::optional<int> year) {
    years_->select(year); // year_changed: initiatives drawn and evolution year
    settings_.year_filter = settings_.year = years_->year();
    if (settings_.theme != render::Theme::Evolution)
        set_theme(render::Theme::Evolution); // a year is only shown by the evolution map
    else
        apply_settings();
}

void MainWindow::set_parameters(double radius_km, double eps_km, int min_points) {
    parameters_->set_values(radius_km, eps_km, min_points);
}

void MainWindow::apply_settings() {
    layers_->apply_to(settings_.layers);
    canvas_->set_settings(settings_);
    if (auto data = session_.map_data())
        layers_->update_legend(canvas_->view_settings(), *data);
}

void MainWindow::on_results(bool new_territory) {
    const auto data = session_.map_data();
    if (new_territory) {
        study_path_ = pending_path_;
        parameters_->show_values(session_.parameters());
        parameters_->set_time_coverage(session_.parameters().coverage_rule_setting() ==
                                       CoverageRule::Time);
        search_->set_territory(session_.territory());
        recent_->remember(study_path_);
        setWindowTitle(QStringLiteral("tecsmap — ") +
                       QString::fromStdString(session_.study().title));
        settings_.focus_ctg.clear();
        ctg_panel_->show_info(study_html(*data)); // until the first click: what was loaded
    }
    ctg_panel_->show_results(*data, new_territory);
    // « Accès (temps) » and « Accès (E2SFCA) » need a road network ([accessibility] roads):
    // greyed out without.
    for (QAction* a : themes_->actions())
        if (render::is_access_theme(static_cast<render::Theme>(a->data().toInt())))
            a->setEnabled(data->has_access());
    if (render::is_access_theme(settings_.theme) && !data->has_access())
        set_theme(render::Theme::Gaps);
    years_->set_data(*data);
    const auto hits = session_.hit_tester();
    what_if_->set_run(data, study_path_, hits ? hits->locator() : nullptr);
    canvas_->set_data(data);
    if (new_territory)
        canvas_->zoom_to(data->extent());
    apply_settings();
    const StudyInputs& in = *session_.inputs();
    const bool by_time = session_.parameters().coverage_rule_setting() == CoverageRule::Time;
    QString status =
        QStringLiteral("%1 communes, %2 structures, %3 initiatives — %4")
            .arg(session_.territory()->communes.size())
            .arg(in.structures.size())
            .arg(in.initiatives_in_territory)
            .arg(by_time
                     ? QStringLiteral("couverture en %1 par la route")
                           .arg(QString::fromStdString(
                               fr::minutes(session_.parameters().coverage_minutes())))
                     : QString::fromStdString(rule_phrase(session_.result()->coverage_rule,
                                                          session_.parameters())));
    if (!in.rejects.empty())
        status += QStringLiteral(" — %1 ligne(s) rejetée(s) ou corrigée(s)").arg(in.rejects.size());
    const Diagnostics messages = run_messages(session_.run());
    messages_->show_messages(messages);
    messages_dock_->setWindowTitle(messages_title(messages));
    if (!messages.items().empty())
        status += QStringLiteral(" — %1 message(s) (Affichage › Messages)")
                      .arg(messages.items().size());
    status_->done(status);
    emit study_ready();
}

void MainWindow::select_ctg(int index) {
    const auto data = session_.map_data();
    if (!data || index < 0 || index >= static_cast<int>(data->ctgs().size()))
        return;
    const QString code = data->ctgs()[static_cast<std::size_t>(index)].code;
    settings_.focus_ctg = code;
    selection_ = data->ctg_extent(code);
    canvas_->zoom_to(selection_.adjusted(-2000, -2000, 2000, 2000));
    ctg_panel_->show_ctg(*data, index);
    apply_settings();
}

void MainWindow::zoom_to_territory() {
    settings_.focus_ctg.clear();
    if (auto data = session_.map_data())
        canvas_->zoom_to(data->extent());
    apply_settings();
}

void MainWindow::on_click(QPointF p) {
    const auto hits = session_.hit_tester();
    if (!hits)
        return;
    // A structure within 8 px of the click first, else the commune under it.
    const double tolerance = 8 * canvas_->extent().width() / std::max(canvas_->width(), 1);
    const HitTester::Hit hit = hits->at(p, tolerance, settings_.year_filter);
    switch (hit.kind) {
    case HitTester::Hit::Kind::Structure:
        ctg_panel_->show_info(
            structure_html(*session_.territory(), session_.inputs()->structures[hit.index]));
        break;
    case HitTester::Hit::Kind::Commune: {
        selection_ = envelope_rect(session_.territory()->communes[hit.index].geometry.get());
        const render::MapData& data = *session_.map_data();
        // Mode « Accès (temps) » with a population grid: the inhabited cell under the click.
        if (render::is_access_theme(settings_.theme))
            if (const auto cell = cell_at(data, hit.index, p)) {
                ctg_panel_->show_info(cell_html(data, *cell));
                break;
            }
        ctg_panel_->show_info(commune_html(data, hit.index) + commune_access_html(data, hit.index));
        break;
    }
    case HitTester::Hit::Kind::None:
        ctg_panel_->show_info(QStringLiteral("<i>Hors du territoire étudié.</i>"));
        break;
    }
}

void MainWindow::show_commune(std::size_t i, double margin_m) {
    selection_ = envelope_rect(session_.territory()->communes[i].geometry.get());
    canvas_->zoom_to(selection_.adjusted(-margin_m, -margin_m, margin_m, margin_m));
    ctg_panel_->show_info(commune_html(*session_.map_data(), i) +
                          commune_access_html(*session_.map_data(), i));
}

QString MainWindow::info_text() const {
    return ctg_panel_->info_text();
}
QString MainWindow::ctg_text() const {
    return ctg_panel_->ctg_text();
}
QString MainWindow::status_text() const {
    return status_->text();
}

PresentationView* MainWindow::start_presentation() {
    if (!session_.map_data())
        return nullptr;
    if (presentation_)
        presentation_->close();
    presentation_ = new PresentationView(session_.map_data(), style_, nullptr, settings_.year);
    presentation_->setAttribute(Qt::WA_DeleteOnClose);
    connect(presentation_, &QObject::destroyed, this, [this] { presentation_ = nullptr; });
    presentation_->showFullScreen();
    return presentation_;
}

void MainWindow::show_error(const QString& message) {
    last_error_ = message;
    status_->done(QStringLiteral("Erreur : ") + message.section('\n', 0, 0));
    // Non-modal: the event loop (and the map) keep running while the message is read.
    auto* box = new QMessageBox(QMessageBox::Warning, QStringLiteral("tecsmap"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

void MainWindow::export_view_to(const QString& path) {
    if (const auto data = session_.map_data(); data && !path.isEmpty())
        exports_->export_view(path, canvas_->view_settings(), data,
                              canvas_->width() > canvas_->height());
}

void MainWindow::export_geopackage_to(const QString& path) {
    if (const auto data = session_.map_data(); data && !path.isEmpty())
        exports_->export_geopackage(path, data, style_);
}

void MainWindow::export_atlas_to(const QString& path) {
    if (const auto data = session_.map_data(); data && !path.isEmpty())
        exports_->export_atlas(path, data, style_);
}

void MainWindow::publish_to_postgis(const QString& address) {
    if (const auto data = session_.map_data(); data && !address.isEmpty())
        exports_->export_postgis(address, data, style_);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (accepts_drop(e->mimeData()))
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    for (const QUrl& url : e->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (is_study_file(path)) {
            open_study(path);
            return;
        }
        const QString kind = ask_layer_kind(this, path);
        if (kind.isEmpty())
            return;
        add_layer_file(path, kind);
    }
}

void MainWindow::closeEvent(QCloseEvent* e) {
    session_.cancel();
    exports_->cancel();
    canvas_->cancel_render();
    if (presentation_)
        presentation_->close();
    e->accept();
}

} // namespace tecsmap::gui
