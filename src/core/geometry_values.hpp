#pragma once
// Coordinate values a geometry must have before it is transformed and analysed. A NaN, an
// infinity or an absurd value (1e308) in one vertex of one polygon must reject that feature,
// not abort the run (GEOS and PROJ give no usable answer on such values).

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <optional>
#include <string>

namespace tecsmap {

/// Largest plausible |coordinate| in a projected (metric) CRS: 10 000 km.
inline constexpr double kMaxProjectedCoordinate = 1e7;

/// Why the coordinates of `g` cannot be used, or nullopt when every x and y (and z when
/// present) is finite and x, y are plausible for `srs`: |x| <= 180 and |y| <= 90 in a
/// geographic CRS, |x|, |y| <= 1e7 otherwise (also when `srs` is null). French, names the
/// vertex: "sommet 3 : coordonnée non finie (x = nan)".
std::optional<std::string> coordinate_problem(const OGRGeometry& g, const OGRSpatialReference* srs);

} // namespace tecsmap
