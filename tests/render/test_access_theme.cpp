// The « acces » theme (issue 12) on the hand-made accessibility study
// (tests/core/access/hand_study.hpp): which minute classes are drawn and in which colour,
// worked out by hand. Cells: g1 3,3 min (class « moins de 5 min »), g5 ≈ 6,4 and g2 9,3
// (« 5 à 10 »), g3 15,3 (« 15 à 20 »), g4 23,3 (« 20 à 30 »); commune D has no cell: it is
// filled whole with its representative point's 48,7 min (« plus de 30 »). No cell and no
// commune is between 10 and 15 minutes.
#include "analysis/study_run.hpp"
#include "atlas.hpp"
#include "fixtures.hpp"
#include "hand_study.hpp"
#include "map_data.hpp"
#include "map_page.hpp"
#include "map_painter.hpp"

#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

using namespace tecsmap;
using namespace tecsmap::render;

namespace {

constexpr double X0 = 850000, Y0 = 6400000; // hand_study.hpp's origin

// The road graph cached in the test's own directory; the variable is restored after the run
// (other cases of this process use the usual cache).
struct CacheDirGuard {
    explicit CacheDirGuard(const std::string& dir) {
        if (const char* old = std::getenv("TECSMAP_CACHE_DIR"))
            previous = old;
        setenv("TECSMAP_CACHE_DIR", dir.c_str(), 1);
    }
    ~CacheDirGuard() {
        if (previous.empty())
            unsetenv("TECSMAP_CACHE_DIR");
        else
            setenv("TECSMAP_CACHE_DIR", previous.c_str(), 1);
    }
    std::string previous;
};

std::shared_ptr<const MapData> hand_map_data() {
    // One directory per process: ctest runs the cases of this file in parallel, and each
    // removes and writes its directory.
    const std::filesystem::path dir =
        std::filesystem::absolute("render-hand-study-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    test::write_hand_study(dir.string());
    std::vector<test::CommuneSpec> specs;
    for (const test::HandCommune& c : test::kHandCommunes)
        specs.push_back({c.insee, test::square(0, 0, 1), c.population, "200000001"});
    const Cog cog = test::make_cog(specs);
    const CacheDirGuard guard((dir / "cache").string());
    StudyRun run = run_study((dir / "acces-temps.toml").string(), cog);
    return std::make_shared<MapData>(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
}

bool near(QColor a, QColor b, int tolerance = 3) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

// The map painted 2 600 × 400 px at 96 dpi, read at hand-study coordinates (metres from the
// origin).
struct MapPixels {
    MapPixels(MapSettings s, const MapData& data)
        : img(2600, 400, QImage::Format_ARGB32) {
        s.dpi = 96;
        const QRectF frame(0, 0, img.width(), img.height());
        img.fill(Qt::white);
        QPainter p(&img);
        paint_map(p, frame, s, data);
        t = map_transform(s.extent, frame);
    }
    QColor operator()(double dx, double dy) const {
        return img.pixelColor(t.map(QPointF(X0 + dx, Y0 + dy)).toPoint());
    }
    QImage img;
    QTransform t;
};

} // namespace

TEST_CASE("theme acces: the minute classes drawn, the legend and the colours", "[render][access]") {
    const auto data = hand_map_data();
    REQUIRE(data->has_access());
    const MapStyle& style = test::bundled_style();
    REQUIRE(style.access.classes.size() == 6);
    MapSettings s = default_settings(Theme::Access, *data, style);
    s.extent = QRectF(X0, Y0 - 2000, 26000, 4000);

    const DrawnClasses drawn = drawn_classes(s, *data);
    CHECK(drawn.access_cells);
    CHECK(drawn.minute_classes == std::vector<std::size_t>{0, 1, 3, 4, 5});
    REQUIRE(drawn.isochrones.size() == 2);
    CHECK(drawn.isochrones[0].first == 10);
    CHECK(drawn.isochrones[1].first == 20);

    bool speeds = false;
    std::vector<QString> labels;
    for (const LegendEntry& e : legend_entries(s, *data)) {
        labels.push_back(e.label);
        speeds |= e.kind == LegendEntry::Kind::Note && e.label.startsWith("Vitesses : ") &&
                  e.label.contains("primary 60");
    }
    CHECK(speeds);
    CHECK(std::count(labels.begin(), labels.end(),
                     QString::fromUtf8("Isochrone 20\u202Fmin d'une structure")) == 1);

    // Pixels: g3's cell in « 15 à 20 min », D in « plus de 30 min » (isochrones hidden: their
    // tint would lie over g3).
    s.layers.isochrones = false;
    s.layers.labels = false;
    s.layers.structures = false;
    const MapPixels pixel(s, *data);
    CHECK(near(pixel(15000, 1100), to_qcolor(style.access.classes[3].color)));
    CHECK(near(pixel(23000, 1100), to_qcolor(style.access.classes[4].color)));
    CHECK(near(pixel(3000, 1100), to_qcolor(style.access.classes[0].color)));
    CHECK(near(pixel(24000, -1500), to_qcolor(style.access.classes[5].color)));
    // Where nobody lives in a commune with cells: the plain commune fill.
    CHECK(near(pixel(11000, 500), to_qcolor(style.communes.fill)));
}

TEST_CASE("theme e2sfca: quintile classes of the index, the legend and the colours",
          "[render][access]") {
    // The index per 10 000 inhabitants (test_access_study.cpp, R1 = 2 / 2 858): g1, g5 and g2
    // at R1 (7,00), g3 at 0,68 R1 (4,76), g4 at 0,22 R1 (1,54); D (no cell) reaches no
    // structure within 30 min: 0. Quintiles of the six positive values: 4,76 then 7,00, which
    // is the largest value, so one break: « jusqu'à 4,76 » (g3, g4), « plus de 4,76 » (g1, g2,
    // g5), and D in the « no structure » class.
    const auto data = hand_map_data();
    REQUIRE(data->has_access());
    const double r1 = 2.0 / 2858 * 1e4;
    REQUIRE(data->e2sfca_breaks().size() == 1);
    CHECK(data->e2sfca_breaks()[0] == Approx(0.68 * r1).epsilon(2e-3));
    CHECK(data->e2sfca_class(0.22 * r1) == 0);
    CHECK(data->e2sfca_class(data->e2sfca_breaks()[0]) == 0); // a break closes its class
    CHECK(data->e2sfca_class(r1) == 1);
    CHECK(data->e2sfca_class(0) == 2);

    const MapStyle& style = test::bundled_style();
    REQUIRE(style.access.e2sfca_colors.size() == 5);
    MapSettings s = default_settings(Theme::AccessIndex, *data, style);
    s.extent = QRectF(X0, Y0 - 2000, 26000, 4000);
    const DrawnClasses drawn = drawn_classes(s, *data);
    CHECK(drawn.access_cells);
    CHECK(drawn.minute_classes == std::vector<std::size_t>{0, 1, 2});
    CHECK(drawn.isochrones.empty()); // isochrones belong to the minutes theme

    std::vector<QString> labels;
    for (const LegendEntry& e : legend_entries(s, *data))
        labels.push_back(e.label);
    CHECK(std::any_of(labels.begin(), labels.end(), [](const QString& l) {
        return l.startsWith(QStringLiteral("jusqu'à 4,76 (pour 10 000 hab., par carreau habité)"));
    }));
    CHECK(std::count(labels.begin(), labels.end(), QStringLiteral("plus de 4,76")) == 1);
    CHECK(std::count(labels.begin(), labels.end(),
                     QStringLiteral("aucune structure à moins de 30 min")) == 1);
    CHECK(page_texts(Theme::AccessIndex, *data).title.contains(QStringLiteral("E2SFCA")));

    // Pixels: the lowest class in the palette's lightest colour, the highest in its darkest,
    // D in the « unreachable » grey.
    s.layers.labels = false;
    s.layers.structures = false;
    const MapPixels pixel(s, *data);
    CHECK(near(pixel(15000, 1100), to_qcolor(style.access.e2sfca_colors.front())));
    CHECK(near(pixel(23000, 1100), to_qcolor(style.access.e2sfca_colors.front())));
    CHECK(near(pixel(3000, 1100), to_qcolor(style.access.e2sfca_colors.back())));
    CHECK(near(pixel(24000, -1500), to_qcolor(style.access.unreachable)));
    CHECK(parse_theme("e2sfca") == Theme::AccessIndex);
    CHECK(theme_key(Theme::AccessIndex) == "e2sfca");
}

TEST_CASE("the atlas of a study with roads maps the minutes and the E2SFCA index",
          "[render][access][atlas]") {
    const auto data = hand_map_data();
    const int pages = write_atlas("hand-atlas.pdf", *data, test::bundled_style());
    // Cover, overview, the two access pages, one page per CTG, methods.
    CHECK(pages == 1 + 1 + 2 + static_cast<int>(data->territory().ctgs.size()) + 1);
}
