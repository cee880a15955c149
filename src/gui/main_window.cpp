#include "main_window.hpp"

#include "atlas.hpp"
#include "exporter.hpp"
#include "feature_info.hpp"
#include "gpkg_writer.hpp"
#include "layer_panel.hpp"
#include "map_canvas.hpp"
#include "map_page.hpp"
#include "presentation_view.hpp"
#include "format.hpp"
#include "run_info.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStringListModel>
#include <QTextBrowser>
#include <QThreadPool>
#include <QToolBar>
#include <QVBoxLayout>

namespace tecsmap::gui {

namespace {
const QStringList kLayerExtensions = {"csv", "gpkg", "geojson", "json", "shp", "fgb"};
const std::pair<render::Theme, const char*> kThemes[] = {{render::Theme::Gaps, "Couverture"},
                                                         {render::Theme::Clusters, "Grappes"},
                                                         {render::Theme::Hotspots, "Points chauds"},
                                                         {render::Theme::Perimeters, "Politiques"},
                                                         {render::Theme::Structures, "Structures"}};
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("tecsmap — TECS, couverture et initiatives"));
    setAcceptDrops(true);
    style_ = load_map_style(default_style_path());
    settings_.style = style_;
    build_ui();
    build_menus();
    parameter_timer_.setSingleShot(true);
    parameter_timer_.setInterval(400); // re-analyse once the user stops turning the knob
    connect(&parameter_timer_, &QTimer::timeout, this, [this] {
        if (!session_.territory())
            return;
        // The fields accept exactly the valid ranges (parameter_spec), so set() cannot fail here.
        AnalysisParameters p = session_.parameters();
        const auto origin = [](ParameterId id) {
            return ParameterOrigin::map_view(parameter_spec(id).label);
        };
        p.set(ParameterId::CoverageRadiusKm, radius_->value(), origin(ParameterId::CoverageRadiusKm));
        p.set(ParameterId::ClusterEpsKm, eps_->value(), origin(ParameterId::ClusterEpsKm));
        p.set(ParameterId::ClusterMinPoints, min_points_->value(),
              origin(ParameterId::ClusterMinPoints));
        session_.reanalyse(session_.study(), p);
    });
    connect(&session_, &StudySession::progress, this, [this](int percent, const QString& stage) {
        progress_->setVisible(true);
        cancel_->setVisible(true);
        progress_->setValue(percent);
        status_->setText(stage);
    });
    connect(&session_, &StudySession::loaded, this, [this] { on_results(true); });
    connect(&session_, &StudySession::updated, this, [this] { on_results(false); });
    connect(&session_, &StudySession::failed, this, [this](const QString& m) {
        progress_->setVisible(false);
        cancel_->setVisible(false);
        show_error(m);
    });
    connect(&session_, &StudySession::cancelled, this, [this] {
        progress_->setVisible(false);
        cancel_->setVisible(false);
        status_->setText(QStringLiteral("Calcul annulé"));
    });
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
    search_ = new QLineEdit(this);
    search_->setObjectName("search");
    search_->setPlaceholderText(QStringLiteral("Rechercher une commune…"));
    search_->setMaximumWidth(260);
    tools->addWidget(search_);
    connect(search_, &QLineEdit::returnPressed, this, [this] { search_commune(search_->text()); });

    auto* params = addToolBar(QStringLiteral("Paramètres"));
    params->setObjectName("parameters");
    // Each field accepts exactly its parameter's valid range: nothing is clamped silently.
    auto km_field = [this](const char* name, ParameterId id, double step) {
        const ParameterSpec& spec = parameter_spec(id);
        auto* box = new QDoubleSpinBox(this);
        box->setObjectName(name);
        box->setDecimals(3);
        box->setRange(spec.min, spec.max);
        box->setSingleStep(step);
        box->setSuffix(QStringLiteral(" km"));
        box->setValue(spec.default_value);
        box->setToolTip(QString::fromStdString(std::string(spec.label) + " : " +
                                               describe_range(spec)));
        return box;
    };
    radius_ = km_field("radius", ParameterId::CoverageRadiusKm, 1);
    eps_ = km_field("eps", ParameterId::ClusterEpsKm, 0.5);
    const ParameterSpec& mp = parameter_spec(ParameterId::ClusterMinPoints);
    min_points_ = new QSpinBox(this);
    min_points_->setObjectName("min_points");
    min_points_->setRange(static_cast<int>(mp.min), static_cast<int>(mp.max));
    min_points_->setValue(static_cast<int>(mp.default_value));
    min_points_->setToolTip(QString::fromStdString(std::string(mp.label) + " : " +
                                                   describe_range(mp)));
    params->addWidget(new QLabel(QStringLiteral(" Rayon de couverture "), this));
    params->addWidget(radius_);
    params->addWidget(new QLabel(QStringLiteral(" DBSCAN eps "), this));
    params->addWidget(eps_);
    params->addWidget(new QLabel(QStringLiteral(" min. "), this));
    params->addWidget(min_points_);
    for (QAbstractSpinBox* box :
         {static_cast<QAbstractSpinBox*>(radius_), static_cast<QAbstractSpinBox*>(eps_),
          static_cast<QAbstractSpinBox*>(min_points_)})
        box->setKeyboardTracking(false);
    connect(radius_, &QDoubleSpinBox::valueChanged, this, [this] { parameter_timer_.start(); });
    connect(eps_, &QDoubleSpinBox::valueChanged, this, [this] { parameter_timer_.start(); });
    connect(min_points_, &QSpinBox::valueChanged, this, [this] { parameter_timer_.start(); });

    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(200);
    progress_->setVisible(false);
    cancel_ = new QPushButton(QStringLiteral("Annuler"), this);
    cancel_->setVisible(false);
    connect(cancel_, &QPushButton::clicked, &session_, &StudySession::cancel);
    status_ =
        new QLabel(QStringLiteral("Ouvrez une étude (Fichier › Ouvrir) ou déposez-la ici."), this);
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);

    layers_ = new LayerPanel(this);
    auto* layer_dock = new QDockWidget(QStringLiteral("Couches et légende"), this);
    layer_dock->setObjectName("layer_dock");
    layer_dock->setWidget(layers_);
    addDockWidget(Qt::LeftDockWidgetArea, layer_dock);
    connect(layers_, &LayerPanel::changed, this, &MainWindow::apply_settings);

    auto* right = new QWidget(this);
    auto* rl = new QVBoxLayout(right);
    ctg_list_ = new QListWidget(right);
    ctg_list_->setObjectName("ctg_list");
    ctg_info_ = new QTextBrowser(right);
    ctg_info_->setObjectName("ctg_info");
    info_ = new QTextBrowser(right);
    info_->setObjectName("info");
    info_->setPlaceholderText(
        QStringLiteral("Cliquez sur la carte pour lire les chiffres d'une commune."));
    rl->addWidget(new QLabel(QStringLiteral("CTG"), right));
    rl->addWidget(ctg_list_, 2);
    rl->addWidget(new QLabel(QStringLiteral("Indicateurs de la CTG"), right));
    rl->addWidget(ctg_info_, 3);
    rl->addWidget(new QLabel(QStringLiteral("Élément cliqué"), right));
    rl->addWidget(info_, 3);
    auto* right_dock = new QDockWidget(QStringLiteral("CTG et informations"), this);
    right_dock->setObjectName("ctg_dock");
    right_dock->setWidget(right);
    addDockWidget(Qt::RightDockWidgetArea, right_dock);
    connect(ctg_list_, &QListWidget::currentRowChanged, this, &MainWindow::select_ctg);
}

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&Fichier"));
    file->addAction(QStringLiteral("&Ouvrir une étude…"), QKeySequence::Open, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Ouvrir une étude"), {},
                                                       QStringLiteral("Études tecsmap (*.toml)"));
        if (!p.isEmpty())
            open_study(p);
    });
    recent_menu_ = file->addMenu(QStringLiteral("Études &récentes"));
    rebuild_recent_menu();
    file->addAction(QStringLiteral("&Enregistrer l'étude sous…"), QKeySequence::SaveAs, this,
                    &MainWindow::save_study_as);
    file->addSeparator();
    file->addAction(QStringLiteral("Exporter la &vue (PNG, SVG, PDF)…"), this,
                    &MainWindow::export_view);
    file->addAction(QStringLiteral("Exporter l'&analyse (GeoPackage)…"), this,
                    &MainWindow::export_geopackage);
    file->addAction(QStringLiteral("Exporter l'a&tlas (PDF)…"), this, &MainWindow::export_atlas);
    file->addSeparator();
    file->addAction(QStringLiteral("&Quitter"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(QStringLiteral("&Affichage"));
    view->addAction(QStringLiteral("&Présentation"), QKeySequence(Qt::Key_F5), this,
                    [this] { start_presentation(); });
    view->addAction(QStringLiteral("Tout le &département"), QKeySequence(Qt::CTRL | Qt::Key_0),
                    this, &MainWindow::zoom_to_territory);
    QMenu* help = menuBar()->addMenu(QStringLiteral("Ai&de"));
    help->addAction(QStringLiteral("À &propos"), this, [this] {
        QMessageBox::about(this, QStringLiteral("À propos de tecsmap"),
                           QStringLiteral("tecsmap — analyse spatiale du programme TECS.\n"
                                          "Guide : docs/guide-utilisateur.md"));
    });
}

void MainWindow::open_study(const QString& path) {
    study_path_ = QFileInfo(path).absoluteFilePath();
    status_->setText(QStringLiteral("Chargement de ") + path + QStringLiteral("…"));
    session_.load(study_path_);
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

void MainWindow::set_parameters(double radius_km, double eps_km, int min_points) {
    radius_->setValue(radius_km);
    eps_->setValue(eps_km);
    min_points_->setValue(min_points);
    parameter_timer_.start();
}

void MainWindow::apply_settings() {
    layers_->apply_to(settings_.layers);
    canvas_->set_settings(settings_);
    if (auto data = session_.map_data())
        layers_->update_legend(canvas_->view_settings(), *data);
}

void MainWindow::on_results(bool new_territory) {
    progress_->setVisible(false);
    cancel_->setVisible(false);
    const auto data = session_.map_data();
    if (new_territory) {
        const AnalysisParameters& p = session_.parameters();
        const QSignalBlocker b1(radius_), b2(eps_), b3(min_points_);
        radius_->setValue(p.coverage_radius_km());
        eps_->setValue(p.cluster_eps_km());
        min_points_->setValue(p.cluster_min_points());
        QStringList names;
        for (const Commune& c : session_.territory()->communes)
            names << QString::fromStdString(c.nom);
        auto* completer = new QCompleter(names, search_);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        search_->setCompleter(completer);
        connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
                &MainWindow::search_commune);
        remember_recent(study_path_);
        setWindowTitle(QStringLiteral("tecsmap — ") +
                       QString::fromStdString(session_.study().title));
    }
    const int row = ctg_list_->currentRow();
    {
        const QSignalBlocker block(ctg_list_);
        ctg_list_->clear();
        for (const CtgIndicators& c : session_.result()->ctgs)
            ctg_list_->addItem(QString::fromStdString(c.ctg_name));
        ctg_list_->setCurrentRow(new_territory ? -1 : row);
    }
    canvas_->set_data(data);
    if (new_territory)
        canvas_->zoom_to(data->extent());
    if (row >= 0 && !new_territory)
        ctg_info_->setHtml(
            ctg_html(*session_.map_data(), static_cast<std::size_t>(row)));
    apply_settings();
    const StudyInputs& in = *session_.inputs();
    status_->setText(QStringLiteral("%1 communes, %2 structures, %3 initiatives — rayon %4")
                         .arg(session_.territory()->communes.size())
                         .arg(in.structures.size())
                         .arg(in.initiatives_in_territory)
                         .arg(QString::fromStdString(
                             fr::km(session_.parameters().coverage_radius_km()))));
    if (!in.rejects.empty())
        status_->setText(
            status_->text() +
            QStringLiteral(" — %1 ligne(s) rejetée(s) ou corrigée(s)").arg(in.rejects.size()));
    emit study_ready();
}

void MainWindow::select_ctg(int index) {
    if (!session_.result() || index < 0 ||
        index >= static_cast<int>(session_.result()->ctgs.size()))
        return;
    const auto data = session_.map_data();
    const QString code = data->ctgs()[static_cast<std::size_t>(index)].code;
    settings_.focus_ctg = code;
    selection_ = data->ctg_extent(code);
    canvas_->zoom_to(selection_.adjusted(-2000, -2000, 2000, 2000));
    ctg_info_->setHtml(
        ctg_html(*session_.map_data(), static_cast<std::size_t>(index)));
    if (ctg_list_->currentRow() != index) {
        const QSignalBlocker block(ctg_list_);
        ctg_list_->setCurrentRow(index);
    }
    apply_settings();
}

void MainWindow::zoom_to_territory() {
    settings_.focus_ctg.clear();
    if (auto data = session_.map_data())
        canvas_->zoom_to(data->extent());
    apply_settings();
}

void MainWindow::on_click(QPointF p) {
    const auto locator = session_.locator();
    if (!locator || !session_.result())
        return;
    // A structure under the cursor (within 8 px) first, else the commune.
    const double tolerance = 8 * canvas_->extent().width() / std::max(canvas_->width(), 1);
    for (const Structure& s : session_.inputs()->structures) {
        if (s.place.xy && std::hypot(s.place.xy->x - p.x(), s.place.xy->y - p.y()) <= tolerance) {
            info_->setHtml(structure_html(*session_.territory(), s));
            return;
        }
    }
    const std::size_t i = locator->locate({p.x(), p.y()});
    if (i == Territory::npos) {
        info_->setHtml(QStringLiteral("<i>Hors du territoire étudié.</i>"));
        return;
    }
    const Commune& c = session_.territory()->communes[i];
    const geos::Envelope e = geos::envelope(c.geometry.get());
    selection_ = QRectF(QPointF(e.minx, e.miny), QPointF(e.maxx, e.maxy));
    info_->setHtml(commune_html(*session_.map_data(), i));
}

void MainWindow::search_commune(const QString& text) {
    if (!session_.territory())
        return;
    const Territory& t = *session_.territory();
    for (std::size_t i = 0; i < t.communes.size(); ++i) {
        if (QString::fromStdString(t.communes[i].nom)
                    .compare(text.trimmed(), Qt::CaseInsensitive) == 0 ||
            QString::fromStdString(t.communes[i].insee) == text.trimmed()) {
            const geos::Envelope e = geos::envelope(t.communes[i].geometry.get());
            selection_ = QRectF(QPointF(e.minx, e.miny), QPointF(e.maxx, e.maxy));
            canvas_->zoom_to(selection_.adjusted(-3000, -3000, 3000, 3000));
            info_->setHtml(commune_html(*session_.map_data(), i));
            return;
        }
    }
    status_->setText(QStringLiteral("Commune « %1 » introuvable").arg(text));
}

QString MainWindow::info_text() const {
    return info_->toPlainText();
}
QString MainWindow::ctg_text() const {
    return ctg_info_->toPlainText();
}

PresentationView* MainWindow::start_presentation() {
    if (!session_.map_data())
        return nullptr;
    if (presentation_)
        presentation_->close();
    presentation_ = new PresentationView(session_.map_data(), style_);
    presentation_->setAttribute(Qt::WA_DeleteOnClose);
    connect(presentation_, &QObject::destroyed, this, [this] { presentation_ = nullptr; });
    presentation_->showFullScreen();
    return presentation_;
}

void MainWindow::show_error(const QString& message) {
    last_error_ = message;
    status_->setText(QStringLiteral("Erreur : ") + message.section('\n', 0, 0));
    // Non-modal: the event loop (and the map) keep running while the message is read.
    auto* box = new QMessageBox(QMessageBox::Warning, QStringLiteral("tecsmap"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

void MainWindow::run_in_background(const QString& what, std::function<void()> work,
                                   const QString& path) {
    status_->setText(what + QStringLiteral("…"));
    progress_->setVisible(true);
    progress_->setRange(0, 0);
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self, work, path] {
        QString error;
        try {
            work();
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(self.data(), [self, error, path] {
            if (!self)
                return;
            self->progress_->setRange(0, 100);
            self->progress_->setVisible(false);
            if (!error.isEmpty()) {
                self->show_error(error);
                return;
            }
            self->status_->setText(QStringLiteral("Écrit : ") + path);
            emit self->export_done(path);
        });
    });
}

void MainWindow::export_view() {
    const auto data = session_.map_data();
    if (!data)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Exporter la vue"), QStringLiteral("carte.pdf"),
        QStringLiteral("PDF (*.pdf);;PNG (*.png);;SVG (*.svg)"));
    if (path.isEmpty())
        return;
    render::MapSettings s = canvas_->view_settings();
    const bool landscape = canvas_->width() > canvas_->height();
    const render::PageTexts texts = render::page_texts(s.theme, *data, s.focus_ctg);
    run_in_background(
        QStringLiteral("Export de la vue"),
        [path, s, data, landscape, texts] {
            render::export_map(path.toStdString(), s, *data,
                               render::page_spec("A4", landscape, 300), texts);
        },
        path);
}

void MainWindow::export_geopackage() {
    const auto data = session_.map_data();
    if (!data)
        return;
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Exporter l'analyse"),
                                                      QStringLiteral("analyse.gpkg"),
                                                      QStringLiteral("GeoPackage (*.gpkg)"));
    if (path.isEmpty())
        return;
    run_in_background(
        QStringLiteral("Export GeoPackage"),
        [path, data, style = style_] {
            write_geopackage(path.toStdString(), data->run(), style,
                             describe_run(data->run(), Cog::bundled()));
        },
        path);
}

void MainWindow::export_atlas() {
    const auto data = session_.map_data();
    if (!data)
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, QStringLiteral("Exporter l'atlas"),
                                     QStringLiteral("atlas.pdf"), QStringLiteral("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    run_in_background(
        QStringLiteral("Export de l'atlas"),
        [path, data, style = style_] { render::write_atlas(path.toStdString(), *data, style); },
        path);
}

void MainWindow::save_study_as() {
    if (!session_.territory())
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, QStringLiteral("Enregistrer l'étude"), study_path_,
                                     QStringLiteral("Études tecsmap (*.toml)"));
    if (path.isEmpty())
        return;
    Study s = session_.study();
    s.parameters = session_.parameters();
    try {
        save_study(s, path.toStdString());
        study_path_ = path;
        remember_recent(path);
        status_->setText(QStringLiteral("Étude enregistrée : ") + path);
    } catch (const std::exception& e) {
        show_error(QString::fromUtf8(e.what()));
    }
}

void MainWindow::remember_recent(const QString& path) {
    QSettings settings(QStringLiteral("tecsmap"), QStringLiteral("tecsmap"));
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("recent", recent);
    rebuild_recent_menu();
}

void MainWindow::rebuild_recent_menu() {
    recent_menu_->clear();
    const QStringList recent = QSettings(QStringLiteral("tecsmap"), QStringLiteral("tecsmap"))
                                   .value("recent")
                                   .toStringList();
    for (const QString& p : recent)
        recent_menu_->addAction(p, this, [this, p] { open_study(p); });
    recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    for (const QUrl& url : e->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (suffix == "toml" || kLayerExtensions.contains(suffix)) {
            e->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent* e) {
    for (const QUrl& url : e->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (QFileInfo(path).suffix().toLower() == "toml") {
            open_study(path);
            return;
        }
        bool ok = false;
        const QStringList kinds = {QStringLiteral("Initiatives"), QStringLiteral("Structures"),
                                   QStringLiteral("Périmètres")};
        const QString kind = QInputDialog::getItem(
            this, QStringLiteral("Ajouter une couche"),
            QStringLiteral("Ajouter « %1 » comme :").arg(QFileInfo(path).fileName()), kinds, 0,
            false, &ok);
        if (!ok)
            return;
        add_layer_file(path, kind == kinds[0]   ? "initiatives"
                             : kind == kinds[1] ? "structures"
                                                : "perimeters");
    }
}

void MainWindow::closeEvent(QCloseEvent* e) {
    session_.cancel();
    if (presentation_)
        presentation_->close();
    e->accept();
}

} // namespace tecsmap::gui
