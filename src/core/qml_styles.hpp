#pragma once
// QGIS layer styles (QML) generated from the map style, stored in the GeoPackage's
// layer_styles table so that QGIS opens each output layer styled.

#include "map_style.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tecsmap {

struct QmlContext {
    /// CTGs (code, name), for clusters coloured by CTG with the names in the legend.
    std::vector<std::pair<std::string, std::string>> ctgs;
    /// The cells layer has minutes (a road network): styled by minutes, else by coverage.
    bool cells_have_minutes = false;
    /// Minutes of the isochrones layer, ascending.
    std::vector<double> isochrone_minutes;
    /// The hot-spot method (AnalysisResult::hotspot_method), named in the communes legend.
    std::string hotspot_method;
};

/// The QML document for one output layer (communes, epci, ctg, structures, initiatives,
/// initiative_clusters, coverage_gaps, perimeters, site_suggestions, best_site_per_ctg,
/// scenario_sites, cells, isochrones, structure_zones); empty for a layer without a style.
std::string qml_for_layer(const std::string& layer, const MapStyle& style, const QmlContext& ctx);

} // namespace tecsmap
