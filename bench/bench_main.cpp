// tecsmap-bench: wall time and peak memory per stage of the whole pipeline on a study, plus the
// national overview render and the map view's frame time. Figures, not assertions.
// Usage: tecsmap-bench STUDY [--out DIR] [--frames N] [--markdown FILE]

#include "analysis/study_run.hpp"
#include "gpkg_writer.hpp"
#include "layer_cache.hpp"
#include "map_data.hpp"
#include "map_page.hpp"
#include "map_painter.hpp"
#include "map_style.hpp"
#include "neighbour_outlines.hpp"
#include "parallel.hpp"
#include "render_job.hpp"
#include "run_info.hpp"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace tecsmap;
using Clock = std::chrono::steady_clock;

namespace {

// Peak resident memory since the last reset (Linux: VmHWM, reset through clear_refs).
long peak_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}
void reset_peak() {
    std::ofstream("/proc/self/clear_refs") << "5";
}

struct Stage {
    std::string name;
    double seconds = 0;
    long peak_mib = 0;
};

class StageClock {
public:
    void begin(const std::string& name) {
        end();
        current_ = name;
        start_ = Clock::now();
        reset_peak();
    }
    void end() {
        if (current_.empty())
            return;
        stages_.push_back({current_, std::chrono::duration<double>(Clock::now() - start_).count(),
                           peak_kib() / 1024});
        current_.clear();
    }
    const std::vector<Stage>& stages() const { return stages_; }

private:
    std::string current_;
    Clock::time_point start_;
    std::vector<Stage> stages_;
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr
            << "usage : tecsmap-bench ÉTUDE [--out RÉPERTOIRE] [--frames N] [--markdown FICHIER]\n";
        return 2;
    }
    std::string study_path = argv[1], out_dir = ".", markdown;
    int frames = 20;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--out")
            out_dir = argv[i + 1];
        else if (a == "--frames")
            frames = std::stoi(argv[i + 1]);
        else if (a == "--markdown")
            markdown = argv[i + 1];
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int qt_argc = 1;
    QGuiApplication app(qt_argc, argv);

    StageClock clock;
    const auto t0 = Clock::now();
    reset_peak();
    // Stage names follow the pipeline's own progress reports.
    std::string last_stage;
    Feedback feedback([&](const std::string& stage, double) {
        if (stage != last_stage)
            clock.begin(stage);
        last_stage = stage;
    });
    try {
        const Cog& cog = Cog::bundled();
        const MapStyle style = load_map_style(default_style_path());
        const StudyRun run = run_study(study_path, cog, {}, &feedback);
        clock.begin("écriture GeoPackage");
        write_geopackage(out_dir + "/bench.gpkg", run, style,
                         describe_run(run, cog));
        clock.end();
        const double analyse_s = std::chrono::duration<double>(Clock::now() - t0).count();
        const long analyse_peak = peak_kib() / 1024; // since the last reset: see below

        clock.begin("préparation carte (chemins, niveaux de détail)");
        Diagnostics ignored;
        auto neighbours = std::make_shared<const std::vector<DepartementOutline>>(
            load_neighbour_outlines(*run.territory, BoundaryOptions::from_environment(), ignored));
        const auto data = std::make_shared<const render::MapData>(
            render::MapSource{run, std::move(neighbours), cog.version(), "banc d'essai"});
        clock.begin("rendu vue d'ensemble A4 300 dpi");
        const render::PageSpec page = render::page_spec("A4", false, 300);
        render::MapSettings settings = render::default_settings(render::Theme::Gaps, *data, style);
        settings.dpi = page.dpi;
        QImage image(page.size_px(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            render::paint_map_page(p, QRectF(QPointF(0, 0), QSizeF(page.size_px())), settings,
                                   *data, {"Vue d'ensemble", "banc d'essai", {}});
        }
        clock.end();

        // Map view frames, 1600 x 1000 px at 96 dpi, placed as the canvas places them (a centre
        // and metres per pixel, the territory fitted with 5 % to spare).
        const QSize frame_px(1600, 1000);
        const QRectF full = data->extent();
        const double m_per_px =
            std::max(full.width() / frame_px.width(), full.height() / frame_px.height()) * 1.05;
        auto view_at = [&](QPointF centre) {
            render::MapSettings v = render::default_settings(render::Theme::Gaps, *data, style);
            v.size_px = frame_px;
            v.dpi = 96;
            v.extent = QRectF(centre.x() - frame_px.width() * m_per_px / 2,
                              centre.y() - frame_px.height() * m_per_px / 2,
                              frame_px.width() * m_per_px, frame_px.height() * m_per_px);
            return v;
        };
        render::MapSettings view = view_at(full.center());
        auto ms_since = [](Clock::time_point s) {
            return std::chrono::duration<double, std::milli>(Clock::now() - s).count();
        };
        auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        auto maximum = [](const std::vector<double>& v) {
            return *std::max_element(v.begin(), v.end());
        };
        // The whole map painted, no cache (what every frame cost before the layer cache).
        std::vector<double> uncached_ms;
        for (int f = 0; f < 5; ++f) {
            const auto s = Clock::now();
            (void)render::render_frame(view, data, nullptr);
            uncached_ms.push_back(ms_since(s));
        }
        // First frame, cold: an empty cache (the static layers are painted, with their margin).
        std::vector<double> cold_ms;
        for (int f = 0; f < 5; ++f) {
            render::LayerCache cold;
            const auto s = Clock::now();
            (void)render::render_frame(view, data, &cold);
            cold_ms.push_back(ms_since(s));
        }
        // Fresh full-extent frames with warm caches: each frame is a new render of the whole
        // view, with a different focus, label or marker setting (what a click, a CTG choice or
        // a layer toggle asks for).
        render::LayerCache cache;
        (void)render::render_frame(view, data, &cache);
        std::vector<double> frame_ms;
        for (int f = 0; f < frames; ++f) {
            render::MapSettings v = view;
            if (f % 4 == 1)
                v.focus_ctg = data->ctgs()[static_cast<std::size_t>(f) % data->ctgs().size()].code;
            else if (f % 4 == 2)
                v.layers.labels = false;
            else if (f % 4 == 3)
                v.layers.structures = false;
            const auto s = Clock::now();
            (void)render::render_frame(v, data, &cache);
            frame_ms.push_back(ms_since(s));
        }
        // Of which the dynamic layers (focus, structures, initiatives, labels) alone.
        std::vector<double> dynamic_ms;
        for (int f = 0; f < frames; ++f) {
            QImage layer(frame_px, QImage::Format_ARGB32_Premultiplied);
            layer.fill(Qt::transparent);
            const auto s = Clock::now();
            QPainter p(&layer);
            render::paint_layer_group(
                p, QRectF(QPointF(0, 0), QSizeF(frame_px)),
                render::map_transform(view.extent, QRectF(QPointF(0, 0), QSizeF(frame_px))), view,
                *data, render::LayerGroup::Dynamic);
            p.end();
            dynamic_ms.push_back(ms_since(s));
        }
        // Theme switches back and forth, caches warm for both themes.
        std::vector<double> theme_ms;
        for (int f = 0; f < frames; ++f) {
            render::MapSettings v = view;
            v.theme = f % 2 ? render::Theme::Structures : render::Theme::Gaps;
            const auto s = Clock::now();
            (void)render::render_frame(v, data, &cache);
            theme_ms.push_back(ms_since(s));
        }
        // Panning at the same scale: a new frame rendered after each 8 px step (static layers
        // cut from the cached images while the view stays within their margin)...
        std::vector<double> pan_render_ms;
        for (int f = 1; f <= frames; ++f) {
            const render::MapSettings v =
                view_at(full.center() + QPointF(8.0 * f * m_per_px, -3.0 * f * m_per_px));
            const auto s = Clock::now();
            (void)render::render_frame(v, data, &cache);
            pan_render_ms.push_back(ms_since(s));
        }
        // ... and, while a frame renders, the canvas shows the last one shifted: that blit.
        std::vector<double> pan_ms;
        {
            const QImage cached = render::render_frame(view, data, &cache);
            QImage screen(frame_px, QImage::Format_ARGB32_Premultiplied);
            for (int f = 0; f < 50; ++f) {
                const auto st = Clock::now();
                QPainter p(&screen);
                p.fillRect(screen.rect(), Qt::white);
                p.drawImage(QPointF(f * 7.0, f * 3.0), cached);
                p.end();
                pan_ms.push_back(ms_since(st));
            }
        }
        const render::LayerCache::Stats cache_stats = cache.stats();

        // What each layer costs in a full-extent frame: the frame with that layer alone hidden.
        std::vector<std::pair<std::string, double>> layer_ms;
        auto time_frame = [&](const render::MapSettings& s) {
            std::vector<double> t;
            for (int f = 0; f < 5; ++f) {
                const auto st = Clock::now();
                (void)render::RenderJob::render_now(s, *data);
                t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - st).count());
            }
            std::sort(t.begin(), t.end());
            return t[2];
        };
        const double all_ms = time_frame(view);
        const std::pair<const char*, bool render::LayerVisibility::*> toggles[] = {
            {"communes", &render::LayerVisibility::communes},
            {"epci", &render::LayerVisibility::epci},
            {"ctg", &render::LayerVisibility::ctg},
            {"gaps", &render::LayerVisibility::gaps},
            {"structures", &render::LayerVisibility::structures},
            {"labels", &render::LayerVisibility::labels}};
        for (const auto& [name, member] : toggles) {
            render::MapSettings s = view;
            s.layers.*member = false;
            layer_ms.push_back({name, all_ms - time_frame(s)});
        }

        // Same breakdown for the A4 300 dpi overview page.
        std::vector<std::pair<std::string, double>> page_layer_ms;
        auto time_page = [&](const render::MapSettings& s) {
            QImage img(page.size_px(), QImage::Format_ARGB32_Premultiplied);
            img.fill(Qt::white);
            const auto st = Clock::now();
            QPainter p(&img);
            render::paint_map_page(p, QRectF(QPointF(0, 0), QSizeF(page.size_px())), s, *data,
                                   {"x", "y", {}});
            p.end();
            return std::chrono::duration<double, std::milli>(Clock::now() - st).count();
        };
        const double page_ms = time_page(settings);
        for (const auto& [name, member] : toggles) {
            render::MapSettings s = settings;
            s.layers.*member = false;
            page_layer_ms.push_back({name, page_ms - time_page(s)});
        }

        std::ostringstream md;
        md << "Study: `" << study_path << "` — " << run.territory->communes.size() << " communes, "
           << run.inputs->structures.size() << " structures, " << run.inputs->initiatives.size()
           << " initiatives, " << run.inputs->perimeters.size()
           << " perimeters; threads: " << thread_count()
           << "\n\n| stage | wall time (s) | peak RSS in stage (MiB) |\n| --- | ---: | ---: |\n";
        for (const Stage& s : clock.stages())
            md << "| " << s.name << " | " << std::fixed << std::setprecision(2) << s.seconds
               << " | " << s.peak_mib << " |\n";
        md << "\nEnd-to-end `analyse` (build, analyses, GeoPackage): **" << std::setprecision(2)
           << analyse_s << " s**.\n\nMap view, 1600 x 1000 px at full extent (ms):\n\n"
           << "| frame | median | max |\n| --- | ---: | ---: |\n"
           << std::setprecision(1) << "| fresh frame, warm caches (focus, labels, markers change; "
           << frames << " frames) | " << median(frame_ms) << " | " << maximum(frame_ms) << " |\n"
           << "| of which the dynamic layers alone (structures, labels) | " << median(dynamic_ms)
           << " | " << maximum(dynamic_ms) << " |\n"
           << "| theme switch, warm caches | " << median(theme_ms) << " | " << maximum(theme_ms)
           << " |\n| panning: new frame after an 8 px step, warm caches | " << median(pan_render_ms)
           << " | " << maximum(pan_render_ms)
           << " |\n| panning: last frame shifted (shown while a frame renders) | " << median(pan_ms)
           << " | " << maximum(pan_ms)
           << " |\n| first frame, cold caches (static layers painted with their margin) | "
           << median(cold_ms) << " | " << maximum(cold_ms)
           << " |\n| whole map painted without cache (print path) | " << median(uncached_ms)
           << " | " << maximum(uncached_ms)
           << " |\n\nLayer cache after these frames: " << cache_stats.entries << " images, "
           << cache_stats.bytes / (1 << 20) << " MiB, " << cache_stats.hits << " hits, "
           << cache_stats.misses << " misses.\n";
        md << "\nCost of each layer in that frame (frame time minus the frame without it, ms): ";
        for (const auto& [name, ms] : layer_ms)
            md << name << " " << std::setprecision(0) << ms << "; ";
        md << "\nA4 300 dpi overview page: " << std::setprecision(0) << page_ms
           << " ms; cost of each layer: ";
        for (const auto& [name, ms] : page_layer_ms)
            md << name << " " << ms << "; ";
        md << "\n";
        (void)analyse_peak;
        std::cout << md.str();
        if (!markdown.empty())
            std::ofstream(markdown) << md.str();
    } catch (const std::exception& e) {
        std::cerr << "tecsmap-bench : " << e.what() << "\n";
        return 1;
    }
    return 0;
}
