// tecsmap-gui: the interactive map view. `tecsmap-gui [STUDY] [--screenshot F.png --size WxH]`.

#include "main_window.hpp"
#include "map_canvas.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QTimer>

#include <iostream>

int main(int argc, char** argv) {
    // --screenshot needs no display: use the offscreen platform unless one was chosen.
    for (int i = 1; i < argc; ++i)
        if (QString(argv[i]) == "--screenshot" && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
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
    QCommandLineOption size(QStringLiteral("size"),
                            QStringLiteral("taille de la fenêtre, par exemple 1600x1000"),
                            QStringLiteral("LxH"), QStringLiteral("1600x1000"));
    QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("mode : gaps, clusters, hotspots, perimeters, structures"),
        QStringLiteral("thème"), QStringLiteral("gaps"));
    QCommandLineOption ctg(QStringLiteral("ctg"),
                           QStringLiteral("numéro de la CTG à sélectionner (0, 1, …)"),
                           QStringLiteral("n"));
    parser.addOptions({screenshot, size, theme, ctg});
    parser.process(app);

    tecsmap::gui::MainWindow window;
    const QStringList wh = parser.value(size).split('x');
    if (wh.size() != 2 || wh[0].toInt() < 200 || wh[1].toInt() < 200) {
        std::cerr << "tecsmap-gui : --size attend LARGEURxHAUTEUR, par exemple 1600x1000\n";
        return 2;
    }
    window.resize(wh[0].toInt(), wh[1].toInt());
    const auto t = tecsmap::render::parse_theme(parser.value(theme).toStdString());
    if (!t) {
        std::cerr << "tecsmap-gui : thème inconnu\n";
        return 2;
    }
    window.set_theme(*t);
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.open_study(parser.positionalArguments().first());

    if (parser.isSet(screenshot)) {
        if (parser.positionalArguments().isEmpty()) {
            std::cerr << "tecsmap-gui : --screenshot demande un fichier d'étude\n";
            return 2;
        }
        const QString out = parser.value(screenshot);
        const int ctg_index = parser.isSet(ctg) ? parser.value(ctg).toInt() : -1;
        QObject::connect(&window.session(), &tecsmap::gui::StudySession::failed, &app,
                         [&app](const QString& m) {
                             std::cerr << "tecsmap-gui : " << m.toStdString() << "\n";
                             app.exit(3);
                         });
        // These handlers run after this block: they capture its values by copy.
        QObject::connect(
            &window, &tecsmap::gui::MainWindow::study_ready, &app, [&window, &app, out, ctg_index] {
                if (ctg_index >= 0)
                    window.select_ctg(ctg_index);
                // Save once the frame for this view is drawn.
                auto* poll = new QTimer(&app);
                QObject::connect(poll, &QTimer::timeout, &app, [&window, &app, out, poll] {
                    if (!window.canvas()->up_to_date() || window.canvas()->frame().isNull())
                        return;
                    poll->stop();
                    const bool ok = window.grab().save(out);
                    std::cout << (ok ? "Écrit : " : "Échec de l'écriture : ") << out.toStdString()
                              << "\n";
                    app.exit(ok ? 0 : 4);
                });
                poll->start(50);
            });
        QTimer::singleShot(120000, &app, [&app] {
            std::cerr << "tecsmap-gui : délai dépassé\n";
            app.exit(1);
        });
    }
    return app.exec();
}
