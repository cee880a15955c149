// tecsmap-gui: the interactive map view.
// `tecsmap-gui [STUDY] [--screenshot F.png] [--publish postgresql://…?schema=…] [--size WxH]
// [--theme T] [--ctg N|CODE]`.
// Exit codes: 0 done, 1 timeout, 2 usage error (bad option value, unknown CTG, bad database
// address), 3 the study cannot be loaded, 4 the screenshot or the publication failed.

#include "command_line.hpp"
#include "export_runner.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"
#include "publish_run.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QTimer>

#include <iostream>

using namespace tecsmap::gui;

namespace {
int usage_error(const QString& message) {
    std::cerr << "tecsmap-gui : " << message.toStdString() << "\n";
    return 2;
}
} // namespace

int main(int argc, char** argv) {
    // --screenshot and --publish need no display: use the offscreen platform unless one was
    // chosen.
    for (int i = 1; i < argc; ++i)
        if ((QString(argv[i]) == "--screenshot" || QString(argv[i]) == "--publish") &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tecsmap"));
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France)); // 10,5 km, not 10.5 km
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("tecsmap — carte interactive du programme TECS"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("étude"),
                                 QStringLiteral("fichier d'étude .toml à ouvrir"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("charge l'étude, enregistre une capture de la fenêtre et quitte"),
        QStringLiteral("fichier.png"));
    QCommandLineOption size(
        QStringLiteral("size"),
        QStringLiteral("taille de la fenêtre, de %1 à %2 pixels par côté, par exemple 1600x1000")
            .arg(kMinWindowSide)
            .arg(kMaxWindowSide),
        QStringLiteral("LxH"), QStringLiteral("1600x1000"));
    QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("mode : gaps, clusters, hotspots, perimeters, structures, evolution, acces, e2sfca"),
        QStringLiteral("thème"), QStringLiteral("gaps"));
    QCommandLineOption ctg(QStringLiteral("ctg"),
                           QStringLiteral("CTG à sélectionner : son numéro (0, 1, …) ou son code"),
                           QStringLiteral("n|code"));
    QCommandLineOption publish(
        QStringLiteral("publish"),
        QStringLiteral(
            "charge l'étude, publie l'analyse dans ce schéma PostGIS "
            "(postgresql://utilisateur@hôte/base?schema=…, sans mot de passe) et quitte"),
        QStringLiteral("adresse"));
    parser.addOptions({screenshot, publish, size, theme, ctg});
    parser.process(app);

    // Every option is checked before any work.
    QString error;
    const auto window_size = parse_window_size(parser.value(size), error);
    if (!window_size)
        return usage_error(error);
    const auto t = parse_theme_option(parser.value(theme), error);
    if (!t)
        return usage_error(error);
    const bool has_study = !parser.positionalArguments().isEmpty();
    if (parser.isSet(screenshot) && !has_study)
        return usage_error(QStringLiteral("--screenshot demande un fichier d'étude"));
    if (parser.isSet(ctg) && !has_study)
        return usage_error(QStringLiteral("--ctg demande un fichier d'étude"));
    const QString out = parser.value(screenshot);
    if (parser.isSet(screenshot))
        if (const QString e = screenshot_format_error(out); !e.isEmpty())
            return usage_error(e);
    if (parser.isSet(publish) && !has_study)
        return usage_error(QStringLiteral("--publish demande un fichier d'étude"));
    if (parser.isSet(screenshot) && parser.isSet(publish))
        return usage_error(QStringLiteral("--screenshot et --publish ne vont pas ensemble"));
    const QString database = parser.value(publish);
    if (parser.isSet(publish)) {
        try {
            tecsmap::checked_publication_target(database.toStdString());
        } catch (const std::exception& e) {
            return usage_error(QStringLiteral("--publish : ") + QString::fromUtf8(e.what()));
        }
    }

    MainWindow window;
    window.resize(*window_size);
    window.set_theme(*t);
    window.show();
    const bool shot = parser.isSet(screenshot);
    const bool batch = shot || parser.isSet(publish);
    // Connected before the study is opened: a path refused at once fails synchronously.
    if (batch)
        QObject::connect(&window.session(), &StudySession::failed, &app, [&app](const QString& m) {
            std::cerr << "tecsmap-gui : " << m.toStdString() << "\n";
            app.exit(3);
        });
    // The CTG is checked against the study once loaded (single shot: the first results only).
    auto* first = new QObject(&app);
    const QString ctg_value = parser.isSet(ctg) ? parser.value(ctg) : QString();
    QObject::connect(
        &window, &MainWindow::study_ready, first,
        [&window, &app, first, ctg_value, out, shot, database] {
            first->deleteLater();
            if (!ctg_value.isEmpty()) {
                QString e;
                const auto index = resolve_ctg(*window.session().map_data(), ctg_value, e);
                if (!index) {
                    std::cerr << "tecsmap-gui : " << e.toStdString() << "\n";
                    app.exit(2);
                    return;
                }
                window.select_ctg(static_cast<int>(*index));
            }
            if (!database.isEmpty()) {
                QObject::connect(&window, &MainWindow::export_done, &app,
                                 [&app](const QString& shown) {
                                     std::cout << "Écrit : " << shown.toStdString() << "\n";
                                     app.exit(0);
                                 });
                QObject::connect(window.exports(), &ExportRunner::failed, &app,
                                 [&app](const QString& m) {
                                     std::cerr << "tecsmap-gui : " << m.toStdString() << "\n";
                                     app.exit(4);
                                 });
                window.publish_to_postgis(database);
                return;
            }
            if (!shot)
                return;
            // Save once the frame for this view is drawn.
            auto* poll = new QTimer(&app);
            QObject::connect(poll, &QTimer::timeout, &app, [&window, &app, out, poll] {
                if (!window.canvas()->up_to_date() || window.canvas()->frame().isNull())
                    return;
                poll->stop();
                try {
                    save_image_atomically(window.grab().toImage(), out);
                    std::cout << "Écrit : " << out.toStdString() << "\n";
                    app.exit(0);
                } catch (const std::exception& e) {
                    std::cerr << "tecsmap-gui : " << e.what() << "\n";
                    app.exit(4);
                }
            });
            poll->start(50);
        });
    // Opened from the event loop, so that an immediate failure can end it (exit 3).
    if (has_study)
        QTimer::singleShot(0, &window, [&window, path = parser.positionalArguments().first()] {
            window.open_study(path);
        });
    if (batch)
        QTimer::singleShot(120000, &app, [&app] {
            std::cerr << "tecsmap-gui : délai dépassé\n";
            app.exit(1);
        });
    return app.exec();
}
