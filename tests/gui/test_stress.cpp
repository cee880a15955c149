// Hundreds of refresh and cancel cycles (re-analyses, theme changes, zooms, layer toggles,
// CTG selections, cancels) while windows close with work in flight. Meant for ASan/UBSan (the
// CI runs the suite under both): any worker touching a deleted object, any leak, fails it.
#include "gui_fixture.hpp"
#include "layer_panel.hpp"

#include <QThreadPool>

#include <random>

using namespace tecsmap;
using namespace tecsmap::gui;

TEST_CASE("refresh and cancel cycles while the window closes run clean", "[gui][stress]") {
    const render::Theme themes[] = {render::Theme::Gaps, render::Theme::Clusters,
                                    render::Theme::Hotspots, render::Theme::Perimeters,
                                    render::Theme::Structures};
    const char* layers[] = {"gaps", "communes", "labels", "structures", "epci"};
    int cycles = 0;
    for (unsigned round = 0; round < 3; ++round) {
        test::LoadedWindow loaded;
        MainWindow& w = loaded.w();
        std::mt19937 rng(round);
        const QRectF e = w.session().map_data()->extent();
        const int n_ctg = static_cast<int>(w.session().map_data()->ctgs().size());
        for (int i = 0; i < 150; ++i, ++cycles) {
            switch (rng() % 7) {
            case 0:
                w.set_theme(themes[rng() % 5]);
                break;
            case 1: {
                const double f = 0.1 + (rng() % 90) / 100.0;
                w.canvas()->zoom_to(QRectF(e.x() + (rng() % 1000) * e.width() / 2000,
                                           e.y() + (rng() % 1000) * e.height() / 2000,
                                           e.width() * f, e.height() * f));
                break;
            }
            case 2: {
                AnalysisParameters p = w.session().parameters();
                p.set(ParameterId::CoverageRadiusKm, 5 + rng() % 15, {});
                w.session().reanalyse(w.session().study(), p); // supersedes the running one
                break;
            }
            case 3: {
                const char* key = layers[rng() % 5];
                w.layer_panel()->set_visible(key, !w.layer_panel()->is_visible(key));
                break;
            }
            case 4:
                w.select_ctg(static_cast<int>(rng() % static_cast<unsigned>(n_ctg)));
                break;
            case 5:
                w.session().cancel();
                break;
            case 6:
                w.canvas()->cancel_render();
                break;
            }
            QTest::qWait(static_cast<int>(rng() % 4));
        }
        // Close with analyses, frames and their watchers in flight, then destroy the window.
        w.close();
        if (round == 2)
            w.session().reanalyse(w.session().study(), w.session().parameters());
    }
    // Windows closed while loading their study.
    for (int i = 0; i < 5; ++i, ++cycles) {
        auto w = std::make_unique<MainWindow>();
        w->show();
        w->open_study(test::drome_study());
        QTest::qWait(i * 40);
        w->close();
        w.reset();
    }
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50); // a late hand-off to a deleted object would crash or be reported here
    CHECK(cycles == 455);
}
