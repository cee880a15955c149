// The TECS programme per CTG and year as the atlas and the map view print it
// (programme_table.hpp): the figures of ctg_indicators_by_year, the change from the previous
// year, the latest years only when asked, and the demonstration mention when a column derives
// from illustrative inputs. Hand-made territory: two communes, one per CTG.
#include "analysis/analysis.hpp"
#include "fixtures.hpp"
#include "map_data.hpp"
#include "programme_table.hpp"

#include <catch2/catch.hpp>

#include <QImage>

using namespace tecsmap;
using namespace tecsmap::render;

namespace {

// CTG 1 (99001): initiatives 2021 ×1, 2022 ×3, 2023 ×2; a CS with the internal bonus and an
// ambassador in 2022, the external bonus in 2023. CTG 2 (99002): nothing.
std::shared_ptr<const MapData> scene(bool illustrative) {
    Territory t = test::make_territory(
        {{"99001", test::square(700000, 6400000, 10000), 1000, "200000001"},
         {"99002", test::square(710000, 6400000, 10000), 500, "200000002"}});
    t.crs = "EPSG:2154";
    StudyInputs in;
    Structure s;
    s.name = "CS Ouest";
    s.type = StructureType::CS;
    s.place = test::placed(t, XY{705000, 6405000});
    s.programme.by_year[2022].bonus_interne = true;
    s.programme.by_year[2022].ambassador = true;
    s.programme.by_year[2023].bonus_externe = true;
    in.structures.push_back(s);
    for (int year : {2021, 2022, 2022, 2022, 2023, 2023}) {
        Initiative it;
        it.title = "I" + std::to_string(year);
        it.year = year;
        it.place = test::placed(t, XY{702000, 6402000});
        in.initiatives.push_back(it);
    }
    in.illustrative.initiatives = illustrative;
    AnalysisParameters p;
    StudyRun run = test::make_run(std::move(t), std::move(in), p);
    return std::make_shared<MapData>(MapSource{run, nullptr, "6.0.0", "1 janvier 2026"});
}

} // namespace

TEST_CASE("programme table: the CTG's years, changes, bonus dimensions and ambassadors",
          "[render][programme]") {
    const auto d = scene(false);
    const std::size_t k = d->territory().ctg_index("200000001");
    const ProgrammeTable t = programme_table(*d, k);
    REQUIRE(t.header.size() == 7);
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0] == QStringList{"2021", "1", "—", "0", "0", "0", "0"});
    CHECK(t.rows[1] == QStringList{"2022", "3", "+2", "1", "0", "0", "1"});
    CHECK(t.rows[2] == QStringList{"2023", "2", "−1", "0", "1", "0", "0"});
    CHECK(t.note.isEmpty());
    // The latest years only.
    const ProgrammeTable last = programme_table(*d, k, 2);
    REQUIRE(last.rows.size() == 2);
    CHECK(last.rows[0][0] == "2022");
    // The other CTG has the same years, with nothing in them.
    const ProgrammeTable other = programme_table(*d, d->territory().ctg_index("200000002"));
    REQUIRE(other.rows.size() == 3);
    CHECK(other.rows[1] == QStringList{"2022", "0", "0", "0", "0", "0", "0"});

    const QString html = programme_html(t);
    CHECK(html.contains(QStringLiteral("Programme TECS par année")));
    CHECK(html.contains(QStringLiteral("<td align='right'>+2</td>")));
    CHECK_FALSE(html.contains(QStringLiteral("démonstration")));

    // Drawn: something in the box, nothing outside it.
    QImage img(600, 400, QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    const double bottom = draw_programme_table(p, QRectF(20, 20, 560, 360), 4, t);
    p.end();
    CHECK(bottom > 40);
    CHECK(bottom <= 380);
    int ink = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            ink += img.pixel(x, y) != qRgb(255, 255, 255);
    CHECK(ink > 100);
}

TEST_CASE("programme table: figures from demonstration initiatives say so",
          "[render][programme]") {
    const auto d = scene(true);
    const ProgrammeTable t = programme_table(*d, 0);
    CHECK(t.note.contains(QStringLiteral("démonstration")));
    CHECK(t.note.contains(QStringLiteral("initiatives")));
    CHECK_FALSE(t.note.contains(QStringLiteral("bonus")));
    CHECK(programme_html(t).contains(QStringLiteral("#b2182b")));
}
