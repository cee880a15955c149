// The map view as a commission member uses it, under QT_QPA_PLATFORM=offscreen.
#include "feature_info.hpp"
#include "fixtures.hpp"
#include "layer_panel.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"
#include "presentation_view.hpp"

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTest>

using namespace tecsmap;
using namespace tecsmap::gui;

namespace {

// Waits until the canvas has drawn the current view (or fails after `ms`).
bool wait_frame(MapCanvas* canvas, int ms = 20000) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        QTest::qWait(20);
        if (canvas->up_to_date() && !canvas->frame().isNull())
            return true;
    }
    return false;
}

// One window with the default study, shared by the tests (loading takes a moment).
MainWindow& window() {
    static MainWindow* w = [] {
        auto* win = new MainWindow();
        win->resize(1400, 900);
        win->show();
        QSignalSpy ready(win, &MainWindow::study_ready);
        win->open_study(QString::fromStdString(test::source_data_dir() + "/drome.toml"));
        REQUIRE(ready.wait(60000));
        REQUIRE(wait_frame(win->canvas()));
        return win;
    }();
    return *w;
}

int count_colours(const QImage& img) {
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7)
            colours.insert(img.pixel(x, y));
    return colours.size();
}

} // namespace

TEST_CASE("the default study loads and the map is drawn", "[gui]") {
    MainWindow& w = window();
    CHECK(w.session().territory()->communes.size() == 362);
    CHECK(count_colours(w.canvas()->frame()) > 20);
    CHECK(count_colours(w.grab().toImage()) > 20); // what --screenshot saves
}

TEST_CASE("toggling a layer changes the canvas", "[gui]") {
    MainWindow& w = window();
    w.zoom_to_territory();
    REQUIRE(wait_frame(w.canvas()));
    const QImage before = w.canvas()->frame();
    w.layer_panel()->set_visible("gaps", false);
    REQUIRE(wait_frame(w.canvas()));
    const QImage without = w.canvas()->frame();
    CHECK(without != before);
    w.layer_panel()->set_visible("gaps", true);
    REQUIRE(wait_frame(w.canvas()));
    CHECK(w.canvas()->frame() == before);
}

TEST_CASE("clicking a commune shows its name and figures", "[gui]") {
    MainWindow& w = window();
    w.zoom_to_territory();
    REQUIRE(wait_frame(w.canvas()));
    const Territory& t = *w.session().territory();
    const Commune& die = t.communes[t.commune_index("26113")]; // Die
    const QPointF at = w.canvas()->to_widget(QPointF(die.representative.x, die.representative.y));
    QTest::mouseClick(w.canvas(), Qt::LeftButton, {}, at.toPoint());
    CHECK(w.info_text().contains(QStringLiteral("Die")));
    CHECK(w.info_text().contains(QStringLiteral("26113")));
    CHECK(w.info_text().contains(QStringLiteral("Population")));
}

TEST_CASE("changing the radius re-runs the analysis and updates the indicators", "[gui]") {
    MainWindow& w = window();
    const Territory& t = *w.session().territory();
    const int diois = static_cast<int>(t.ctg_index("242600534")); // CC du Diois
    REQUIRE(diois >= 0);
    w.select_ctg(diois);
    const QString before = w.ctg_text();
    const double uncovered_before = w.session().result()->ctgs[diois].pop_uncovered;
    QSignalSpy ready(&w, &MainWindow::study_ready);
    w.set_parameters(20.5, 5, 3);
    REQUIRE(ready.wait(60000));
    CHECK(w.session().parameters().coverage_radius_km() == 20.5);
    CHECK(w.session().result()->ctgs[diois].pop_uncovered < uncovered_before);
    CHECK(w.ctg_text() != before);
    // toPlainText() turns the narrow no-break space into a plain space.
    CHECK(w.ctg_text().contains(QStringLiteral("plus de 20,5 km")));
    // Back to the default for the other tests.
    w.set_parameters(10, 5, 3);
    REQUIRE(ready.wait(60000));
}

TEST_CASE("presentation mode: next and previous CTG from the keyboard", "[gui]") {
    MainWindow& w = window();
    PresentationView* view = w.start_presentation();
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

TEST_CASE("a dropped file that cannot be used gives an error naming it", "[gui]") {
    MainWindow& w = window();
    const std::string bad = test::write_file("sans_colonnes.csv", "foo;bar\n1;2\n");
    QSignalSpy failed(&w.session(), &StudySession::failed);
    w.add_layer_file(QString::fromStdString(bad), "initiatives");
    REQUIRE(failed.wait(30000));
    CHECK(w.last_error().contains(QStringLiteral("sans_colonnes.csv")));
    CHECK(w.session().territory()->communes.size() == 362); // the open study is untouched
}

TEST_CASE("switching theme needs no new analysis", "[gui]") {
    MainWindow& w = window();
    const auto result = w.session().result();
    QSignalSpy frames(w.canvas(), &MapCanvas::frame_rendered);
    w.set_theme(render::Theme::Hotspots);
    REQUIRE(frames.wait(20000));
    CHECK(w.session().result() == result);
    CHECK(w.canvas()->settings().theme == render::Theme::Hotspots);
    w.set_theme(render::Theme::Gaps);
    REQUIRE(wait_frame(w.canvas()));
}
