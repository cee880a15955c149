#pragma once
// What-if scenarios saved in the study file ([[scenario]] tables, docs/study-file.md): a name,
// hypothetical sites to add (by coordinates or on a commune's representative point) and
// existing structures to take out (by name), and communes to add to the agreed zone of an
// existing structure (an extended agreement).
// Plain data as written; scenario_resolution.hpp places them in a territory.

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

struct ScenarioSite {
    std::optional<double> x, y; ///< coordinates in `crs` (default: the study's metric CRS)
    std::string crs;            ///< e.g. "EPSG:4326" for x = longitude, y = latitude
    std::string commune;        ///< INSEE code: the site is the commune's representative point
    std::string name;           ///< label, e.g. « EVS de Dieulefit (projet) »

    bool operator==(const ScenarioSite&) const = default;
};

/// Communes added to the agreed intervention zone of an existing structure.
struct ZoneExtension {
    std::string structure;             ///< name, as in the structures layer
    std::vector<std::string> communes; ///< INSEE codes

    bool operator==(const ZoneExtension&) const = default;
};

struct Scenario {
    std::string name;
    std::string description;
    std::vector<ScenarioSite> add;
    std::vector<std::string> remove;   ///< structure names, as in the structures layer
    std::vector<ZoneExtension> extend; ///< extended agreements (zone rules only)
    int line = 0;                      ///< line of the [[scenario]] header in the study file

    /// Equality ignores the line (a saved and reloaded scenario is the same scenario).
    bool operator==(const Scenario& o) const {
        return name == o.name && description == o.description && add == o.add &&
               remove == o.remove && extend == o.extend;
    }
};

} // namespace tecsmap
