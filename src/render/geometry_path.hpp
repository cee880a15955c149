#pragma once
// GEOS polygonal geometry -> QPainterPath in the same (metric) coordinates, holes included
// (odd-even fill).

#include "geos_handles.hpp"

#include <QPainterPath>

namespace tecsmap::render {

QPainterPath to_path(const GEOSGeometry* polygonal);
/// Simplified copy for small scales (GEOS Douglas-Peucker; display only).
QPainterPath to_simplified_path(const GEOSGeometry* polygonal, double tolerance_m);

} // namespace tecsmap::render
