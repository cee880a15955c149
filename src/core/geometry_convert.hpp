#pragma once
// Conversions between OGR and GEOS geometries (through GDAL's own GEOS bridge).

#include "gdal_handles.hpp"
#include "geos_handles.hpp"

namespace tecsmap {

geos::GeomPtr to_geos(const OGRGeometry& g);
gdal::GeometryPtr to_ogr(const GEOSGeometry* g);

} // namespace tecsmap
