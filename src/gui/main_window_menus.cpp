// The main window's menus and the study's « Enregistrer sous », apart from main_window.cpp so
// that the window's wiring stays short.
#include "main_window.hpp"

#include "export_runner.hpp"
#include "postgis_address.hpp"
#include "recent_studies.hpp"
#include "status_line.hpp"
#include "what_if_actions.hpp"

#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>

namespace tecsmap::gui {

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&Fichier"));
    file->addAction(QStringLiteral("&Ouvrir une étude…"), QKeySequence::Open, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Ouvrir une étude"), {},
                                                       QStringLiteral("Études tecsmap (*.toml)"));
        if (!p.isEmpty())
            open_study(p);
    });
    recent_ = new RecentStudies(file->addMenu(QStringLiteral("Études &récentes")), this);
    connect(recent_, &RecentStudies::open_requested, this, &MainWindow::open_study);
    file->addAction(QStringLiteral("&Enregistrer l'étude sous…"), QKeySequence::SaveAs, this,
                    &MainWindow::save_study_as);
    file->addSeparator();
    // The dialogs are asked for only when there is something to export.
    const auto ask = [this](const char* title, const char* name, const char* filters) {
        return session_.map_data()
                   ? ExportRunner::ask_path(this, QString::fromUtf8(title), QString::fromUtf8(name),
                                            QString::fromUtf8(filters))
                   : QString();
    };
    file->addAction(QStringLiteral("Exporter la &vue (PNG, SVG, PDF)…"), this, [this, ask] {
        export_view_to(
            ask("Exporter la vue", "carte.pdf", "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)"));
    });
    file->addAction(QStringLiteral("Exporter l'&analyse (GeoPackage)…"), this, [this, ask] {
        export_geopackage_to(ask("Exporter l'analyse", "analyse.gpkg", "GeoPackage (*.gpkg)"));
    });
    file->addAction(QStringLiteral("Exporter l'a&tlas (PDF)…"), this, [this, ask] {
        export_atlas_to(ask("Exporter l'atlas", "atlas.pdf", "PDF (*.pdf)"));
    });
    file->addAction(QStringLiteral("Publier l'analyse dans &PostGIS…"), this, [this] {
        if (session_.map_data())
            publish_to_postgis(ask_postgis_address(this));
    });
    file->addSeparator();
    file->addAction(QStringLiteral("&Quitter"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(QStringLiteral("&Affichage"));
    view->addAction(QStringLiteral("&Présentation"), QKeySequence(Qt::Key_F5), this,
                    [this] { start_presentation(); });
    view->addAction(QStringLiteral("Tout le &département"), QKeySequence(Qt::CTRL | Qt::Key_0),
                    this, &MainWindow::zoom_to_territory);
    QAction* messages = messages_dock_->toggleViewAction(); // shows or hides the dock
    messages->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    view->addAction(messages);
    what_if_->add_to(findChild<QToolBar*>("tools"), menuBar());
    QMenu* help = menuBar()->addMenu(QStringLiteral("Ai&de"));
    help->addAction(QStringLiteral("À &propos"), this, [this] {
        QMessageBox::about(this, QStringLiteral("À propos de tecsmap"),
                           QStringLiteral("tecsmap — analyse spatiale du programme TECS.\n"
                                          "Guide : docs/guide-utilisateur.md"));
    });
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
        recent_->remember(path);
        status_->message(QStringLiteral("Étude enregistrée : ") + path);
    } catch (const std::exception& e) {
        show_error(QString::fromUtf8(e.what()));
    }
}

} // namespace tecsmap::gui
