// The what-if panel (issue 13, item 2) in the map view: a hypothetical structure placed by a
// click updates the uncovered population per CTG — equal to a full coverage recomputation with
// that site added —, removing it gives today's figures back, suggestions load as sites, and the
// sites are saved in a study file as a [[scenario]]; the year selector of the evolution map.
#include "analysis/coverage.hpp"
#include "gui_fixture.hpp"
#include "map_canvas.hpp"
#include "study.hpp"
#include "what_if_mode.hpp"
#include "whatif_panel.hpp"

#include <QComboBox>
#include <QFile>
#include <QTemporaryDir>

using namespace tecsmap;
using namespace tecsmap::gui;
using tecsmap::test::LoadedWindow;

namespace {

// Uncovered population per CTG by a full recomputation: covering structures + `extra`.
std::vector<double> full_ctg_uncovered(const StudyRun& run, const std::vector<XY>& extra) {
    std::vector<XY> sites;
    for (std::size_t k = 0; k < run.inputs->structures.size(); ++k)
        if (run.result->structure_covers[k])
            sites.push_back(*run.inputs->structures[k].place.xy);
    sites.insert(sites.end(), extra.begin(), extra.end());
    const CoverageResult full =
        compute_coverage(*run.territory, sites, run.parameters.coverage_radius_m());
    std::vector<double> ctg(run.territory->ctgs.size(), 0.0);
    for (std::size_t i = 0; i < run.territory->communes.size(); ++i)
        ctg[run.territory->communes[i].ctg] += full.pop_uncovered[i];
    return ctg;
}

bool wait_ready(const WhatIfPanel* panel, int ms = 60000) {
    QElapsedTimer t;
    t.start();
    while (!panel->mode()->ready() && t.elapsed() < ms)
        QTest::qWait(10);
    return panel->mode()->ready();
}

} // namespace

TEST_CASE_METHOD(LoadedWindow, "what-if: a site placed by a click updates the CTG figures",
                 "[gui][whatif]") {
    WhatIfPanel* panel = w().whatif_panel();
    REQUIRE(panel);
    const StudyRun& run = w().session().run();
    const double today = panel->pop_uncovered();
    double expected_today = 0;
    for (const CtgIndicators& c : run.result->ctgs)
        expected_today += c.pop_uncovered;
    CHECK(today == Approx(expected_today));

    // Clansayes (26093): far from every structure in the south of the Drôme.
    const Territory& t = *run.territory;
    const Commune& c = t.communes[t.commune_index("26093")];
    panel->set_placing(true);
    REQUIRE(wait_ready(panel));
    const QPointF at = w().canvas()->to_widget(QPointF(c.representative.x, c.representative.y));
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {}, at.toPoint());
    REQUIRE(panel->site_count() == 1);
    const Scenario sc = panel->scenario(QStringLiteral("essai"));
    REQUIRE(sc.add.size() == 1);
    CHECK(sc.add[0].name == "Site 1 : Clansayes");
    const XY placed{*sc.add[0].x, *sc.add[0].y};
    CHECK(std::hypot(placed.x - c.representative.x, placed.y - c.representative.y) < 1000);
    const std::vector<double> got = panel->ctg_pop_uncovered();
    const std::vector<double> want = full_ctg_uncovered(run, {placed});
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k)
        CHECK(got[k] == Approx(want[k]).margin(1e-6));
    CHECK(panel->pop_uncovered() < today - 1000); // thousands newly covered around Clansayes

    // Not placing: a click describes the commune again, no site added.
    panel->set_placing(false);
    QTest::mouseClick(w().canvas(), Qt::LeftButton, {}, at.toPoint());
    CHECK(panel->site_count() == 1);
    CHECK(w().info_text().contains(QStringLiteral("Clansayes")));

    panel->remove_site(0);
    CHECK(panel->site_count() == 0);
    CHECK(panel->pop_uncovered() == Approx(today));
}

TEST_CASE_METHOD(LoadedWindow, "what-if: the sites are saved in a study file as a scenario",
                 "[gui][whatif]") {
    WhatIfPanel* panel = w().whatif_panel();
    panel->set_placing(true);
    REQUIRE(wait_ready(panel));
    const Territory& t = *w().session().territory();
    const XY a = t.communes[t.commune_index("26146")].representative; // Grignan
    panel->add_site(QPointF(a.x, a.y), QStringLiteral("EVS de Grignan"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("etude.toml"));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("# ma commission\n[territory]\ndepartement = \"26\"\n");
    f.close();
    CHECK(panel->save_to_study(path, QStringLiteral("Grignan")).isEmpty());
    const Study back = load_study(path.toStdString());
    REQUIRE(back.scenarios.size() == 1);
    CHECK(back.scenarios[0].name == "Grignan");
    REQUIRE(back.scenarios[0].add.size() == 1);
    CHECK(*back.scenarios[0].add[0].x == a.x);
    CHECK(back.scenarios[0].add[0].name == "EVS de Grignan");
    // A name already taken: a French message, the file unchanged.
    CHECK(panel->save_to_study(path, QStringLiteral("Grignan"))
              .contains(QStringLiteral("existe déjà")));
    CHECK(load_study(path.toStdString()).scenarios.size() == 1);
    // The default study has no [suggest] new: nothing to load.
    CHECK_FALSE(panel->load_suggestions());
}

TEST_CASE_METHOD(LoadedWindow, "the year selector lists the initiatives' years and draws them",
                 "[gui][evolution]") {
    auto* year = w().findChild<QComboBox*>("year");
    REQUIRE(year);
    // The bundled initiatives are dated 2021 and 2022: latest first, after « Dernière année ».
    REQUIRE(year->count() == 3);
    CHECK(year->itemText(1) == QStringLiteral("2022"));
    CHECK(year->itemText(2) == QStringLiteral("2021"));
    w().set_year(2022);
    REQUIRE(tecsmap::test::wait_frame(w().canvas()));
    CHECK(w().canvas()->view_settings().theme == render::Theme::Evolution);
    CHECK(w().canvas()->view_settings().year == 2022);
    CHECK(year->currentText() == QStringLiteral("2022"));
    const QImage y2022 = w().canvas()->frame();
    // 2021 against 2020 (no initiative in 2020): every CTG with a 2021 initiative rises.
    w().set_year(2021);
    REQUIRE(tecsmap::test::wait_frame(w().canvas()));
    CHECK(w().canvas()->frame() != y2022);
    w().set_year(std::nullopt);
    REQUIRE(tecsmap::test::wait_frame(w().canvas()));
    CHECK_FALSE(w().canvas()->view_settings().year.has_value());
    // Back to « Dernière année » (the evolution then shows the latest year, 2022). Not compared
    // pixel for pixel with the 2022 frame: in a random test order other cases' state (what-if
    // sites, selection) may be drawn on the shared study's map.
    CHECK(year->currentIndex() == 0);
    CHECK(w().canvas()->view_settings().theme == render::Theme::Evolution);
}
