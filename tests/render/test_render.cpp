#include "analysis/analysis.hpp"
#include "atlas.hpp"
#include "errors.hpp"
#include "exporter.hpp"
#include "fixtures.hpp"
#include "layer_cache.hpp"
#include "map_data.hpp"
#include "map_page.hpp"
#include "map_painter.hpp"
#include "zones.hpp"

#include <catch2/catch.hpp>

#include <QFile>
#include <QImage>
#include <QXmlStreamReader>

#include <algorithm>
#include <filesystem>
#include <unistd.h>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace tecsmap;
using namespace tecsmap::render;

namespace {

// Two 10 km square communes in two EPCIs; one structure covers the west of the first.
struct Scene {
    Scene() {
        Territory t = test::make_territory(
            {{"99001", test::square(700000, 6400000, 10000), 1000, "200000001"},
             {"99002", test::square(710000, 6400000, 10000), 500, "200000002"}});
        t.crs = "EPSG:2154";
        StudyInputs in;
        Structure s;
        s.name = "CS Ouest";
        s.type = StructureType::CS;
        s.place = test::placed(t, XY{700000, 6405000});
        in.structures.push_back(s);
        for (int i = 0; i < 4; ++i) {
            Initiative it;
            it.title = "I" + std::to_string(i);
            it.year = 2021 + i % 2;
            it.place = test::placed(t, XY{701000.0 + i * 200, 6401000});
            in.initiatives.push_back(it);
        }
        // A radius that is not a whole number: every text must print it as « 2,5 km ».
        AnalysisParameters p;
        p.set(ParameterId::CoverageRadiusKm, 2.5, {});
        StudyRun run = test::make_run(std::move(t), std::move(in), p);
        run.study.departements = {"99"};
        data = std::make_shared<MapData>(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
    }
    const MapStyle& style = test::bundled_style();
    std::shared_ptr<const MapData> data;
};

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE_METHOD(Scene, "PNG size follows the page size and the dpi", "[render]") {
    export_map("a4.png", default_settings(Theme::Gaps, *data, style), *data, page_spec("A4", false, 100),
               {"Titre", "Sous-titre", {}});
    QImage img("a4.png");
    CHECK(img.width() == 827);
    CHECK(img.height() == 1169);
    export_map("a3l.png", default_settings(Theme::Gaps, *data, style), *data, page_spec("A3", true, 50),
               {"Titre", "Sous-titre", {}});
    QImage land("a3l.png");
    CHECK(land.width() == 827);
    CHECK(land.height() == 585);
}

TEST_CASE_METHOD(Scene, "the map area is not blank and the gap is drawn in the gap style",
                 "[render]") {
    MapSettings s = default_settings(Theme::Gaps, *data, style);
    s.extent = QRectF(700000, 6400000, 20000, 10000);
    s.dpi = 96;
    s.layers.labels = false;
    s.layers.neighbours = false;
    QImage img(400, 200, QImage::Format_ARGB32);
    img.fill(Qt::white);
    {
        QPainter p(&img);
        paint_map(p, QRectF(0, 0, 400, 200), s, *data);
    }
    int non_white = 0;
    for (int y = 0; y < 200; y += 4)
        for (int x = 0; x < 400; x += 4)
            non_white += img.pixelColor(x, y) != QColor(Qt::white);
    CHECK(non_white > 1000);

    // East commune (x = 715 km, far from the structure): uncovered -> tinted with the gap colour.
    const QColor gap = to_qcolor(s.style.gaps.fill);
    const QColor base = to_qcolor(s.style.communes.fill);
    auto blend = [](QColor over, double a, QColor under) {
        return QColor(int(over.red() * a + under.red() * (1 - a) + 0.5),
                      int(over.green() * a + under.green() * (1 - a) + 0.5),
                      int(over.blue() * a + under.blue() * (1 - a) + 0.5));
    };
    const QColor tint = blend(gap, 0.22, base);
    bool tint_found = false;
    int reddish = 0;
    for (int dy = -6; dy <= 6; ++dy) {
        for (int dx = -6; dx <= 6; ++dx) {
            const QColor c = img.pixelColor(300 + dx, 100 + dy);
            tint_found |= std::abs(c.red() - tint.red()) <= 3 &&
                          std::abs(c.green() - tint.green()) <= 3 &&
                          std::abs(c.blue() - tint.blue()) <= 3;
            reddish += c.red() > c.green() + 20;
        }
    }
    CHECK(tint_found);
    CHECK(reddish > 100);
    // West commune near the structure is covered: the plain commune fill, no tint.
    const QColor w = img.pixelColor(40, 100);
    CHECK(std::abs(w.red() - base.red()) <= 2);
    CHECK(std::abs(w.green() - base.green()) <= 2);
}

TEST_CASE_METHOD(Scene, "legend entries are the styled classes actually drawn", "[render]") {
    // Two neighbouring communes: each has both as neighbours, so n·W − W² = 0 and every z is 0
    // (spec): only the neutral class is drawn, and only it is in the legend.
    MapSettings hot = default_settings(Theme::Hotspots, *data, style);
    std::vector<QString> got, notes;
    for (const LegendEntry& e : legend_entries(hot, *data)) {
        if (e.kind == LegendEntry::Kind::Fill)
            got.push_back(e.label);
        if (e.kind == LegendEntry::Kind::Note)
            notes.push_back(e.label);
    }
    CHECK(got == std::vector<QString>{QStringLiteral("Non significatif (ou commune sans voisine)")});
    // The legend names the method and says plainly that nothing is significant.
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].startsWith(QStringLiteral("Aucune commune significative")));
    CHECK(notes[1].contains(QStringLiteral("permutations")));
    CHECK(notes[1].contains(QStringLiteral("FDR")));

    MapSettings gaps = default_settings(Theme::Gaps, *data, style);
    std::vector<QString> labels;
    for (const LegendEntry& e : legend_entries(gaps, *data))
        labels.push_back(e.label);
    CHECK(std::count(labels.begin(), labels.end(), QStringLiteral("Centre social")) == 1);
    CHECK(std::count(labels.begin(), labels.end(), QStringLiteral("Espace de vie sociale")) == 0);
    CHECK(labels.front() == QStringLiteral("Zone à plus de 2,5\u202Fkm d'une structure"));
}

TEST_CASE_METHOD(Scene, "SVG output is well-formed XML", "[render]") {
    export_map("map.svg", default_settings(Theme::Clusters, *data, style), *data,
               page_spec("A4", true, 300), {"Grappes", "eps", {}});
    QFile f("map.svg");
    REQUIRE(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    int elements = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        elements += xml.isStartElement();
    }
    CHECK_FALSE(xml.hasError());
    CHECK(elements > 50);
}

TEST_CASE_METHOD(Scene, "the atlas has a cover, an overview, one page per CTG and methods",
                 "[render][atlas]") {
    const int pages = write_atlas("atlas.pdf", *data, style);
    CHECK(pages == 1 + 1 + 2 + 1);
    const std::string pdf = slurp("atlas.pdf");
    const std::regex page_object("/Type\\s*/Page[^s]");
    const auto count = std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page_object),
                                     std::sregex_iterator());
    CHECK(count == pages);
    CHECK(pdf.find("/FontFile2") != std::string::npos); // embedded fonts: vector text
}

TEST_CASE("unknown themes, formats and page sizes are refused", "[render]") {
    CHECK_FALSE(parse_theme("heatmap"));
    CHECK(parse_theme("hotspots") == Theme::Hotspots);
    CHECK_FALSE(format_for("map.jpg"));
    CHECK(format_for("MAP.PDF") == Format::Pdf);
    REQUIRE_THROWS_AS(page_spec("A5", false, 300), std::invalid_argument);
    REQUIRE_THROWS_AS(page_spec("A4", false, 5), std::invalid_argument);
    REQUIRE_THROWS_AS(page_spec("A4", false, 5000), std::invalid_argument);
    REQUIRE_THROWS_AS(page_spec("A4", false, std::nan("")), std::invalid_argument);
    CHECK(page_spec("A4", false, kMinDpi).dpi == kMinDpi);
}

TEST_CASE_METHOD(Scene, "titles and subtitles print the radius once, the same way", "[render]") {
    const PageTexts gaps = page_texts(Theme::Gaps, *data);
    CHECK(gaps.subtitle.contains(QStringLiteral("2,5\u202Fkm")));
    CHECK_FALSE(gaps.subtitle.contains(QStringLiteral("2\u202Fkm")));
    CHECK(gaps.title.endsWith(QStringLiteral(" — 99")));
    const PageTexts ctg = page_texts(Theme::Clusters, *data, QStringLiteral("200000002"));
    CHECK(ctg.title.endsWith(QStringLiteral("EPCI 200000002")));
    CHECK(ctg.subtitle.contains(QStringLiteral("5\u202Fkm")));
    CHECK(sources_line(*data).contains(QStringLiteral("6.0.0")));
    CHECK(sources_line(*data).contains(QStringLiteral("1 janvier 2026")));
}

TEST_CASE_METHOD(Scene, "a PDF or SVG that cannot be written is an OutputError, nothing left",
                 "[render]") {
    // A (non-empty) directory where the temporary file should go: the writer cannot open it.
    std::filesystem::remove("blocked.pdf");
    std::filesystem::remove("blocked.svg");
    const std::string blocker = ".blocked.tmp-" + std::to_string(::getpid());
    for (const char* ext : {".pdf", ".svg"}) {
        std::filesystem::create_directory(blocker + ext);
        test::write_file(blocker + ext + "/x", "x");
    }
    const MapSettings s = default_settings(Theme::Gaps, *data, style);
    CHECK_THROWS_AS(export_map("blocked.pdf", s, *data, page_spec("A4", false, 72), {"t", "s", {}}),
                    OutputError);
    CHECK_THROWS_AS(export_map("blocked.svg", s, *data, page_spec("A4", false, 72), {"t", "s", {}}),
                    OutputError);
    CHECK_THROWS_AS(write_atlas("blocked.pdf", *data, style), OutputError);
    CHECK_FALSE(std::filesystem::exists("blocked.pdf"));
    CHECK_FALSE(std::filesystem::exists("blocked.svg"));
    std::filesystem::remove_all(blocker + ".pdf");
    std::filesystem::remove_all(blocker + ".svg");
}

TEST_CASE_METHOD(Scene, "under SOURCE_DATE_EPOCH two renders give byte-identical SVG and PDF",
                 "[render][reproducible]") {
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    const MapSettings s = default_settings(Theme::Gaps, *data, style);
    for (const char* ext : {".svg", ".pdf"}) {
        const std::string a = std::string("repro-a") + ext, b = std::string("repro-b") + ext;
        export_map(a, s, *data, page_spec("A4", false, 72), {"Titre", "Sous-titre", {}});
        export_map(b, s, *data, page_spec("A4", false, 72), {"Titre", "Sous-titre", {}});
        INFO(ext);
        CHECK(slurp(a) == slurp(b));
    }
    write_atlas("repro-a.atlas.pdf", *data, style);
    write_atlas("repro-b.atlas.pdf", *data, style);
    CHECK(slurp("repro-a.atlas.pdf") == slurp("repro-b.atlas.pdf"));
    CHECK(slurp("repro-a.pdf").find("D:20231114221320") != std::string::npos);
    unsetenv("SOURCE_DATE_EPOCH");
}

namespace {

// The Scene with three more initiatives in the east commune in 2022 (CTG 2: 0 → 3) and site
// suggestions; hot-spot classes forced to every level to check the palette.
std::shared_ptr<const MapData> decision_scene(bool with_scenario) {
    Territory t = test::make_territory(
        {{"99001", test::square(700000, 6400000, 10000), 1000, "200000001"},
         {"99002", test::square(710000, 6400000, 10000), 500, "200000002"}});
    StudyInputs in;
    Structure s;
    s.name = "CS Ouest";
    s.type = StructureType::CS;
    s.place = test::placed(t, XY{700000, 6405000});
    in.structures.push_back(s);
    auto add = [&](XY xy, int year) {
        Initiative it;
        it.title = "I";
        it.year = year;
        it.place = test::placed(t, xy);
        in.initiatives.push_back(it);
    };
    add({701000, 6401000}, 2021);
    add({701200, 6401000}, 2022);
    for (int i = 0; i < 3; ++i)
        add({712000.0 + i * 300, 6405000}, 2022);
    if (with_scenario) {
        Study study;
        Scenario sc;
        sc.name = "EVS Est";
        sc.add.push_back({{}, {}, "", "99002", ""});
        study.scenarios.push_back(sc);
        in.scenarios = resolve_scenarios(study, t, in.structures);
    }
    AnalysisParameters p;
    p.set(ParameterId::CoverageRadiusKm, 2.5, {});
    p.set(ParameterId::SuggestNew, 1, {});
    StudyRun run = test::make_run(std::move(t), std::move(in), p);
    run.study.departements = {"99"};
    return std::make_shared<MapData>(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
}

QImage paint(const MapSettings& s, const MapData& d) {
    QImage img(400, 200, QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    paint_map(p, QRectF(0, 0, 400, 200), s, d);
    return img;
}

} // namespace

TEST_CASE("evolution theme: CTGs in the diverging palette, legend by class, subtitle years",
          "[render][evolution]") {
    const auto d = decision_scene(false);
    const MapStyle& style = test::bundled_style();
    MapSettings s = default_settings(Theme::Evolution, *d, style);
    s.extent = QRectF(700000, 6400000, 20000, 10000);
    s.dpi = 96;
    s.layers.labels = false;
    s.layers.neighbours = false;
    const QImage img = paint(s, *d);
    // East CTG: +3 with threshold max(2, ⌈3/2⌉) = 2 → strong increase; west: 1 → 1, stable.
    auto near = [](QColor a, QColor b) {
        return std::abs(a.red() - b.red()) <= 3 && std::abs(a.green() - b.green()) <= 3 &&
               std::abs(a.blue() - b.blue()) <= 3;
    };
    CHECK(near(img.pixelColor(340, 40), to_qcolor(style.evolution[4])));
    CHECK(near(img.pixelColor(60, 40), to_qcolor(style.evolution[2])));
    std::vector<QString> labels;
    for (const LegendEntry& e : legend_entries(s, *d))
        labels.push_back(e.label);
    CHECK(std::count(labels.begin(), labels.end(), QStringLiteral("Stable initiative(s)")) == 1);
    CHECK(std::count(labels.begin(), labels.end(),
                     QStringLiteral("Hausse de 2 ou plus initiative(s)")) == 1);
    const PageTexts texts = page_texts(Theme::Evolution, *d);
    CHECK(texts.subtitle.contains(QStringLiteral("2022 comparé à 2021")));
    CHECK(page_texts(Theme::Evolution, *d, {}, 2021).subtitle.contains(QStringLiteral("2021 comparé à 2020")));
    CHECK(parse_theme("evolution") == Theme::Evolution);
}

TEST_CASE("hot-spot classes -3..3 are filled with their own colours", "[render][hotspots]") {
    const auto base = decision_scene(false);
    StudyRun run = base->run();
    auto result = std::make_shared<AnalysisResult>(analyse(*run.territory, *run.inputs, run.parameters));
    result->communes[0].hotspot = -3;
    result->communes[1].hotspot = 2;
    run.result = result;
    const MapData d(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
    const MapStyle& style = test::bundled_style();
    MapSettings s = default_settings(Theme::Hotspots, d, style);
    s.extent = QRectF(700000, 6400000, 20000, 10000);
    s.dpi = 96;
    s.layers.labels = false;
    s.layers.neighbours = false;
    s.layers.initiatives = false;
    const QImage img = paint(s, d);
    CHECK(img.pixelColor(60, 40) == to_qcolor(style.hotspot(-3)->color));
    CHECK(img.pixelColor(340, 40) == to_qcolor(style.hotspot(2)->color));
    std::vector<QString> fills;
    for (const LegendEntry& e : legend_entries(s, d))
        if (e.kind == LegendEntry::Kind::Fill)
            fills.push_back(e.label);
    CHECK(fills == std::vector<QString>{QStringLiteral("Point froid, significatif à 99 %"),
                                        QStringLiteral("Point chaud, significatif à 95 %")});
}

TEST_CASE("suggested sites are drawn over the coverage map and listed in the legend",
          "[render][suggest]") {
    const auto d = decision_scene(false);
    REQUIRE(d->suggested_sites().size() == 1);
    CHECK(d->suggested_sites()[0].label == QStringLiteral("1"));
    MapSettings s = default_settings(Theme::Gaps, *d, test::bundled_style());
    bool listed = false;
    for (const LegendEntry& e : legend_entries(s, *d))
        listed |= e.label.startsWith(QStringLiteral("Site proposé"));
    CHECK(listed);
    s.layers.suggestions = false;
    for (const LegendEntry& e : legend_entries(s, *d))
        CHECK_FALSE(e.label.startsWith(QStringLiteral("Site proposé")));
}

TEST_CASE("the atlas gains a scenario page when the study has scenarios", "[render][atlas]") {
    const auto d = decision_scene(true);
    REQUIRE(d->result().scenarios.size() == 2);
    const int pages = write_atlas("atlas-scenarios.pdf", *d, test::bundled_style());
    CHECK(pages == 1 + 1 + 2 + 1 + 1);
}

// Issue 11: maps drawn from demonstration data say so where the map is; coverage titles follow
// coverage_types and the rule; agreed zones are drawn and in the legend.
TEST_CASE("demonstration data and agreed zones on the map page", "[render][avs]") {
    Territory t = test::make_territory(
        {{"99001", test::square(700000, 6400000, 10000), 1000, "200000001"},
         {"99002", test::square(710000, 6400000, 10000), 500, "200000002"}});
    t.crs = "EPSG:2154";
    StudyInputs in;
    Structure s;
    s.name = "CS Ouest";
    s.type = StructureType::CS;
    s.place = test::placed(t, XY{700000, 6405000});
    s.zone_insee = {"99001"};
    s.agreement_start = "2021-01-01";
    s.agreement_end = "2022-12-31";
    in.structures.push_back(s);
    Initiative it;
    it.title = "I";
    it.year = 2022;
    it.illustrative = true;
    it.place = test::placed(t, XY{701000, 6401000});
    in.initiatives.push_back(it);
    in.zones = build_zones(in.structures, std::nullopt, t, in.rejects, in.diagnostics);
    in.has_zones = true;
    in.illustrative.initiatives = true;
    AnalysisParameters p;
    p.set_coverage_types({StructureType::CS}, {});
    StudyRun run = test::make_run(std::move(t), std::move(in), p);
    run.study.departements = {"99"};
    const MapData d(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});

    const PageTexts gaps = page_texts(Theme::Gaps, d);
    CHECK(gaps.title.startsWith(QStringLiteral("Zones non couvertes par un centre social — ")));
    CHECK_FALSE(gaps.title.contains(QStringLiteral("EVS")));
    CHECK(gaps.subtitle.contains(QStringLiteral("zones de compétence")));
    CHECK(gaps.demonstration.isEmpty()); // coverage rests on real structures here
    const PageTexts clusters = page_texts(Theme::Clusters, d);
    CHECK(clusters.demonstration.contains(QStringLiteral("Données de démonstration")));
    CHECK(clusters.demonstration.contains(QStringLiteral("initiatives")));

    REQUIRE(d.zones().size() == 1);
    const MapSettings settings = default_settings(Theme::Gaps, d, test::bundled_style());
    bool zone_in_legend = false;
    for (const LegendEntry& e : legend_entries(settings, d))
        zone_in_legend |= e.label == QStringLiteral("Zone de compétence agréée");
    CHECK(zone_in_legend);
    // The page paints (zones, red mention) without error.
    export_map("demo.png", default_settings(Theme::Clusters, d, test::bundled_style()), d,
               page_spec("A4", false, 60), clusters);
    CHECK(QImage(QStringLiteral("demo.png")).width() > 0);

    // Under the map view's year selector the zone leaves with its structure (agreement
    // 2021–2022): not drawn, not in the legend, in 2023; drawn in 2022 as with no year.
    auto in_year = [&](std::optional<int> year) {
        MapSettings s = settings;
        s.extent = QRectF(698000, 6398000, 24000, 14000);
        s.year_filter = year;
        bool in_legend = false;
        for (const LegendEntry& e : legend_entries(s, d))
            in_legend |= e.label == QStringLiteral("Zone de compétence agréée");
        return std::pair{paint(s, d), in_legend};
    };
    const auto [all, all_legend] = in_year(std::nullopt);
    const auto [y2022, legend_2022] = in_year(2022);
    const auto [y2023, legend_2023] = in_year(2023);
    CHECK(all_legend);
    CHECK(legend_2022);
    CHECK_FALSE(legend_2023);
    CHECK(y2022 == all);
    // The zone's commune (left half) changes colour without it; the other commune does not.
    const QPoint zone_pixel(all.width() / 4, all.height() / 2);
    CHECK(y2023.pixel(zone_pixel) != all.pixel(zone_pixel));
    // The map view's layer cache tells the two years apart.
    const auto shared =
        std::make_shared<const MapData>(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
    MapSettings in_2022 = settings, in_2023 = settings;
    in_2022.year_filter = 2022;
    in_2023.year_filter = 2023;
    CHECK(layer_key(LayerGroup::Polygons, in_2022, shared, 1).signature !=
          layer_key(LayerGroup::Polygons, in_2023, shared, 1).signature);
}

namespace {
// The scene's two communes in `theme`, painted by paint() above.
QImage scene_pixels(const MapData& data, Theme theme, const MapStyle& style) {
    MapSettings s = default_settings(theme, data, style);
    s.extent = QRectF(698000, 6398000, 24000, 14000);
    s.dpi = 96;
    return paint(s, data);
}
} // namespace

TEST_CASE_METHOD(Scene, "map data after a re-analysis: what it lends from the previous one draws "
                        "the same pixels as a fresh snapshot",
                 "[render]") {
    // A re-analysis with a smaller radius (new gaps) and one with a new DBSCAN eps: the hot-spot
    // classes and the inputs are the same, so the class paths and the input layers are lent.
    for (double radius : {1.0, 2.5}) {
        StudyRun run = data->run();
        AnalysisParameters p = run.parameters;
        p.set(ParameterId::CoverageRadiusKm, radius, {});
        p.set(ParameterId::ClusterEpsKm, 1.5, {});
        run.parameters = p;
        run.result = std::make_shared<const AnalysisResult>(
            reanalyse(*run.territory, *run.inputs, p, data->result(), data->parameters()));
        const MapSource source{run, nullptr, "6.0.0", "1 janvier 2026"};
        const MapData lent(source, data->shapes_ptr(), data.get());
        const MapData fresh(source);
        CHECK(lent.structures().size() == fresh.structures().size());
        CHECK(lent.initiatives().size() == fresh.initiatives().size());
        for (Theme theme : {Theme::Gaps, Theme::Hotspots, Theme::Clusters}) {
            INFO("radius " << radius << ", theme " << static_cast<int>(theme));
            CHECK(scene_pixels(lent, theme, style) == scene_pixels(fresh, theme, style));
        }
        for (int c = -3; c <= 3; ++c)
            CHECK(lent.communes_of_class(c, 0) == fresh.communes_of_class(c, 0));
    }
}

TEST_CASE_METHOD(Scene, "map data after a re-analysis lends nothing that changed: other hot-spot "
                        "classes, other inputs",
                 "[render]") {
    SECTION("other hot-spot classes: the class paths are built again") {
        AnalysisResult changed = analyse(data->territory(), data->inputs(), data->parameters());
        REQUIRE(changed.communes.size() == 2);
        changed.communes[0].hotspot = 3; // a hot spot where there was none
        REQUIRE(data->hotspots()[0] != 3);
        StudyRun run = data->run();
        run.result = std::make_shared<const AnalysisResult>(std::move(changed));
        const MapSource source{run, nullptr, "6.0.0", "1 janvier 2026"};
        const MapData lent(source, data->shapes_ptr(), data.get());
        const MapData fresh(source);
        CHECK(lent.communes_of_class(3, 0) == fresh.communes_of_class(3, 0));
        CHECK_FALSE(lent.communes_of_class(3, 0).isEmpty());
        CHECK(scene_pixels(lent, Theme::Hotspots, style) ==
              scene_pixels(fresh, Theme::Hotspots, style));
    }
    SECTION("other inputs (a second structure): the input layers are built again") {
        StudyInputs in;
        for (const Structure& s : data->inputs().structures)
            in.structures.push_back(s);
        Structure more = in.structures.front();
        more.name = "EVS Est";
        more.type = StructureType::EVS;
        more.place = test::placed(data->territory(), XY{715000, 6405000});
        in.structures.push_back(more);
        for (const Initiative& it : data->inputs().initiatives)
            in.initiatives.push_back(it);
        StudyRun run = data->run();
        run.inputs = std::make_shared<const StudyInputs>(std::move(in));
        run.result = std::make_shared<const AnalysisResult>(
            analyse(*run.territory, *run.inputs, run.parameters));
        const MapSource source{run, nullptr, "6.0.0", "1 janvier 2026"};
        const MapData lent(source, data->shapes_ptr(), data.get());
        const MapData fresh(source);
        CHECK(lent.structures().size() == 2);
        CHECK(scene_pixels(lent, Theme::Structures, style) ==
              scene_pixels(fresh, Theme::Structures, style));
        CHECK(scene_pixels(lent, Theme::Gaps, style) == scene_pixels(fresh, Theme::Gaps, style));
    }
}
