// The map view's mode « Accès (temps) » (issue 12) on the hand-made accessibility study
// (tests/core/access/hand_study.hpp): the mode is offered only with a road network, colours
// the map, and a click tells the minutes worked out by hand (C's centre: 22 min by road to the
// « Centre social du Val »; the cell g3: 14 km of road + 100 m walked = 15,3 min).
#include "access_fixtures.hpp"
#include "access_info.hpp"
#include "gui_fixture.hpp"
#include "hand_study.hpp"
#include "layer_panel.hpp"

#include <QAction>
#include <QDoubleSpinBox>
#include <QTemporaryDir>

using namespace tecsmap;
using namespace tecsmap::gui;
using tecsmap::test::wait_frame;

namespace {

QAction* access_action(MainWindow& w, const QString& text = QStringLiteral("Accès (temps)")) {
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text)
            return a;
    return nullptr;
}

// A window with the hand study (by time, isochrones 10 and 20 min) loaded. Its road graph is
// cached where every run caches it (the test's HOME): the process environment, shared by the
// other cases of a whole-binary run, is left alone.
struct HandWindow {
    HandWindow() {
        REQUIRE(dir.isValid());
        test::write_hand_study(dir.path().toStdString());
        window = std::make_unique<MainWindow>();
        window->resize(1200, 800);
        window->show();
        QSignalSpy ready(window.get(), &MainWindow::study_ready);
        window->open_study(dir.path() + "/acces-temps.toml");
        REQUIRE(ready.wait(120000));
        REQUIRE(wait_frame(window->canvas()));
    }
    MainWindow& w() { return *window; }
    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
};

// The info panel's text, every run of spaces (thin and no-break ones included) as one space.
QString info(MainWindow& w) {
    QString text = w.info_text();
    text.replace(QChar(0x202F), u' ').replace(QChar(0x00A0), u' ');
    return text.simplified();
}

// Map coordinates of the hand study (metres from its origin, Lambert-93).
QPointF at(double dx, double dy) {
    return {test::X0 + dx, test::Y0 + dy};
}

} // namespace

TEST_CASE_METHOD(test::LoadedWindow, "the access mode is greyed out without a road network",
                 "[gui][access]") {
    QAction* a = access_action(w());
    REQUIRE(a);
    CHECK_FALSE(a->isEnabled());
    QAction* index = access_action(w(), QStringLiteral("Accès (E2SFCA)"));
    REQUIRE(index);
    CHECK_FALSE(index->isEnabled());
    CHECK_FALSE(w().session().map_data()->has_access());
}

TEST_CASE_METHOD(HandWindow, "the access mode colours the map by minutes and clicks tell them",
                 "[gui][access]") {
    QAction* a = access_action(w());
    REQUIRE(a);
    REQUIRE(a->isEnabled());
    REQUIRE(w().session().map_data()->has_access());
    CHECK(w().status_text().contains(QStringLiteral("par la route")));

    const QImage coverage = w().canvas()->frame();
    w().set_theme(render::Theme::Access);
    REQUIRE(wait_frame(w().canvas()));
    const QImage access = w().canvas()->frame();
    CHECK(access != coverage);

    // Isochrones toggle: the frame changes and comes back.
    w().layer_panel()->set_visible("isochrones", false);
    REQUIRE(wait_frame(w().canvas()));
    CHECK(w().canvas()->frame() != access);
    w().layer_panel()->set_visible("isochrones", true);
    REQUIRE(wait_frame(w().canvas()));
    CHECK(w().canvas()->frame() == access);

    // A click on commune C's centre, away from any cell: its figures from its centre.
    w().canvas()->zoom_to(QRectF(at(19000, -2500), at(27000, 2500)));
    REQUIRE(wait_frame(w().canvas()));
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {},
                      w().canvas()->to_widget(at(24500, 500)).toPoint());
    INFO(w().info_text().toStdString());
    CHECK(w().info_text().contains(QStringLiteral("26003")));
    CHECK(w().info_text().contains(QStringLiteral("Centre social du Val")));
    CHECK(info(w()).contains(QStringLiteral("Temps par la route 22 min")));
    CHECK(w().info_text().contains(QStringLiteral("Vitesses")));

    // A click on the cell g3 (in B, 14 km of road and 100 m walked): the cell's figures.
    w().canvas()->zoom_to(QRectF(at(14000, 0), at(16000, 2000)));
    REQUIRE(wait_frame(w().canvas()));
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {},
                      w().canvas()->to_widget(at(15000, 1100)).toPoint());
    INFO(w().info_text().toStdString());
    CHECK(w().info_text().contains(QStringLiteral("Carreau habité")));
    CHECK(info(w()).contains(QStringLiteral("Temps par la route 15,3 min")));
    CHECK(info(w()).contains(QStringLiteral("Couvert non")));
    CHECK(info(w()).contains(QStringLiteral("Longueur du trajet 14 km de route")));

    // Mode « Accès (E2SFCA) »: enabled with roads, another picture, the cell's index on click.
    QAction* index = access_action(w(), QStringLiteral("Accès (E2SFCA)"));
    REQUIRE(index);
    CHECK(index->isEnabled());
    const QImage by_minutes = w().canvas()->frame();
    w().set_theme(render::Theme::AccessIndex);
    REQUIRE(wait_frame(w().canvas()));
    CHECK(w().canvas()->frame() != by_minutes);
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {},
                      w().canvas()->to_widget(at(15000, 1100)).toPoint());
    CHECK(w().info_text().contains(QStringLiteral("Carreau habité")));
    CHECK(w().info_text().contains(QStringLiteral("E2SFCA")));

    // Out of the access modes, the same click describes the commune.
    w().set_theme(render::Theme::Gaps);
    REQUIRE(wait_frame(w().canvas()));
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {},
                      w().canvas()->to_widget(at(15000, 1100)).toPoint());
    INFO(w().info_text().toStdString());
    CHECK(w().info_text().contains(QStringLiteral("26002")));
    CHECK(info(w()).contains(QStringLiteral("Surface couverte (15 min par la route)")));

    // The parameter bar shows minutes (not the radius): 16 minutes cover g3, B is covered.
    const Territory& t = *w().session().territory();
    const std::size_t B = t.commune_index("26002");
    CHECK(w().session().map_data()->result().communes[B].pop_uncovered > 0);
    auto* minutes = w().findChild<QDoubleSpinBox*>("minutes");
    REQUIRE(minutes);
    CHECK(minutes->value() == 15);
    QSignalSpy ready(window.get(), &MainWindow::study_ready);
    minutes->setValue(16);
    REQUIRE(ready.wait(120000));
    CHECK(w().session().parameters().coverage_minutes() == 16);
    CHECK(w().session().map_data()->result().communes[B].pop_uncovered == 0);
}
