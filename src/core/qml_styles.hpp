#pragma once
// QGIS layer styles (QML) generated from the map style, stored in the GeoPackage's
// layer_styles table so that QGIS opens each output layer styled.

#include "map_style.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct QmlContext {
    std::vector<std::string> ctg_codes;       ///< for clusters coloured by CTG
    std::vector<std::string> ctg_names;       ///< legend labels, parallel to ctg_codes
    std::vector<std::string> structure_types; ///< types present, for the legend
    double radius_km = 10;
};

/// The QML document for one output layer (communes, epci, ctg, structures, initiatives,
/// initiative_clusters, coverage_gaps, perimeters); empty for a layer without a style.
std::string qml_for_layer(const std::string& layer, const MapStyle& style, const QmlContext& ctx);

} // namespace tecsmap
