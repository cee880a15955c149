#include "way_rules.hpp"

#include "errors.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace tecsmap::access {

SpeedTable default_speeds_kmh() {
    // Free-flow car speeds on French roads, rounded; links slower than their road. `track`,
    // `path`, `footway`... are absent: not for cars (a study may add `track = 15`).
    return {
        {"motorway", 110},     {"motorway_link", 60}, {"trunk", 90},        {"trunk_link", 50},
        {"primary", 80},       {"primary_link", 50},  {"secondary", 70},    {"secondary_link", 45},
        {"tertiary", 60},      {"tertiary_link", 40}, {"unclassified", 50}, {"residential", 30},
        {"living_street", 10}, {"service", 20},       {"road", 30},
    };
}

SpeedTable merge_speeds(const std::map<std::string, double>& overrides) {
    SpeedTable table = default_speeds_kmh();
    for (const auto& [key, value] : overrides) {
        if (key.empty())
            throw StudyError("[accessibility] speeds_kmh : une clé vide n'est pas une classe de "
                             "route OpenStreetMap");
        if (!std::isfinite(value) || value < 0)
            throw StudyError("[accessibility] speeds_kmh." + key +
                             " : la vitesse doit être un nombre positif de km/h (0 retire la "
                             "classe)");
        if (value == 0)
            table.erase(key);
        else
            table[key] = value;
    }
    return table;
}

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}
} // namespace

std::optional<double> parse_maxspeed(std::string_view value) {
    value = trim(value);
    double number = 0;
    const char* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, number);
    if (ec != std::errc() || ptr == value.data() || !std::isfinite(number) || number <= 0)
        return std::nullopt;
    const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
    if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph")
        return number;
    if (unit == "mph")
        return number * 1.609344;
    return std::nullopt; // "50;70", "50 knots", ...: not a single speed in a unit we know
}

WayRule classify_way(const WayTags& t, const SpeedTable& speeds) {
    WayRule rule;
    if (t.highway.empty() || t.highway == "construction" || t.highway == "proposed")
        return rule;
    if (t.access == "no" || t.access == "private" || t.route == "ferry")
        return rule;
    const auto speed = speeds.find(t.highway);
    if (speed == speeds.end())
        return rule;
    rule.routable = true;
    rule.speed_kmh = speed->second;
    if (const auto cap = parse_maxspeed(t.maxspeed); cap && *cap < rule.speed_kmh)
        rule.speed_kmh = *cap;

    if (t.oneway == "yes" || t.oneway == "true" || t.oneway == "1")
        rule.direction = Direction::forward;
    else if (t.oneway == "-1" || t.oneway == "reverse")
        rule.direction = Direction::backward;
    else if (t.oneway == "no" || t.oneway == "false" || t.oneway == "0")
        rule.direction = Direction::both;
    else if (t.junction == "roundabout" || t.junction == "circular" || t.highway == "motorway")
        rule.direction = Direction::forward;
    return rule;
}

} // namespace tecsmap::access
