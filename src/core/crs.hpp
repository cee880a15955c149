#pragma once
// Coordinate reference systems of a study and transformations between them. Transformations go
// through OGRCoordinateTransformation, which is GDAL's front end to PROJ: one mechanism for
// whole geometries and for single coordinates.

#include "gdal_handles.hpp"
#include "kdtree.hpp"

#include <string>
#include <vector>

namespace tecsmap {

/// The metric CRS in which a study is computed: EPSG:2154 for metropolitan France, the
/// official local CRS for an overseas département (spec, "Coordinates").
std::string metric_crs_for(const std::vector<std::string>& departements);

/// « Lambert-93 (EPSG:2154) », « RGR92 / UTM 40S (EPSG:2975) »… for methods texts.
std::string crs_label(const std::string& crs);

/// True when the code is an overseas département (971..976).
bool is_overseas(const std::string& departement);

class Transformer {
public:
    /// from -> to; both must outlive nothing (they are cloned). Throws GeometryError when PROJ
    /// has no transformation between them.
    Transformer(const OGRSpatialReference& from, const OGRSpatialReference& to);

    /// Transforms in place; throws GeometryError naming `what` when a point cannot be
    /// transformed (outside the CRS's domain).
    void transform(OGRGeometry& geometry, const std::string& what) const;
    /// Transforms one coordinate; returns false when PROJ cannot.
    bool transform(XY& p) const;
    /// Transforms many coordinates in one PROJ call; ok[i] tells whether points[i] could be
    /// transformed (left unchanged otherwise).
    void transform_many(std::vector<XY>& points, std::vector<char>& ok) const;

private:
    gdal::TransformPtr ct_;
};

} // namespace tecsmap
