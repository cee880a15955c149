// Reference-image tests of the renderer: a small hand-made scene drawn in each theme, and one
// whole page (title, legend, scale bar, sources), compared with images committed under
// tests/render/reference/. A rendering regression (a colour, a layer drawn in the wrong order,
// a legend entry lost, a label moved) fails here.
//
// Tolerance, stated once: a pixel differs when one of its channels differs by more than
// kChannelTolerance (anti-aliasing and font hinting move a few levels, not 40); an image
// matches when at most kMaxDifferentShare of its pixels differ (text rasterisation may move a
// glyph edge by one pixel). The sizes must be equal.
//
// Updating a reference is a deliberate act: run
//   TECSMAP_UPDATE_REFERENCES=1 build/tests/test_render "[reference]"
// review the new PNGs (git diff shows them changed) and commit them with the change that
// explains why. On a mismatch the rendered image and a difference mask are written into the
// test's working directory (NAME.actual.png, NAME.diff.png) for inspection.

#include "fixtures.hpp"
#include "geos_handles.hpp"
#include "map_data.hpp"
#include "map_page.hpp"
#include "map_painter.hpp"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdlib>
#include <string>

using namespace tecsmap;
using namespace tecsmap::render;

namespace {

constexpr int kChannelTolerance = 40;
constexpr double kMaxDifferentShare = 0.01;

// Four 10 km communes in two EPCIs (two CTGs); a centre social in the west, an EVS in the
// north-east, a cluster of five initiatives and two isolated ones, one PAT perimeter.
struct ReferenceScene {
    ReferenceScene() {
        Territory t = test::make_territory(
            {{"99001", test::square(700000, 6400000, 10000), 4000, "200000001"},
             {"99002", test::square(710000, 6400000, 10000), 1500, "200000001"},
             {"99003", test::square(700000, 6410000, 10000), 800, "200000002"},
             {"99004", test::square(710000, 6410000, 10000), 300, "200000002"}});
        t.crs = "EPSG:2154";
        StudyInputs in;
        const auto structure = [&](const char* name, StructureType type, XY xy) {
            Structure s;
            s.name = name;
            s.type = type;
            s.place = test::placed(t, xy);
            in.structures.push_back(s);
        };
        structure("CS Ouest", StructureType::CS, XY{703000, 6404000});
        structure("EVS Nord-Est", StructureType::EVS, XY{716000, 6416000});
        const auto initiative = [&](int i, int year, XY xy) {
            Initiative it;
            it.title = "Initiative " + std::to_string(i);
            it.year = year;
            it.place = test::placed(t, xy);
            in.initiatives.push_back(it);
        };
        for (int i = 0; i < 5; ++i)
            initiative(i, 2021 + i % 2, XY{702000.0 + i * 800, 6402000.0 + (i % 3) * 600});
        initiative(5, 2022, XY{718000, 6403000});
        initiative(6, 2021, XY{705000, 6417000});
        Perimeter pat;
        pat.kind = PerimeterKind::PAT;
        pat.name = "PAT de la scène";
        pat.geometry = geos::from_wkt("MULTIPOLYGON(((700000 6400000, 714000 6400000, "
                                      "714000 6412000, 700000 6412000, 700000 6400000)))");
        in.perimeters.push_back(std::move(pat));
        AnalysisParameters p;
        p.set(ParameterId::CoverageRadiusKm, 4.0, {});
        p.set(ParameterId::ClusterEpsKm, 1.5, {});
        p.set(ParameterId::ClusterMinPoints, 3.0, {});
        StudyRun run = test::make_run(std::move(t), std::move(in), p);
        run.study.departements = {"99"};
        run.study.title = "Scène de référence";
        data = std::make_shared<MapData>(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
    }
    const MapStyle& style = test::bundled_style();
    std::shared_ptr<const MapData> data;
};

QImage render_map(const MapData& data, const MapSettings& base, QSize size) {
    MapSettings s = base;
    s.size_px = size;
    s.dpi = 96;
    QImage img(size, QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    paint_map(p, QRectF(QPointF(0, 0), size), s, data);
    return img;
}

QImage render_page(const MapData& data, const MapSettings& base, QSize size, double dpi) {
    MapSettings s = base;
    s.size_px = size;
    s.dpi = dpi;
    QImage img(size, QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    paint_map_page(p, QRectF(QPointF(0, 0), size), s, data, page_texts(s.theme, data));
    return img;
}

struct Comparison {
    bool same_size = false;
    long long different = 0;
    long long total = 0;
    QImage mask;
    double share() const { return total ? double(different) / double(total) : 1.0; }
};

Comparison compare(const QImage& actual, const QImage& expected) {
    Comparison c;
    c.same_size = actual.size() == expected.size();
    if (!c.same_size)
        return c;
    const QImage a = actual.convertToFormat(QImage::Format_ARGB32);
    const QImage e = expected.convertToFormat(QImage::Format_ARGB32);
    c.mask = QImage(a.size(), QImage::Format_ARGB32);
    c.mask.fill(Qt::white);
    c.total = static_cast<long long>(a.width()) * a.height();
    for (int y = 0; y < a.height(); ++y) {
        const auto* ra = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* re = reinterpret_cast<const QRgb*>(e.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const int d = std::max(
                {std::abs(qRed(ra[x]) - qRed(re[x])), std::abs(qGreen(ra[x]) - qGreen(re[x])),
                 std::abs(qBlue(ra[x]) - qBlue(re[x])), std::abs(qAlpha(ra[x]) - qAlpha(re[x]))});
            if (d > kChannelTolerance) {
                ++c.different;
                c.mask.setPixel(x, y, qRgb(255, 0, 0));
            }
        }
    }
    return c;
}

QString reference_path(const std::string& name) {
    return QStringLiteral(TECSMAP_TEST_SOURCE_DIR "/render/reference/") +
           QString::fromStdString(name) + QStringLiteral(".png");
}

bool updating() {
    const char* v = std::getenv("TECSMAP_UPDATE_REFERENCES");
    return v && std::string(v) == "1";
}

void check_against_reference(const std::string& name, const QImage& actual) {
    const QString path = reference_path(name);
    if (updating()) {
        QDir().mkpath(QFileInfo(path).path());
        REQUIRE(actual.save(path, "PNG"));
        WARN("référence mise à jour : " << path.toStdString());
        return;
    }
    const QImage expected(path);
    INFO("référence " << path.toStdString()
                      << " (TECSMAP_UPDATE_REFERENCES=1 pour la régénérer, délibérément)");
    REQUIRE_FALSE(expected.isNull());
    const Comparison c = compare(actual, expected);
    if (!c.same_size || c.share() > kMaxDifferentShare) {
        actual.save(QString::fromStdString(name + ".actual.png"), "PNG");
        if (!c.mask.isNull())
            c.mask.save(QString::fromStdString(name + ".diff.png"), "PNG");
    }
    INFO("taille " << actual.width() << "x" << actual.height() << " contre " << expected.width()
                   << "x" << expected.height() << " ; pixels différents : " << c.different
                   << " sur " << c.total);
    CHECK(c.same_size);
    CHECK(c.share() <= kMaxDifferentShare);
}

} // namespace

TEST_CASE_METHOD(ReferenceScene, "each theme's map matches its reference image",
                 "[render][reference]") {
    for (Theme theme :
         {Theme::Gaps, Theme::Clusters, Theme::Hotspots, Theme::Perimeters, Theme::Structures}) {
        SECTION(theme_key(theme)) {
            MapSettings s = default_settings(theme, *data, style);
            check_against_reference("map-" + theme_key(theme),
                                    render_map(*data, s, QSize(360, 240)));
        }
    }
}

TEST_CASE_METHOD(ReferenceScene, "a whole page matches its reference image",
                 "[render][reference]") {
    // Title, subtitle, legend, scale bar, north arrow and sources at a small resolution.
    const MapSettings s = default_settings(Theme::Gaps, *data, style);
    check_against_reference("page-gaps", render_page(*data, s, QSize(420, 594), 50));
}

TEST_CASE_METHOD(ReferenceScene, "the comparison catches a changed colour", "[render][reference]") {
    // The tolerance must not hide a regression: the gap colour changed must fail the match.
    if (updating())
        return;
    MapSettings s = default_settings(Theme::Gaps, *data, style);
    const QImage expected(reference_path("map-gaps"));
    REQUIRE_FALSE(expected.isNull());
    s.style.gaps.fill = Rgb{0, 0, 255};
    s.style.gaps.hatch.clear();
    const Comparison changed = compare(render_map(*data, s, QSize(360, 240)), expected);
    CHECK(changed.share() > kMaxDifferentShare);
    // And an unchanged render is within tolerance of itself (trivially) and of the reference.
    const Comparison same = compare(
        render_map(*data, default_settings(Theme::Gaps, *data, style), QSize(360, 240)), expected);
    CHECK(same.share() <= kMaxDifferentShare);
}
