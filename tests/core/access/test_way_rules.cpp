#include "access/way_rules.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;
using namespace tecsmap::access;

TEST_CASE("maxspeed syntaxes: numbers and units in, zones and lists out", "[access][rules]") {
    CHECK(parse_maxspeed("50") == Approx(50));
    CHECK(parse_maxspeed(" 50 km/h") == Approx(50));
    CHECK(parse_maxspeed("50kmh") == Approx(50));
    CHECK(parse_maxspeed("50 kph") == Approx(50));
    CHECK(parse_maxspeed("7.5") == Approx(7.5));
    CHECK(*parse_maxspeed("30 mph") == Approx(48.28032).epsilon(1e-12));
    CHECK_FALSE(parse_maxspeed("FR:urban"));
    CHECK_FALSE(parse_maxspeed("none"));
    CHECK_FALSE(parse_maxspeed("walk"));
    CHECK_FALSE(parse_maxspeed("50;70"));
    CHECK_FALSE(parse_maxspeed("0"));
    CHECK_FALSE(parse_maxspeed("-30"));
    CHECK_FALSE(parse_maxspeed("20 knots"));
    CHECK_FALSE(parse_maxspeed(""));
}

TEST_CASE("routable classes, access, ferries, construction", "[access][rules]") {
    const SpeedTable speeds = default_speeds_kmh();
    auto rule = [&](WayTags t) { return classify_way(t, speeds); };
    CHECK(rule({"primary", "", "", "", "", ""}).routable);
    CHECK(rule({"primary", "", "", "", "", ""}).speed_kmh == 80);
    CHECK_FALSE(rule({"track", "", "", "", "", ""}).routable); // absent from the table
    CHECK_FALSE(rule({"footway", "", "", "", "", ""}).routable);
    CHECK_FALSE(rule({"residential", "private", "", "", "", ""}).routable);
    CHECK_FALSE(rule({"residential", "no", "", "", "", ""}).routable);
    CHECK(rule({"residential", "destination", "", "", "", ""}).routable);
    CHECK_FALSE(rule({"construction", "", "", "", "", ""}).routable);
    CHECK_FALSE(rule({"proposed", "", "", "", "", ""}).routable);
    CHECK_FALSE(rule({"", "", "ferry", "", "", ""}).routable);
    CHECK_FALSE(rule({"primary", "", "ferry", "", "", ""}).routable);
}

TEST_CASE("one-way as OpenStreetMap defines it", "[access][rules]") {
    const SpeedTable speeds = default_speeds_kmh();
    auto dir = [&](const char* hw, const char* oneway, const char* junction) {
        return classify_way({hw, "", "", oneway, junction, ""}, speeds).direction;
    };
    CHECK(dir("residential", "", "") == Direction::both);
    CHECK(dir("residential", "yes", "") == Direction::forward);
    CHECK(dir("residential", "true", "") == Direction::forward);
    CHECK(dir("residential", "1", "") == Direction::forward);
    CHECK(dir("residential", "-1", "") == Direction::backward);
    CHECK(dir("residential", "reverse", "") == Direction::backward);
    CHECK(dir("residential", "", "roundabout") == Direction::forward);
    CHECK(dir("residential", "", "circular") == Direction::forward);
    CHECK(dir("tertiary", "no", "roundabout") == Direction::both);
    CHECK(dir("motorway", "", "") == Direction::forward);
    CHECK(dir("motorway", "no", "") == Direction::both);
    CHECK(dir("motorway", "-1", "") == Direction::backward);
    CHECK(dir("motorway_link", "", "") == Direction::both); // only motorway is implied
}

TEST_CASE("maxspeed caps the class speed, never raises it", "[access][rules]") {
    const SpeedTable speeds = default_speeds_kmh();
    CHECK(classify_way({"primary", "", "", "", "", "50"}, speeds).speed_kmh == 50);
    CHECK(classify_way({"residential", "", "", "", "", "130"}, speeds).speed_kmh == 30);
    CHECK(classify_way({"primary", "", "", "", "", "FR:urban"}, speeds).speed_kmh == 80);
}

TEST_CASE("speed table overridden key by key", "[access][rules]") {
    const SpeedTable t = merge_speeds({{"primary", 70}, {"track", 15}, {"service", 0}});
    CHECK(t.at("primary") == 70);
    CHECK(t.at("track") == 15);
    CHECK(t.count("service") == 0);
    CHECK(t.at("motorway") == 110);
    CHECK_THROWS_AS(merge_speeds({{"primary", -5}}), StudyError);
    CHECK_THROWS_WITH(merge_speeds({{"primary", -5}}), Catch::Contains("speeds_kmh.primary"));
    CHECK_THROWS_AS(merge_speeds({{"", 30}}), StudyError);
}
