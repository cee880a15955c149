#pragma once
// Map styles loaded from styles/tecsmap.toml: colours, strokes, symbols, labels. Plain data,
// shared by the QML writer (GeoPackage layer_styles), the renderer and the map view.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

struct Rgb {
    int r = 0, g = 0, b = 0;
    std::string hex() const;
};

struct FillStyle {
    Rgb fill;
    Rgb stroke;
    double stroke_width_mm = 0.2;
    std::string hatch; ///< empty: solid
    std::string label;
};

struct MarkerStyle {
    Rgb color;
    std::string shape = "circle"; ///< circle, square, triangle, diamond, pentagon
    double size_mm = 2.0;
    std::string label;
};

struct LineStyle {
    Rgb color;
    double width_mm = 0.5;
    std::string dash; ///< "", "dash", "dot", "dash dot"
    std::string label;
};

struct HotspotClass {
    int value = 0;
    Rgb color;
    std::string label;
};

/// A class of minutes by road (sequential): minutes <= upto (the last class is open).
struct MinutesClass {
    double upto = 0; ///< +infinity for the last class
    Rgb color;
    std::string label;
};

/// Travel-time maps (issue 12): cells and communes by minutes, isochrones.
struct AccessStyle {
    std::vector<MinutesClass> classes; ///< ascending; the last one open
    Rgb unreachable{106, 106, 106};
    std::string unreachable_label = "aucune structure accessible";
    std::vector<Rgb> isochrone_colors; ///< the isochrones' minutes in ascending order, cycled
    /// The E2SFCA theme's classes, lowest index first (spread over the classes the data gives);
    /// a structure-less catchment (index 0) takes `unreachable`.
    std::vector<Rgb> e2sfca_colors;
    double isochrone_opacity = 0.12;
    double isochrone_width_mm = 0.45;

    /// Index of the class of a value (classes.size() for "unreachable").
    std::size_t class_of(const std::optional<double>& minutes) const;
    Rgb isochrone_color(std::size_t rank) const;
};

/// The [access] section's defaults (used when a style file has none).
AccessStyle default_access_style();

struct MapStyle {
    FillStyle communes;
    LineStyle epci;
    LineStyle ctg;
    std::vector<Rgb> ctg_palette;
    FillStyle gaps;
    std::vector<HotspotClass> hotspots; ///< -3..3: cold 99/95/90 %, neutral, hot 90/95/99 %
    double cluster_opacity = 0.45;
    double cluster_stroke_mm = 0.4;
    std::string cluster_label;
    MarkerStyle initiative;
    MarkerStyle structure_default;
    std::map<std::string, MarkerStyle> structure_types; ///< CS, EVS, ...
    std::map<std::string, LineStyle> perimeters;        ///< PAT, PCAET, CTE
    /// Agreed intervention zones (structure_zones): light fill, dashed outline.
    FillStyle zones{{5, 113, 176}, {5, 113, 176}, 0.5, "", "Zone de compétence agréée"};
    double zones_fill_opacity = 0.10;
    std::string zones_dash = "dash";
    AccessStyle access = default_access_style();
    MarkerStyle suggestion{{0, 68, 27}, "diamond", 4.2, "Site proposé (rang)"};
    MarkerStyle best_site{{65, 171, 93}, "pentagon", 3.4, "Meilleur site de la CTG"};
    MarkerStyle scenario_site{{106, 81, 163}, "diamond", 3.6, "Site d'un scénario"};
    /// Year-over-year differences, decrease to increase (5 classes).
    std::vector<Rgb> evolution{{197, 27, 125}, {233, 163, 201}, {247, 247, 247},
                               {161, 215, 106}, {77, 146, 33}};

    /// The class of a hot-spot value (-3..3); nullptr when the style has none.
    const HotspotClass* hotspot(int value) const;

    /// Marker of a structure type ("CS", "EVS", "autre"), the default one for others.
    const MarkerStyle& structure(const std::string& type) const;
    /// Line style of a perimeter kind ("PAT", "PCAET", "CTE"); nullptr when not styled.
    const LineStyle* perimeter(const std::string& kind) const;
    Rgb ctg_color(std::size_t index) const;
};

/// Loads a style file; throws StudyError naming the file and key on a bad value.
MapStyle load_map_style(const std::string& path);
/// styles/tecsmap.toml of the installation (paths.hpp styles_dir()).
std::string default_style_path();
Rgb parse_rgb(const std::string& hex);

} // namespace tecsmap
