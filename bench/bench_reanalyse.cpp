// tecsmap-bench-reanalyse: what a parameter change in the map view costs, as the map view does
// it (StudySession::reanalyse): rerun_study on the same territory and layers (the analysis keeps
// the stages the change does not affect), the new map data on the territory's kept shapes and
// the previous snapshot's unchanged layers,
// then the first full-extent frame of the new data (its static layers painted afresh). Each
// parameter is changed back and forth `--repeat` times; medians are reported, with the full
// analysis (what every change cost before reanalyse) beside them. Figures, not assertions.
// Usage: tecsmap-bench-reanalyse STUDY [--repeat N]

#include "analysis/study_run.hpp"
#include "layer_cache.hpp"
#include "map_data.hpp"
#include "map_page.hpp"
#include "map_style.hpp"
#include "neighbour_outlines.hpp"

#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

using namespace tecsmap;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Change {
    const char* label;
    ParameterId id;
    double delta;
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage : tecsmap-bench-reanalyse ÉTUDE [--repeat N]\n";
        return 2;
    }
    int repeat = 5;
    for (int i = 2; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--repeat")
            repeat = std::stoi(argv[i + 1]);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int qt_argc = 1;
    QGuiApplication app(qt_argc, argv);
    try {
        const Cog& cog = Cog::bundled();
        const MapStyle style = load_map_style(default_style_path());
        StudyRun base = run_study(std::string(argv[1]), cog);
        Diagnostics ignored;
        const auto neighbours = std::make_shared<const std::vector<DepartementOutline>>(
            load_neighbour_outlines(*base.territory, BoundaryOptions::from_environment(), ignored));
        auto data_of = [&](const StudyRun& run, std::shared_ptr<const render::TerritoryShapes> s,
                           const render::MapData* previous) {
            return std::make_shared<const render::MapData>(
                render::MapSource{run, neighbours, cog.version(), "banc d'essai"}, std::move(s),
                previous);
        };
        const auto first = data_of(base, nullptr, nullptr);
        const auto shapes = first->shapes_ptr();
        // The view: 1600 x 1000 px, the territory fitted with 5 % to spare (as the canvas).
        render::MapSettings view = render::default_settings(render::Theme::Gaps, *first, style);
        view.size_px = QSize(1600, 1000);
        view.dpi = 96;
        const QRectF full = first->extent();
        const double m_per_px = std::max(full.width() / 1600, full.height() / 1000) * 1.05;
        view.extent = QRectF(full.center().x() - 800 * m_per_px,
                             full.center().y() - 500 * m_per_px, 1600 * m_per_px,
                             1000 * m_per_px);
        render::LayerCache cache;
        (void)render::render_frame(view, first, &cache);

        std::cout << "Study: `" << argv[1] << "` — " << base.territory->communes.size()
                  << " communes, " << base.inputs->structures.size() << " structures, "
                  << base.inputs->initiatives.size() << " initiatives; " << repeat
                  << " changes each way; median ms\n\n"
                  << "| change | re-analysis (kept stages) | map data | first frame | **total** "
                     "| full analysis (before) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n";
        const std::vector<Change> changes = {
            {"coverage radius +1 km", ParameterId::CoverageRadiusKm, 1},
            {"DBSCAN eps +0.5 km", ParameterId::ClusterEpsKm, 0.5},
            {"DBSCAN min points +1", ParameterId::ClusterMinPoints, 1},
        };
        for (const Change& c : changes) {
            std::vector<double> rerun_ms, data_ms, frame_ms, total_ms, full_ms;
            const AnalysisParameters p0 = base.parameters;
            AnalysisParameters p1 = p0;
            p1.set(c.id, p0.get(c.id) + c.delta, ParameterOrigin::map_view("banc d'essai"));
            StudyRun current = base;
            std::shared_ptr<const render::MapData> shown = first;
            for (int k = 0; k < 2 * repeat; ++k) {
                const AnalysisParameters& next = (k % 2 == 0) ? p1 : p0;
                const auto t0 = Clock::now();
                StudyRun run = rerun_study(current, current.study, next, cog);
                const double t_rerun = ms_since(t0);
                const auto t1 = Clock::now();
                const auto data = data_of(run, shapes, shown.get());
                const double t_data = ms_since(t1);
                const auto t2 = Clock::now();
                (void)render::render_frame(view, data, &cache);
                const double t_frame = ms_since(t2);
                rerun_ms.push_back(t_rerun);
                data_ms.push_back(t_data);
                frame_ms.push_back(t_frame);
                total_ms.push_back(t_rerun + t_data + t_frame);
                current = std::move(run);
                shown = data;
                if (k < repeat) { // the full analysis, as every change ran it before
                    const auto t3 = Clock::now();
                    (void)analyse(*base.territory, *base.inputs, next);
                    full_ms.push_back(ms_since(t3));
                }
            }
            std::cout << std::fixed << std::setprecision(0) << "| " << c.label << " | "
                      << median(rerun_ms) << " | " << median(data_ms) << " | "
                      << median(frame_ms) << " | **" << median(total_ms) << "** | "
                      << median(full_ms) << " |\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "erreur : " << e.what() << "\n";
        return 1;
    }
    return 0;
}
