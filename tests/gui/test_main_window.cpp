// The map view as a commission member uses it, under QT_QPA_PLATFORM=offscreen. Every case
// opens its own window on the default study: cases run alone, in any order (ctest runs each in
// its own process; `test_gui --order rand` runs them together shuffled).
#include "ctg_panel.hpp"
#include "feature_info.hpp"
#include "format.hpp"
#include "gui_fixture.hpp"
#include "layer_panel.hpp"
#include "messages_panel.hpp"
#include "presentation_view.hpp"
#include "text.hpp"

#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>

using namespace tecsmap;
using namespace tecsmap::gui;
using tecsmap::test::count_colours;
using tecsmap::test::LoadedWindow;
using tecsmap::test::wait_frame;

TEST_CASE_METHOD(LoadedWindow, "the default study loads and the map is drawn", "[gui]") {
    CHECK(w().session().territory()->communes.size() == 362);
    CHECK(count_colours(w().canvas()->frame()) > 20);
    CHECK(count_colours(w().grab().toImage()) > 20); // what --screenshot saves
    CHECK(w().status_text().contains(QStringLiteral("362 communes")));
    // What was loaded, until the first click: how the registers' rows were placed, the rule,
    // and the demonstration mention of the bundled data.
    const QString info = w().info_text();
    CHECK(info.contains(QStringLiteral("Placement des structures : 30 lignes")));
    CHECK(info.contains(QStringLiteral("Placement des initiatives")));
    CHECK(info.contains(QStringLiteral("rayon de couverture")));
    CHECK(info.contains(QStringLiteral("Données de démonstration")));
}

TEST_CASE_METHOD(LoadedWindow, "toggling a layer changes the canvas and back", "[gui]") {
    const QImage before = w().canvas()->frame();
    w().layer_panel()->set_visible("gaps", false);
    REQUIRE(wait_frame(w().canvas()));
    const QImage without = w().canvas()->frame();
    CHECK(without != before);
    w().layer_panel()->set_visible("gaps", true);
    REQUIRE(wait_frame(w().canvas()));
    CHECK(w().canvas()->frame() == before);
}

TEST_CASE_METHOD(LoadedWindow, "clicking a commune shows its name and figures", "[gui]") {
    const Territory& t = *w().session().territory();
    const Commune& die = t.communes[t.commune_index("26113")]; // Die
    const QPointF at = w().canvas()->to_widget(QPointF(die.representative.x, die.representative.y));
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {}, at.toPoint());
    CHECK(w().info_text().contains(QStringLiteral("Die")));
    CHECK(w().info_text().contains(QStringLiteral("26113")));
    CHECK(w().info_text().contains(QStringLiteral("Population")));
}

TEST_CASE_METHOD(LoadedWindow, "clicking on a structure describes the structure", "[gui]") {
    // Zoomed in on the first placed structure: the click lands on its marker.
    const auto& structures = w().session().inputs()->structures;
    const auto it = std::find_if(structures.begin(), structures.end(),
                                 [](const Structure& s) { return s.place.xy.has_value(); });
    REQUIRE(it != structures.end());
    const XY xy = *it->place.xy;
    w().canvas()->zoom_to(QRectF(xy.x - 3000, xy.y - 3000, 6000, 6000));
    REQUIRE(wait_frame(w().canvas()));
    const QPointF at = w().canvas()->to_widget(QPointF(xy.x + 40, xy.y)); // 40 m off: < 8 px
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {}, at.toPoint());
    CHECK(w().info_text().contains(QString::fromStdString(it->name)));
}

TEST_CASE_METHOD(LoadedWindow, "a click outside the territory says so", "[gui]") {
    const QRectF e = w().session().map_data()->extent();
    w().canvas()->zoom_to(e.adjusted(-200000, -200000, 200000, 200000));
    const QPointF far = w().canvas()->to_widget(e.topLeft() - QPointF(150000, 0));
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {}, far.toPoint());
    CHECK(w().info_text().contains(QStringLiteral("Hors du territoire")));
}

TEST_CASE_METHOD(LoadedWindow,
                 "changing the radius re-runs the analysis and updates the indicators", "[gui]") {
    const Territory& t = *w().session().territory();
    const int diois = static_cast<int>(t.ctg_index("242600534")); // CC du Diois
    REQUIRE(diois >= 0);
    w().select_ctg(diois);
    const QString before = w().ctg_text();
    const double uncovered_before = w().session().result()->ctgs[diois].pop_uncovered;
    QSignalSpy ready(&w(), &MainWindow::study_ready);
    QSignalSpy progress(&w().session(), &StudySession::progress);
    w().set_parameters(20.5, 5, 3);
    REQUIRE(ready.wait(60000));
    CHECK(w().session().parameters().coverage_radius_km() == 20.5);
    CHECK(w().session().result()->ctgs[diois].pop_uncovered < uncovered_before);
    CHECK(w().ctg_text() != before);
    // toPlainText() turns the narrow no-break space into a plain space.
    CHECK(w().ctg_text().contains(QStringLiteral("plus de 20,5 km")));
    // Progress is the run's overall fraction: it ends at 100 and never goes back.
    REQUIRE(progress.count() >= 1);
    int last = 0;
    for (const QList<QVariant>& p : progress) {
        CHECK(p[0].toInt() >= last);
        last = p[0].toInt();
    }
    CHECK(last == 100);
}

TEST_CASE_METHOD(LoadedWindow, "searching a commune by name or INSEE code zooms to it", "[gui]") {
    auto* search = w().findChild<QLineEdit*>("search");
    REQUIRE(search);
    search->setText(QStringLiteral("  die "));
    QTest::keyClick(search, Qt::Key_Return);
    CHECK(w().info_text().contains(QStringLiteral("26113")));
    const QRectF zoomed = w().canvas()->extent();
    CHECK(zoomed.width() < w().session().map_data()->extent().width() / 3);
    search->setText(QStringLiteral("26362")); // Valence
    QTest::keyClick(search, Qt::Key_Return);
    CHECK(w().info_text().contains(QStringLiteral("Valence")));
    search->setText(QStringLiteral("Atlantis"));
    QTest::keyClick(search, Qt::Key_Return);
    CHECK(w().status_text().contains(QStringLiteral("« Atlantis » introuvable")));
}

TEST_CASE_METHOD(LoadedWindow, "presentation mode: next and previous CTG from the keyboard",
                 "[gui]") {
    PresentationView* view = w().start_presentation();
    REQUIRE(view);
    CHECK(view->current() == 0);
    QTest::keyClick(view, Qt::Key_Right);
    CHECK(view->current() == 1);
    QTest::keyClick(view, Qt::Key_Space);
    CHECK(view->current() == 2);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Left);
    CHECK(view->current() == view->count() - 1); // wraps around
    REQUIRE(wait_frame(view->canvas()));
    CHECK(count_colours(view->canvas()->frame()) > 10);
    view->close();
}

TEST_CASE_METHOD(LoadedWindow, "a dropped file that cannot be used gives an error naming it",
                 "[gui]") {
    const std::string bad = test::write_file("sans_colonnes.csv", "foo;bar\n1;2\n");
    QSignalSpy failed(&w().session(), &StudySession::failed);
    w().add_layer_file(QString::fromStdString(bad), "initiatives");
    REQUIRE(failed.wait(30000));
    CHECK(w().last_error().contains(QStringLiteral("sans_colonnes.csv")));
    CHECK(w().session().territory()->communes.size() == 362); // the open study is untouched
}

TEST_CASE_METHOD(LoadedWindow, "a directory opened as a study is refused and the study stays",
                 "[gui]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const auto data = w().session().map_data();
    QSignalSpy failed(&w().session(), &StudySession::failed);
    w().open_study(dir.path());
    REQUIRE(failed.count() + static_cast<int>(failed.wait(10000)) >= 1);
    CHECK(w().last_error().contains(dir.path()));
    CHECK(w().last_error().contains(QStringLiteral("répertoire")));
    CHECK(w().session().map_data() == data);
    CHECK(w().session().territory()->communes.size() == 362);
    CHECK_FALSE(w().session().busy());
}

TEST_CASE_METHOD(LoadedWindow, "switching theme needs no new analysis", "[gui]") {
    const auto result = w().session().result();
    QSignalSpy frames(w().canvas(), &MapCanvas::frame_rendered);
    w().set_theme(render::Theme::Hotspots);
    REQUIRE(frames.wait(20000));
    CHECK(w().session().result() == result);
    CHECK(w().canvas()->settings().theme == render::Theme::Hotspots);
}

TEST_CASE_METHOD(LoadedWindow, "selecting a CTG fades the others and shows its indicators",
                 "[gui]") {
    const QImage before = w().canvas()->frame();
    w().select_ctg(0);
    REQUIRE(wait_frame(w().canvas()));
    CHECK(w().canvas()->settings().focus_ctg == w().session().map_data()->ctgs()[0].code);
    CHECK(w().ctg_text().contains(QStringLiteral("Population")));
    // The TECS programme year by year, as ctg_indicators_by_year holds it, marked as
    // demonstration data (the bundled initiatives are illustrative).
    CHECK(w().ctg_text().contains(QStringLiteral("Programme TECS par année")));
    for (const CtgYear& y : w().session().result()->ctg_years)
        if (y.ctg == 0 && y.year == 2022)
            CHECK(w().ctg_text().contains(QStringLiteral("2022\n%1").arg(y.initiatives)));
    CHECK(w().ctg_text().contains(QStringLiteral("Données de démonstration")));
    CHECK(w().canvas()->frame() != before);
    w().zoom_to_territory();
    REQUIRE(wait_frame(w().canvas()));
    CHECK(w().canvas()->settings().focus_ctg.isEmpty());
}

TEST_CASE_METHOD(LoadedWindow, "the messages dock lists the run's warnings, as analyse prints them",
                 "[gui][messages]") {
    // The bundled study has none: an empty list that says so, and a plain dock title.
    MessagesPanel* panel = w().messages_panel();
    REQUIRE(panel);
    REQUIRE(run_messages(w().session().run()).items().empty());
    CHECK(panel->count() == 0);
    CHECK(panel->summary().contains(QStringLiteral("Aucun message")));
    CHECK(w().messages_dock()->windowTitle() == QStringLiteral("Messages"));
    CHECK_FALSE(w().status_text().contains(QStringLiteral("message(s)")));

    // The same study with a structure of an unknown type: one warning, named with its file and
    // line, in the dock, its title and the status line, like run_messages gives it.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QFile source(QString::fromStdString(test::source_data_dir() + "/drome_structures.csv"));
    REQUIRE(source.open(QIODevice::ReadOnly));
    QByteArray csv = source.readAll();
    const qsizetype at = csv.indexOf(",CS,");
    REQUIRE(at > 0);
    csv.replace(at, 4, ",MJC,");
    const QString csv_path = dir.filePath(QStringLiteral("structures_mjc.csv"));
    QFile out(csv_path);
    REQUIRE(out.open(QIODevice::WriteOnly));
    out.write(csv);
    out.close();
    const QString study = dir.filePath(QStringLiteral("mjc.toml"));
    QFile toml(study);
    REQUIRE(toml.open(QIODevice::WriteOnly));
    toml.write(("[territory]\ndepartement = \"26\"\n[layers]\nstructures = \"" +
                csv_path.toStdString() + "\"\n")
                   .c_str());
    toml.close();
    QSignalSpy ready(&w(), &MainWindow::study_ready);
    w().open_study(study);
    REQUIRE(ready.wait(120000));
    const Diagnostics expected = run_messages(w().session().run());
    REQUIRE(expected.items().size() >= 1);
    REQUIRE(panel->count() == static_cast<int>(expected.items().size()));
    bool found = false;
    for (int i = 0; i < panel->count(); ++i)
        found |= panel->row_text(i).startsWith(QStringLiteral("attention : ")) &&
                 panel->row_text(i).contains(QStringLiteral("« MJC » non reconnu")) &&
                 panel->row_text(i).contains(QStringLiteral("structures_mjc.csv, ligne "));
    CHECK(found);
    CHECK(panel->summary().contains(QStringLiteral("avertissement")));
    CHECK(w().messages_dock()->windowTitle() ==
          QStringLiteral("Messages (%1)").arg(expected.items().size()));
    CHECK(w().status_text().contains(
        QStringLiteral("%1 message(s)").arg(expected.items().size())));
}

TEST_CASE("the messages panel lists at most 10 000 rows and counts them all", "[gui][messages]") {
    Diagnostics many;
    for (int i = 0; i < 10005; ++i)
        many.warn("outside_territory", "hors du territoire étudié", "initiatives.csv",
                  "ligne " + std::to_string(i + 2));
    many.add(Severity::Error, "bad_layer", "couche illisible", "perimetres.csv");
    MessagesPanel panel;
    panel.show_messages(many);
    // The error, last in the run, is listed first (the cap never hides one), then the warnings
    // in their order.
    CHECK(panel.count() == 10000);
    CHECK(panel.row_text(0) == QStringLiteral("erreur : couche illisible — perimetres.csv"));
    CHECK(panel.row_text(1) == QStringLiteral("attention : hors du territoire étudié — "
                                              "initiatives.csv, ligne 2"));
    const auto fr_int = [](long long n) { return QString::fromStdString(fr::integer(n)); };
    CHECK(panel.summary().startsWith(QStringLiteral("1 erreur, ") + fr_int(10005) +
                                     QStringLiteral(" avertissements")));
    CHECK(panel.summary().contains(QStringLiteral("les ") + fr_int(10000) +
                                   QStringLiteral(" premiers sont listés")));
    CHECK(messages_title(many) == QStringLiteral("Messages (10006)"));
    // Errors alone: no « 0 avertissement »; control characters shown as the CLI shows them.
    Diagnostics one;
    one.add(Severity::Error, "bad_layer", "couche\tillisible\n", "x.csv");
    panel.show_messages(one);
    CHECK(panel.summary().startsWith(QStringLiteral("1 erreur (")));
    CHECK(panel.row_text(0) ==
          QStringLiteral("erreur : ") +
              QString::fromStdString(text::printable("couche\tillisible\n")) +
              QStringLiteral(" — x.csv"));
    panel.show_messages(Diagnostics{});
    CHECK(panel.count() == 0);
    CHECK(panel.summary().contains(QStringLiteral("Aucun message")));
}
