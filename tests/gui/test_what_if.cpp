// The map view's what-if mode, year selector and presentation slides (issue 13, items 2 and 3).
// Each case builds its own window: a hand-made territory whose figures are computed by hand, or
// the bundled Drôme study. Cases run alone, in any order.
#include "analysis/coverage.hpp"
#include "analysis/scenarios.hpp"
#include "ctg_panel.hpp"
#include "ctg_ranking_chart.hpp"
#include "format.hpp"
#include "gui_fixture.hpp"
#include "hit_tester.hpp"
#include "map_painter.hpp"
#include "presentation_view.hpp"
#include "what_if_actions.hpp"
#include "what_if_mode.hpp"
#include "year_selector.hpp"
#include "zones.hpp"

#include <QTemporaryDir>

#include <cmath>

using namespace tecsmap;
using namespace tecsmap::gui;
using tecsmap::test::LoadedWindow;
using tecsmap::test::wait_frame;

namespace {

constexpr double X0 = 800000, Y0 = 6400000; // Lambert-93, in the Drôme
constexpr double R = 3000;                  // coverage radius (m)

// Six 1 km squares on a line, apart from each other, so that a 3 km disc centred at (X0, Y0)
// holds A and B whole (farthest corner at √(1500² + 500²) ≈ 1581 m, even on GEOS's polygonal
// disc, whose inner radius is R cos(π/32) ≈ 2985 m) and misses C and D entirely (nearest point
// 3500 m away). E holds a centre social covering it; F is far from everything.
//   A [X0+500, X0+1500]   pop 1000   CTG 1
//   B [X0−1500, X0−500]   pop 2000   CTG 1
//   C [X0+3500, X0+4500]  pop 400    CTG 1
//   D [X0−5500, X0−4500]  pop 800    CTG 2
//   E [X0+10000, +11000]  pop 300    CTG 2 (the CS at its centre)
//   F [X0+20000, +21000]  pop 50     CTG 2
Territory six_squares() {
    auto sq = [](double x) { return test::square(X0 + x, Y0 - 500, 1000); };
    return test::make_territory({{"99001", sq(500), 1000, "200000001"},
                                 {"99002", sq(-1500), 2000, "200000001"},
                                 {"99003", sq(3500), 400, "200000001"},
                                 {"99004", sq(-5500), 800, "200000002"},
                                 {"99005", sq(10000), 300, "200000002"},
                                 {"99006", sq(20000), 50, "200000002"}});
}

Structure village_cs(const Territory& t) {
    Structure cs;
    cs.name = "CS du village E";
    cs.type = StructureType::CS;
    cs.category = "CS";
    cs.place = test::placed(t, {X0 + 10500, Y0});
    return cs;
}

// The map data of a run, as the map view builds it (fixed date for the page texts).
// The small territory under the rule « zones », its CS of E with the zone D + E + F, agreed
// over `agreement` (start, end; empty: undated).
StudyRun zoned_village_run(std::pair<std::string, std::string> agreement = {}) {
    Territory t = six_squares();
    StudyInputs in;
    Structure cs = village_cs(t);
    cs.zone_insee = {"99004", "99005", "99006"};
    cs.agreement_start = agreement.first;
    cs.agreement_end = agreement.second;
    in.structures.push_back(cs);
    in.zones = build_zones(in.structures, std::nullopt, t, in.rejects, in.diagnostics);
    in.has_zones = true;
    AnalysisParameters p;
    p.set(ParameterId::CoverageRadiusKm, R / 1000, {});
    p.set_coverage_rule(CoverageRule::Zones, ParameterOrigin::command_line("--coverage"));
    return test::make_run(std::move(t), std::move(in), p);
}

std::shared_ptr<const render::MapData> map_data_of(const StudyRun& run) {
    return std::make_shared<const render::MapData>(
        render::MapSource{run, nullptr, Cog::bundled().version(), "1 janvier 2026"});
}

// Pixels that differ between two frames of the same size (what a layer adds to a map).
int differing_pixels(const QImage& a, const QImage& b) {
    REQUIRE(a.size() == b.size());
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

struct SmallTerritory {
    SmallTerritory() {
        Territory t = six_squares();
        StudyInputs in;
        in.structures.push_back(village_cs(t));
        // Initiatives: one in 2023 (A), two in 2024 (B, C).
        const std::pair<double, int> initiatives[] = {{1000, 2023}, {-1000, 2024}, {4000, 2024}};
        for (const auto& [x, year] : initiatives) {
            Initiative i;
            i.title = "Initiative " + std::to_string(year);
            i.year = year;
            i.place = test::placed(t, {X0 + x, Y0});
            in.initiatives.push_back(i);
        }
        AnalysisParameters p;
        p.set(ParameterId::CoverageRadiusKm, R / 1000, {});
        run = test::make_run(std::move(t), std::move(in), p);
        data = map_data_of(run);
    }
    StudyRun run;
    std::shared_ptr<const render::MapData> data;
    std::size_t commune(const char* insee) const { return run.territory->commune_index(insee); }
};

/// A canvas showing the small territory, with the what-if mode on and its coverage built.
struct WhatIfWindow : SmallTerritory {
    WhatIfWindow() {
        canvas = std::make_unique<MapCanvas>();
        canvas->resize(900, 300);
        render::MapSettings s;
        s.style = test::bundled_style();
        canvas->set_settings(s);
        canvas->show();
        canvas->set_data(data);
        canvas->zoom_to(data->extent());
        mode = std::make_unique<WhatIfMode>(canvas.get());
        mode->set_data(data);
        mode->set_enabled(true);
        REQUIRE(wait_ready(*mode));
    }
    static bool wait_ready(const WhatIfMode& m, int ms = 60000) {
        QElapsedTimer t;
        t.start();
        while (!m.ready() && t.elapsed() < ms)
            QTest::qWait(10);
        return m.ready();
    }
    double uncovered(const char* insee) const { return mode->commune_uncovered()[commune(insee)]; }
    QPoint widget_at(double x, double y) const {
        return canvas->to_widget(QPointF(x, y)).toPoint();
    }
    std::unique_ptr<MapCanvas> canvas;
    std::unique_ptr<WhatIfMode> mode; // destroyed first: it leaves the canvas
};

/// A number as the map view writes it (thin spaces between thousands).
QString fr_people(double n) {
    return QString::fromStdString(fr::people(n));
}

/// Pixels of exactly this colour in an image.
int pixels_of(const QImage& img, QColor colour) {
    int n = 0;
    const QRgb want = colour.rgb();
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += (img.pixel(x, y) & 0xFFFFFF) == (want & 0xFFFFFF);
    return n;
}

} // namespace

TEST_CASE("what-if: a site added by a click covers exactly the communes within the radius",
          "[gui][whatif]") {
    WhatIfWindow w;
    // The run's figures: every commune uncovered but E.
    CHECK(w.mode->baseline_total() == 4250);
    CHECK(w.uncovered("99005") == 0);
    const std::vector<double> before = w.mode->commune_uncovered();

    QTest::mouseClick(w.canvas.get(), Qt::LeftButton, {}, w.widget_at(X0, Y0));
    REQUIRE(w.mode->sites().size() == 1);
    // A (1000) and B (2000) are now covered: 3000 fewer people, and nothing else moved.
    CHECK(w.uncovered("99001") == 0);
    CHECK(w.uncovered("99002") == 0);
    for (const char* other : {"99003", "99004", "99005", "99006"})
        CHECK(w.uncovered(other) == before[w.commune(other)]);
    CHECK(w.mode->total_uncovered() == 1250);
    const std::vector<double> ctg = w.mode->ctg_uncovered();
    REQUIRE(ctg.size() == 2);
    CHECK(ctg[0] == 400); // C only
    CHECK(ctg[1] == 850); // D 800 + F 50
    CHECK(w.mode->summary().contains(fr_people(1250) + QStringLiteral(" habitants non couverts")));
    CHECK(w.mode->summary().contains(QStringLiteral("−") + fr_people(3000)));
}

TEST_CASE("what-if: moving then removing a site restores the initial figures exactly",
          "[gui][whatif]") {
    WhatIfWindow w;
    const std::vector<double> initial = w.mode->commune_uncovered();
    const std::vector<double> initial_ctg = w.mode->ctg_uncovered();
    const auto id = w.mode->add_site(QPointF(X0, Y0));
    // Dragged (through the canvas tool) onto D's centre: D covered, A and B uncovered again.
    REQUIRE(w.mode->press(QPointF(X0, Y0), Qt::LeftButton));
    w.mode->move(QPointF(X0 - 2500, Y0));
    w.mode->release(QPointF(X0 - 5000, Y0));
    w.mode->flush();
    CHECK(w.uncovered("99004") == 0);
    CHECK(w.uncovered("99001") == 1000);
    CHECK(w.uncovered("99002") == 2000);
    CHECK(w.mode->total_uncovered() == 3450);
    // A right click on it removes it.
    QTest::mouseClick(w.canvas.get(), Qt::RightButton, {}, w.widget_at(X0 - 5000, Y0));
    CHECK(w.mode->sites().empty());
    CHECK(w.mode->commune_uncovered() == initial); // bit-identical
    CHECK(w.mode->ctg_uncovered() == initial_ctg);
    CHECK(w.mode->total_uncovered() == 4250);
    (void)id;
}

TEST_CASE("what-if under the zone rule: the situation is recomputed on a worker, zones leave "
          "with their structure and a new site covers by the radius",
          "[gui][whatif][zones]") {
    // The small territory, with the rule « zones »: the CS of E has the zone D + E + F. Today:
    // A 1 000, B 2 000, C 400 uncovered (3 400). A site at (X0, Y0) covers A and B whole by its
    // 3 km disc (it has no zone yet); taking the CS out uncovers its zone (D 800, E 300, F 50).
    const StudyRun run = zoned_village_run();
    const auto data = map_data_of(run);
    MapCanvas canvas;
    canvas.resize(900, 300);
    WhatIfMode mode(&canvas);
    mode.set_data(data, std::make_shared<const CommuneLocator>(*run.territory));
    mode.set_enabled(true);
    CHECK_FALSE(mode.incremental());
    REQUIRE(mode.ready()); // nothing to build: the analysis's own figures
    CHECK(mode.total_uncovered() == Approx(3400));
    auto settle = [&] {
        QElapsedTimer clock;
        clock.start();
        while (mode.computing() && clock.elapsed() < 60000)
            QTest::qWait(10);
        return !mode.computing();
    };
    auto uncovered = [&](const char* insee) {
        return mode.commune_uncovered()[run.territory->commune_index(insee)];
    };

    mode.add_site(QPointF(X0, Y0), QStringLiteral("EVS projeté"));
    REQUIRE(settle());
    CHECK(uncovered("99001") == Approx(0).margin(1e-6));
    CHECK(uncovered("99002") == Approx(0).margin(1e-6));
    CHECK(uncovered("99003") == Approx(400));
    CHECK(mode.total_uncovered() == Approx(400));

    REQUIRE(mode.toggle_structure(0));
    REQUIRE(settle());
    CHECK(uncovered("99004") == Approx(800));
    CHECK(uncovered("99005") == Approx(300));
    CHECK(uncovered("99006") == Approx(50));
    CHECK(mode.total_uncovered() == Approx(400 + 1150));
    const std::vector<double> ctg = mode.ctg_uncovered();
    REQUIRE(ctg.size() == 2);
    CHECK(ctg[0] + ctg[1] == Approx(1550));

    // Back to today: the analysis's figures exactly, without a search.
    mode.reset();
    CHECK_FALSE(mode.computing());
    for (std::size_t i = 0; i < run.result->communes.size(); ++i)
        CHECK(mode.commune_uncovered()[i] == run.result->communes[i].pop_uncovered);

    // An extended agreement: Shift+click on C adds it to the CS's zone (the nearest covering
    // structure with a zone); C is then wholly covered; the same gesture takes it back out.
    const std::size_t c = run.territory->commune_index("99003");
    QSignalSpy notices(&mode, &WhatIfMode::notice);
    REQUIRE(mode.extend_zone_at(QPointF(X0 + 4000, Y0)));
    REQUIRE(settle());
    REQUIRE(mode.zone_additions().size() == 1);
    CHECK(mode.zone_additions()[0].structure == 0);
    CHECK(mode.zone_additions()[0].communes == std::vector<std::size_t>{c});
    CHECK(uncovered("99003") == Approx(0).margin(1e-6));
    CHECK(mode.total_uncovered() == Approx(3000));
    REQUIRE(notices.count() == 1);
    CHECK(notices.at(0).at(0).toString().contains(QStringLiteral("ajoutée à")));
    const Scenario sc = mode.to_scenario(QStringLiteral("Agrément étendu"));
    REQUIRE(sc.extend.size() == 1);
    CHECK(sc.extend[0].structure == "CS du village E");
    CHECK(sc.extend[0].communes == std::vector<std::string>{"99003"});
    REQUIRE(mode.extend_zone_at(QPointF(X0 + 4000, Y0)));
    REQUIRE(settle());
    CHECK(mode.zone_additions().empty());
    CHECK(mode.total_uncovered() == Approx(3400));

    // A change undone at once: a late result of the superseded computation is dropped (it
    // would show the CS's zone uncovered again).
    for (int i = 0; i < 20; ++i) {
        REQUIRE(mode.toggle_structure(0));
        QTest::qWait(i % 5); // let the worker finish sometimes before the reset
        mode.reset();
    }
    QTest::qWait(200);
    CHECK_FALSE(mode.computing());
    CHECK(mode.total_uncovered() == Approx(3400));
}

TEST_CASE("what-if: a structure the year selector hides has its zone neither drawn nor extended",
          "[gui][whatif][zones][years]") {
    // The CS of E, zone D + E + F, agreed 2021–2022. In 2023 the year selector hides it and
    // its zone: Shift+click on C finds no structure to extend; in 2022 it extends the CS's.
    const StudyRun run = zoned_village_run({"2021-01-01", "2022-12-31"});
    const auto data = map_data_of(run);
    MapCanvas canvas;
    canvas.resize(900, 300);
    canvas.set_data(data);
    WhatIfMode mode(&canvas);
    mode.set_data(data, std::make_shared<const CommuneLocator>(*run.territory));
    mode.set_enabled(true);
    render::MapSettings s = canvas.settings();
    s.year_filter = 2023;
    canvas.set_settings(s);
    QSignalSpy notices(&mode, &WhatIfMode::notice);
    CHECK_FALSE(mode.extend_zone_at(QPointF(X0 + 4000, Y0)));
    CHECK(mode.zone_additions().empty());
    REQUIRE(notices.count() == 1);
    CHECK(notices.at(0).at(0).toString().contains(QStringLiteral("aucune structure")));
    s.year_filter = 2022;
    canvas.set_settings(s);
    CHECK(mode.extend_zone_at(QPointF(X0 + 4000, Y0)));
    REQUIRE(mode.zone_additions().size() == 1);
    CHECK(mode.zone_additions()[0].structure == 0);
}

TEST_CASE("what-if under the distance rule: zones cannot be extended, and it says so",
          "[gui][whatif][zones]") {
    SmallTerritory small;
    MapCanvas canvas;
    WhatIfMode mode(&canvas);
    mode.set_data(small.data, std::make_shared<const CommuneLocator>(*small.run.territory));
    CHECK_FALSE(mode.ready()); // not enabled yet: the incremental engine is built when it is
    mode.set_enabled(true);
    REQUIRE(WhatIfWindow::wait_ready(mode));
    CHECK(mode.incremental());
    CHECK_FALSE(mode.zones_editable());
    QSignalSpy notices(&mode, &WhatIfMode::notice);
    CHECK_FALSE(mode.extend_zone_at(QPointF(X0 + 4000, Y0)));
    REQUIRE(notices.count() == 1);
    CHECK(notices.at(0).at(0).toString().contains(QStringLiteral("zones")));
    CHECK_FALSE(mode.toggle_zone_commune(0, 0));
}

TEST_CASE("what-if: the selected site goes with Delete, a clicked structure leaves coverage",
          "[gui][whatif]") {
    WhatIfWindow w;
    w.mode->add_site(QPointF(X0, Y0));
    w.canvas->setFocus();
    QTest::keyClick(w.canvas.get(), Qt::Key_Delete);
    CHECK(w.mode->sites().empty());
    CHECK(w.mode->total_uncovered() == 4250);
    // Clicking the CS of E takes it out: E's 300 people are uncovered; clicking again puts it
    // back.
    QTest::mouseClick(w.canvas.get(), Qt::LeftButton, {}, w.widget_at(X0 + 10500, Y0));
    CHECK(w.mode->removed_structures() == std::vector<std::size_t>{0});
    CHECK(w.uncovered("99005") == 300);
    CHECK(w.mode->total_uncovered() == 4550);
    QTest::mouseClick(w.canvas.get(), Qt::LeftButton, {}, w.widget_at(X0 + 10500, Y0));
    CHECK(w.mode->removed_structures().empty());
    CHECK(w.mode->total_uncovered() == 4250);
    // The scenario names the structure taken out and places the sites by coordinates.
    w.mode->add_site(QPointF(X0 + 123.5, Y0 - 77.25), QStringLiteral("EVS en projet"));
    w.mode->toggle_structure(0);
    const Scenario sc = w.mode->to_scenario(QStringLiteral("Essai"));
    CHECK(sc.remove == std::vector<std::string>{"CS du village E"});
    REQUIRE(sc.add.size() == 1);
    CHECK(*sc.add[0].x == X0 + 123.5);
    CHECK(*sc.add[0].y == Y0 - 77.25);
    CHECK(sc.add[0].name == "EVS en projet");
}

TEST_CASE("what-if: drawing over the map, and a mode turned off gives the clicks back",
          "[gui][whatif]") {
    WhatIfWindow w;
    REQUIRE(wait_frame(w.canvas.get()));
    const QImage plain = w.canvas->grab().toImage();
    w.mode->add_site(QPointF(X0, Y0));
    const QImage with_site = w.canvas->grab().toImage();
    CHECK(with_site != plain); // disc, marker and the tint of A and B
    w.mode->set_enabled(false);
    CHECK(w.canvas->tool() == nullptr);
    QSignalSpy clicked(w.canvas.get(), &MapCanvas::clicked);
    QTest::mouseClick(w.canvas.get(), Qt::LeftButton, {}, w.widget_at(X0 + 4000, Y0));
    CHECK(clicked.count() == 1);
    CHECK(w.mode->sites().size() == 1);
}

TEST_CASE("year selector: the years of the initiatives, and the filter changes those drawn",
          "[gui][years]") {
    SmallTerritory small;
    YearSelector years;
    years.set_data(*small.data);
    REQUIRE(years.count() == 3);
    CHECK(years.itemText(0) == QStringLiteral("Toutes les années"));
    CHECK(years.itemText(1) == QStringLiteral("2024")); // latest first
    CHECK(years.itemText(2) == QStringLiteral("2023"));
    CHECK_FALSE(years.select(2019));

    MapCanvas canvas;
    canvas.resize(900, 300);
    canvas.show();
    render::MapSettings s;
    s.style = test::bundled_style();
    s.theme = render::Theme::Structures;
    s.overlay_initiatives = true;
    canvas.set_data(small.data);
    canvas.zoom_to(small.data->extent());
    auto frame = [&](std::optional<int> year, bool initiatives) {
        s.year_filter = year;
        s.layers.initiatives = initiatives;
        canvas.set_settings(s);
        REQUIRE(wait_frame(&canvas));
        return canvas.frame();
    };
    // The pixels the initiatives change, against the same map without them.
    const QImage without = frame(std::nullopt, false);
    auto drawn = [&](std::optional<int> year) {
        return differing_pixels(frame(year, true), without);
    };
    QSignalSpy changed(&years, &YearSelector::year_changed);
    REQUIRE(years.select(2024));
    REQUIRE(changed.count() == 1);
    CHECK(changed.at(0).at(0).value<std::optional<int>>() == std::optional<int>(2024));
    const int all = drawn(std::nullopt), in_2024 = drawn(2024), in_2023 = drawn(2023);
    const int in_2019 = drawn(2019);
    // Three markers of the same size, two of them in 2024, one in 2023 (a marker's exact
    // colour pixels vary by a few with its sub-pixel position).
    CHECK(in_2023 > 0);
    CHECK(in_2023 < in_2024);
    CHECK(in_2024 < all);
    CHECK(std::abs(in_2023 + in_2024 - all) <= all / 10);
    CHECK(in_2019 == 0);
}

TEST_CASE("year selector: structures are drawn in the years their agreement runs",
          "[gui][years]") {
    // The CS of E is undated (always drawn); an EVS in F is agreed from 2023 to 2024.
    Territory t = six_squares();
    StudyInputs in;
    in.structures.push_back(village_cs(t));
    Structure evs;
    evs.name = "EVS de F";
    evs.type = StructureType::EVS;
    evs.category = "EVS";
    evs.agreement_start = "2023-01-01";
    evs.agreement_end = "2024-12";
    evs.place = test::placed(t, {X0 + 20500, Y0});
    in.structures.push_back(evs);
    AnalysisParameters p;
    p.set(ParameterId::CoverageRadiusKm, R / 1000, {});
    const StudyRun run = test::make_run(std::move(t), std::move(in), p);
    const auto data = map_data_of(run);
    MapCanvas canvas;
    canvas.resize(900, 300);
    canvas.show();
    render::MapSettings s;
    s.style = test::bundled_style();
    s.theme = render::Theme::Structures;
    canvas.set_data(data);
    canvas.zoom_to(data->extent());
    auto frame = [&](std::optional<int> year, bool structures) {
        s.year_filter = year;
        s.layers.structures = structures;
        canvas.set_settings(s);
        REQUIRE(wait_frame(&canvas));
        return canvas.frame();
    };
    const QImage none = frame(std::nullopt, false);
    auto drawn = [&](std::optional<int> year) {
        return differing_pixels(frame(year, true), none);
    };
    const int all = drawn(std::nullopt);
    const int in_2022 = drawn(2022), in_2023 = drawn(2023), in_2024 = drawn(2024),
              in_2025 = drawn(2025);
    CHECK(in_2022 > 0);        // the undated CS
    CHECK(in_2022 < all);      // without the EVS
    CHECK(in_2025 == in_2022); // the EVS's agreement has ended
    CHECK(in_2023 == all);
    CHECK(in_2024 == all);

    // A click picks only a structure drawn that year: on the EVS in 2022, the commune under it.
    const HitTester hits(run.territory, run.inputs,
                         std::make_shared<const CommuneLocator>(*run.territory));
    const QPointF on_evs(X0 + 20500, Y0);
    CHECK(hits.at(on_evs, 50).kind == HitTester::Hit::Kind::Structure);
    CHECK(hits.at(on_evs, 50, 2023).kind == HitTester::Hit::Kind::Structure);
    CHECK(hits.at(on_evs, 50, 2023).index == 1);
    const HitTester::Hit in_2022_hit = hits.at(on_evs, 50, 2022);
    CHECK(in_2022_hit.kind == HitTester::Hit::Kind::Commune);
    CHECK(in_2022_hit.index == run.territory->commune_index("99006"));
}

TEST_CASE_METHOD(LoadedWindow, "the year selector of the main window sets the map's year",
                 "[gui][years]") {
    YearSelector* years = w().years();
    REQUIRE(years->count() >= 1);
    CHECK(years->itemText(0) == QStringLiteral("Toutes les années"));
    if (years->count() > 1) {
        const int year = years->itemData(1).toInt();
        years->setCurrentIndex(1);
        CHECK(w().canvas()->settings().year_filter == std::optional<int>(year));
        CHECK(w().canvas()->settings().year == std::optional<int>(year));
    }
    years->setCurrentIndex(0);
    CHECK_FALSE(w().canvas()->settings().year_filter.has_value());
}

TEST_CASE("presentation: overview, CTG ranking and year comparison before the CTG slides",
          "[gui][presentation]") {
    SmallTerritory small;
    PresentationView view(small.data, test::bundled_style(), nullptr, 2024);
    view.resize(1200, 700);
    view.show();
    REQUIRE(view.count() == 3 + 2);
    CHECK(view.kind(0) == PresentationView::Slide::Overview);
    CHECK(view.kind(1) == PresentationView::Slide::Ranking);
    CHECK(view.kind(2) == PresentationView::Slide::Years);
    CHECK(view.kind(3) == PresentationView::Slide::Ctg);
    CHECK(view.kind(4) == PresentationView::Slide::Ctg);
    // Overview: the whole territory's figures (4 250 people uncovered of 4 550).
    CHECK(view.current() == 0);
    CHECK(view.figures_text().contains(fr_people(4550)));
    CHECK(view.figures_text().contains(fr_people(4250)));
    // Ranking: CTG 1 (3 400 / 3 400 uncovered) before CTG 2 (850 / 1 150).
    QTest::keyClick(&view, Qt::Key_Right);
    CHECK(view.current() == 1);
    const auto& rows = view.chart()->rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].uncovered_share == Approx(1.0));
    CHECK(rows[1].uncovered_share == Approx(850.0 / 1150.0));
    CHECK(view.chart()->isVisible());
    const QImage chart = view.chart()->grab().toImage();
    CHECK(pixels_of(chart, QColor(203, 24, 29)) > 100); // the bars are drawn
    // Years: 2024 against 2023, per CTG (CTG 1: 1 then 2; CTG 2: none).
    QTest::keyClick(&view, Qt::Key_Right);
    CHECK(view.current() == 2);
    CHECK(view.title_text().contains(QStringLiteral("2024 par rapport à 2023")));
    CHECK(view.canvas()->settings().theme == render::Theme::Evolution);
    CHECK(view.figures_text().contains(QStringLiteral("<b>+1</b>")));
    // Then the first CTG.
    QTest::keyClick(&view, Qt::Key_Right);
    CHECK(view.kind(view.current()) == PresentationView::Slide::Ctg);
    CHECK(view.title_text().startsWith(small.data->ctgs()[0].name));
}

TEST_CASE_METHOD(LoadedWindow,
                 "saving the what-if as a scenario writes a [[scenario]] that "
                 "resolve_scenarios reads back with the same sites",
                 "[gui][whatif]") {
    WhatIfActions* actions = w().what_if();
    actions->toggle()->setChecked(true);
    WhatIfMode* mode = actions->mode();
    REQUIRE(WhatIfWindow::wait_ready(*mode));
    const Territory& t = *w().session().territory();
    const StudyInputs& in = *w().session().inputs();
    const XY a = t.communes[t.commune_index("26113")].representative; // Die
    const XY b{a.x + 12345.5, a.y - 6789.25};
    mode->add_site(QPointF(a.x, a.y), QStringLiteral("EVS de Die (projet)"));
    mode->add_site(QPointF(b.x, b.y));
    // Take out the first covering structure whose name is unique.
    std::size_t taken = in.structures.size();
    for (std::size_t i = 0; i < in.structures.size() && taken == in.structures.size(); ++i) {
        const auto same =
            std::count_if(in.structures.begin(), in.structures.end(),
                          [&](const Structure& s) { return s.name == in.structures[i].name; });
        if (same == 1 && mode->toggle_structure(i))
            taken = i;
    }
    REQUIRE(taken < in.structures.size());
    CHECK(w().status_text().contains(QStringLiteral("Et si…")));
    CHECK(w().ctg_panel()->row_text(0).contains(QStringLiteral("non couverts")));

    QTemporaryDir dir;
    const QString path = dir.filePath("etude.toml");
    save_study(w().session().study(), path.toStdString()); // a copy of the study to append to
    REQUIRE(actions->save_scenario_to(path, QStringLiteral("Deux EVS")));
    const Study saved = load_study(path.toStdString());
    const auto it = std::find_if(saved.scenarios.begin(), saved.scenarios.end(),
                                 [](const Scenario& s) { return s.name == "Deux EVS"; });
    REQUIRE(it != saved.scenarios.end());
    REQUIRE(it->add.size() == 2);
    const auto resolved = resolve_scenarios(saved, t, in.structures);
    const auto r = std::find_if(resolved.begin(), resolved.end(),
                                [](const ResolvedScenario& s) { return s.name == "Deux EVS"; });
    REQUIRE(r != resolved.end());
    REQUIRE(r->add.size() == 2);
    CHECK(r->add[0].xy.x == Approx(a.x).margin(1e-3));
    CHECK(r->add[0].xy.y == Approx(a.y).margin(1e-3));
    CHECK(r->add[0].name == "EVS de Die (projet)");
    CHECK(r->add[1].xy.x == Approx(b.x).margin(1e-3));
    CHECK(r->add[1].xy.y == Approx(b.y).margin(1e-3));
    CHECK(r->remove == std::vector<std::size_t>{taken});
    // A name already taken is refused with a message, and the file keeps one such scenario.
    QSignalSpy failed(actions, &WhatIfActions::failed);
    CHECK_FALSE(actions->save_scenario_to(path, QStringLiteral("Deux EVS")));
    REQUIRE(failed.count() == 1);
    CHECK(failed.at(0).at(0).toString().contains(QStringLiteral("Deux EVS")));
    const Study again = load_study(path.toStdString());
    CHECK(std::count_if(again.scenarios.begin(), again.scenarios.end(),
                        [](const Scenario& s) { return s.name == "Deux EVS"; }) == 1);
}

TEST_CASE("what-if stress: 200 rapid moves are coalesced, then the window closes cleanly",
          "[gui][whatif][stress]") {
    auto w = std::make_unique<LoadedWindow>();
    WhatIfActions* actions = w->w().what_if();
    actions->toggle()->setChecked(true);
    WhatIfMode* mode = actions->mode();
    REQUIRE(WhatIfWindow::wait_ready(*mode));
    const Territory& t = *w->w().session().territory();
    const XY centre = t.communes[t.commune_index("26362")].representative; // Valence
    const auto id = mode->add_site(QPointF(centre.x, centre.y));
    const int after_add = mode->updates_applied();
    QPointF last;
    for (int burst = 0; burst < 20; ++burst) {
        for (int k = 0; k < 10; ++k) {
            const int step = burst * 10 + k;
            last = QPointF(centre.x + 300.0 * (step % 37) - 5000, centre.y + 250.0 * (step % 23));
            mode->move_site(id, last);
        }
        QCoreApplication::processEvents(); // one update per burst: the latest position
    }
    CHECK(mode->updates_applied() - after_add <= 20); // not 200
    mode->flush();
    CHECK(mode->updates_applied() - after_add >= 1);
    // The live figures equal a full recomputation with the site at its last position.
    std::vector<XY> sites;
    const StudyInputs& in = *w->w().session().inputs();
    const auto& covers = w->w().session().result()->structure_covers;
    for (std::size_t i = 0; i < in.structures.size(); ++i)
        if (in.structures[i].place.xy && covers[i])
            sites.push_back(*in.structures[i].place.xy);
    sites.push_back({last.x(), last.y()});
    const CoverageResult full =
        compute_coverage(t, sites, w->w().session().parameters().coverage_radius_m());
    CHECK(mode->commune_uncovered() == full.pop_uncovered);
    // Pending moves, then the window closes at once.
    for (int k = 0; k < 50; ++k)
        mode->move_site(id, QPointF(centre.x + 100.0 * k, centre.y));
    w->window->close();
    w.reset();
    QTest::qWait(50);
    SUCCEED("closed with pending moves");
}
