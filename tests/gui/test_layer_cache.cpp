// The static-layer cache (layer_cache.hpp) must never show a stale layer: after every kind of
// change (layers, opacities, order, themes, focus, style, resolution, background, pan, zoom,
// new analysis) a frame built from the cache equals, pixel for pixel, a frame painted with an
// empty cache, and stays within a stated tolerance of the plain paint_map (print) rendering.
#include "drome_map.hpp"
#include "layer_cache.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace tecsmap;
using namespace tecsmap::render;

namespace {

struct Difference {
    int max_channel = 0;  ///< largest difference of one colour channel (0-255)
    long long pixels = 0; ///< pixels that differ at all
};

Difference compare(const QImage& a, const QImage& b) {
    REQUIRE(a.size() == b.size());
    Difference d;
    for (int y = 0; y < a.height(); ++y) {
        const QRgb* pa = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const QRgb* pb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            if (pa[x] == pb[x])
                continue;
            ++d.pixels;
            for (int shift : {0, 8, 16, 24})
                d.max_channel = std::max(d.max_channel, std::abs(int((pa[x] >> shift) & 0xff) -
                                                                 int((pb[x] >> shift) & 0xff)));
        }
    }
    return d;
}

QImage fresh(const MapSettings& s, const std::shared_ptr<const MapData>& data) {
    LayerCache empty;
    return render_frame(s, data, &empty);
}

// Compositing cached layers rounds differently from painting them in one pass (8-bit
// premultiplied alpha): a few levels on antialiased edges and translucent fills.
constexpr int kPrintTolerance = 4;

} // namespace

TEST_CASE("a frame from the layer cache equals a freshly painted one after every change",
          "[gui][cache]") {
    test::DromeMap drome;
    LayerCache cache;
    MapSettings s = drome.full_view();
    auto data = drome.data;
    const double m_per_px = s.extent.width() / s.size_px.width();
    QPointF centre = s.extent.center();

    struct Step {
        const char* what;
        std::function<void()> change;
        std::size_t min_hits; ///< static groups the step must take from the cache
    };
    AnalysisParameters wider = drome.run.parameters;
    wider.set(ParameterId::CoverageRadiusKm, 15, {});
    const StudyRun rerun = rerun_study(drome.run, drome.run.study, wider, Cog::bundled());
    const auto rerun_data = test::drome_map_data(rerun);
    const auto pan = [&](double dx, double dy) {
        centre += QPointF(dx * m_per_px, -dy * m_per_px);
        const QSizeF size(s.extent.size());
        s.extent = QRectF(centre - QPointF(size.width() / 2, size.height() / 2), size);
    };
    const std::vector<Step> steps = {
        {"first frame", [] {}, 0},
        {"same view again", [] {}, 3},
        {"gaps hidden", [&] { s.layers.gaps = false; }, 2},
        {"gaps shown", [&] { s.layers.gaps = true; }, 3},
        {"gaps opacity", [&] { s.layers.gaps_opacity = 0.5; }, 2},
        {"communes hidden", [&] { s.layers.communes = false; }, 2},
        {"communes shown, EPCI hidden",
         [&] {
             s.layers.communes = true;
             s.layers.epci = false;
         },
         2},
        {"EPCI shown, CTG hidden",
         [&] {
             s.layers.epci = true;
             s.layers.ctg = false;
         },
         2},
        {"CTG shown", [&] { s.layers.ctg = true; }, 3},
        {"clusters theme", [&] { s.theme = Theme::Clusters; }, 2},
        {"hot spots theme", [&] { s.theme = Theme::Hotspots; }, 1},
        {"hot spots opacity", [&] { s.layers.hotspots_opacity = 0.6; }, 1},
        {"perimeters theme", [&] { s.theme = Theme::Perimeters; }, 1},
        {"perimeters opacity", [&] { s.layers.perimeters_opacity = 0.4; }, 1},
        {"structures theme", [&] { s.theme = Theme::Structures; }, 1},
        {"gaps theme, overlays reordered",
         [&] {
             s.theme = Theme::Gaps;
             std::reverse(s.layers.overlay_order.begin(), s.layers.overlay_order.end());
         },
         2},
        {"focus on a CTG", [&] { s.focus_ctg = data->ctgs()[2].code; }, 3},
        {"no focus, no labels",
         [&] {
             s.focus_ctg.clear();
             s.layers.labels = false;
         },
         3},
        {"structures hidden", [&] { s.layers.structures = false; }, 3},
        {"commune fill colour",
         [&] {
             s.style.communes.fill = {250, 240, 200};
         },
         0},
        {"gap colour",
         [&] {
             s.style.gaps.fill = {20, 60, 200};
         },
         0},
        {"CTG line colour",
         [&] {
             s.style.ctg.color = {200, 0, 200};
         },
         0},
        {"EPCI line width", [&] { s.style.epci.width_mm = 0.9; }, 0},
        {"resolution", [&] { s.dpi = 120; }, 0},
        {"background", [&] { s.background = QColor(240, 248, 255); }, 0},
        {"pan inside the margin", [&] { pan(37, -23); }, 3},
        {"pan beyond the margin", [&] { pan(-300, 0); }, 0},
        {"zoom",
         [&] {
             s.extent =
                 QRectF(s.extent.center() - QPointF(s.extent.width() / 4, s.extent.height() / 4),
                        s.extent.size() / 2);
         },
         0},
        {"new analysis (15 km)", [&] { data = rerun_data; }, 0},
        {"back to the first analysis", [&] { data = drome.data; }, 3},
    };
    QImage previous;
    int max_print_difference = 0;
    for (const Step& step : steps) {
        INFO(step.what);
        step.change();
        const LayerCache::Stats before = cache.stats();
        const QImage cached = render_frame(s, data, &cache);
        REQUIRE_FALSE(cached.isNull());
        const LayerCache::Stats after = cache.stats();
        CHECK(after.hits - before.hits >= step.min_hits);
        const QImage expected = fresh(s, data);
        const Difference d = compare(cached, expected);
        CHECK(d.pixels == 0);
        CHECK(d.max_channel == 0);
        const Difference p = compare(cached, render_frame(s, data, nullptr));
        CHECK(p.max_channel <= kPrintTolerance);
        max_print_difference = std::max(max_print_difference, p.max_channel);
        if (!previous.isNull() && std::string(step.what) != "same view again" &&
            std::string(step.what) != "back to the first analysis")
            CHECK(cached != previous); // each change is visible: the comparison means something
        previous = cached;
    }
    WARN("largest difference from paint_map: " << max_print_difference << " levels");
}

TEST_CASE("the cache keeps no data snapshot alive and stays within its budget", "[gui][cache]") {
    test::DromeMap drome;
    const MapSettings s = drome.full_view({600, 400});
    // A budget for about two frames' images: older entries go.
    LayerCache cache(2 * 3 * 4 * 1000 * 700);
    std::weak_ptr<const MapData> gone;
    {
        auto copy = test::drome_map_data(drome.run);
        gone = copy;
        REQUIRE_FALSE(render_frame(s, copy, &cache).isNull());
    }
    CHECK(gone.expired()); // the cache refers to it only weakly
    for (Theme t : {Theme::Gaps, Theme::Clusters, Theme::Hotspots, Theme::Perimeters}) {
        MapSettings v = s;
        v.theme = t;
        REQUIRE_FALSE(render_frame(v, drome.data, &cache).isNull());
        CHECK(cache.stats().bytes <= std::size_t{2 * 3 * 4 * 1000 * 700});
    }
    // A frame too large for the budget is painted directly, not cached.
    MapSettings huge = s;
    huge.size_px = QSize(2000, 1500);
    const std::size_t entries = cache.stats().entries;
    REQUIRE_FALSE(render_frame(huge, drome.data, &cache).isNull());
    CHECK(cache.stats().entries == entries);
}
