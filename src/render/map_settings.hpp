#pragma once
// What to draw and how large: a value snapshot handed to a render (print or map view), so that
// a render running on a worker thread never sees the settings change under it.

#include "map_style.hpp"

#include <QColor>
#include <QRectF>
#include <QSize>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace tecsmap::render {

/// Access: minutes by road; AccessIndex: the E2SFCA accessibility index (both need roads).
enum class Theme { Gaps, Clusters, Hotspots, Perimeters, Structures, Evolution, Access, AccessIndex };

/// The two themes drawn from the travel figures (communes, or inhabited cells).
inline bool is_access_theme(Theme t) {
    return t == Theme::Access || t == Theme::AccessIndex;
}

/// "gaps", "clusters", "hotspots", "perimeters", "structures", "evolution", "acces" (travel
/// times by road, for a study with [accessibility] roads); nullopt otherwise.
std::optional<Theme> parse_theme(const std::string& name);
std::string theme_key(Theme theme);
/// French title of a theme's map, e.g. « Couverture par les structures d'animation de la vie
/// sociale ».
QString theme_title(Theme theme);

/// Layers the map view can toggle; print renders use the theme's defaults.
struct LayerVisibility {
    bool neighbours = true;
    bool communes = true;
    bool epci = true;
    bool ctg = true;
    bool gaps = true;
    bool clusters = true;
    bool hotspots = true;
    bool perimeters = true;
    bool structures = true;
    bool initiatives = true;
    bool labels = true;
    bool access = true;     ///< theme acces: communes or population cells by minutes
    bool isochrones = true; ///< theme acces: isochrones (when the study computed them)
    bool suggestions = true; ///< site suggestions ([suggest] new) over gaps and structures
    double gaps_opacity = 1.0;
    double access_opacity = 1.0;
    double clusters_opacity = 1.0;
    double hotspots_opacity = 1.0;
    double perimeters_opacity = 1.0;
    /// Drawing order of the thematic overlays, bottom first (the map view lets users change it).
    std::vector<std::string> overlay_order{"gaps", "clusters", "perimeters", "structures",
                                           "initiatives"};
};

struct MapSettings {
    Theme theme = Theme::Gaps;
    QRectF extent;               ///< metric CRS rectangle to show (fitted, aspect kept)
    QSize size_px;               ///< output size in device pixels
    double dpi = 96;             ///< device resolution: pen widths and fonts are in mm and points
    QString focus_ctg;           ///< a CTG code: others faded; empty: none
    bool commune_labels = false; ///< also at small scales; they appear anyway when zoomed in
    bool overlay_initiatives = false; ///< draw initiatives whatever the theme (atlas pages)
    std::optional<int> year; ///< evolution: year N compared with N−1 (default: latest dated)
    /// The map view's year selector: only the initiatives of this year are drawn, and only the
    /// structures whose agreement runs that year (undated ones always); all if none.
    std::optional<int> year_filter;
    LayerVisibility layers;
    MapStyle style;
    QColor background = Qt::white;

    double mm_to_px(double mm) const { return mm / 25.4 * dpi; }
};

} // namespace tecsmap::render
