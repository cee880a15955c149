#pragma once
// The OpenStreetMap tagging rules of the road graph (docs/methods.md, "Accessibilité en temps de
// trajet (moteur)"): which ways are routable, in which direction, at what speed. A contract:
// results are checked against an independent implementation, so every rule is spelt out here
// and nowhere else.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tecsmap::access {

/// Speed per `highway` class, km/h. A class absent from the table is not routable.
using SpeedTable = std::map<std::string, double, std::less<>>;

/// The default table (motorway 110 ... living_street 10; `track` and paths are absent).
SpeedTable default_speeds_kmh();

/// The default table overridden key by key. A value of 0 removes the class (not routable); a
/// negative or non-finite value, or a class name that is not a `highway` value (empty), is a
/// StudyError naming the key.
SpeedTable merge_speeds(const std::map<std::string, double>& overrides);

/// The tags of a way the rules read ("" when absent).
struct WayTags {
    std::string_view highway;
    std::string_view access;
    std::string_view route;
    std::string_view oneway;
    std::string_view junction;
    std::string_view maxspeed;
};

/// `maxspeed` in km/h, or nullopt when it is not a plain number: "50", "50 km/h", "50kmh",
/// "50 kph" are 50; "30 mph" is 48.28032; "FR:urban", "none", "walk", "50;70", "0" are ignored.
std::optional<double> parse_maxspeed(std::string_view value);

enum class Direction { both, forward, backward };

struct WayRule {
    bool routable = false;
    Direction direction = Direction::both;
    double speed_kmh = 0; ///< class speed capped by maxspeed
};

/// Applies the rules: not routable when the class is absent from `speeds`, access=no|private,
/// highway=construction|proposed, route=ferry; one-way per oneway=yes|true|1 (forward),
/// oneway=-1|reverse (backward), implied by junction=roundabout|circular and highway=motorway
/// unless oneway=no|false|0; speed = min(class speed, numeric maxspeed).
WayRule classify_way(const WayTags& tags, const SpeedTable& speeds);

} // namespace tecsmap::access
