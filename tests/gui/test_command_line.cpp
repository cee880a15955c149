// tecsmap-gui's options: checked before any work, with messages that say what is accepted.
#include "command_line.hpp"
#include "drome_map.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;
using namespace tecsmap::gui;

TEST_CASE("the size option accepts WIDTHxHEIGHT within bounds only", "[gui][options]") {
    QString error;
    CHECK(parse_window_size("1600x1000", error) == QSize(1600, 1000));
    CHECK(parse_window_size("200X8000", error) == QSize(200, 8000));
    for (const char* bad : {"100000x100000", "199x800", "800x8001", "1600", "1600x", "x1000",
                            "-5x800", "1e3x800", "abc", "99999999999999999999x10"}) {
        INFO(bad);
        error.clear();
        CHECK_FALSE(parse_window_size(bad, error));
        CHECK(error.contains(QStringLiteral("de 200 à 8000")));
        CHECK(error.contains(QString::fromLatin1(bad)));
    }
}

TEST_CASE("the theme option lists the themes when it does not know one", "[gui][options]") {
    QString error;
    CHECK(parse_theme_option("hotspots", error) == render::Theme::Hotspots);
    CHECK_FALSE(parse_theme_option("couverture", error));
    CHECK(error.contains(QStringLiteral("« couverture »")));
    CHECK(error.contains(QStringLiteral("gaps, clusters, hotspots, perimeters, structures")));
}

TEST_CASE("the ctg option takes an index or a CTG code of the study", "[gui][options]") {
    test::DromeMap drome;
    const auto& ctgs = drome.data->ctgs();
    REQUIRE(ctgs.size() > 3);
    QString error;
    CHECK(resolve_ctg(*drome.data, "0", error) == std::size_t{0});
    CHECK(resolve_ctg(*drome.data, QString::number(ctgs.size() - 1), error) == ctgs.size() - 1);
    CHECK(resolve_ctg(*drome.data, ctgs[3].code, error) == std::size_t{3});
    CHECK(resolve_ctg(*drome.data, " " + ctgs[2].code + " ", error) == std::size_t{2});
    for (const QString& bad : {QStringLiteral("999"), QStringLiteral("-1"), QStringLiteral("abc"),
                               QString::number(ctgs.size()), QStringLiteral("200000000")}) {
        INFO(bad.toStdString());
        error.clear();
        CHECK_FALSE(resolve_ctg(*drome.data, bad, error));
        CHECK(error.contains("« " + bad + " »"));
        CHECK(error.contains(QStringLiteral("de 0 à %1").arg(ctgs.size() - 1)));
        CHECK(error.contains(ctgs[0].code));
    }
}
