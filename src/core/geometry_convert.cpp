#include "geometry_convert.hpp"

#include "errors.hpp"

namespace tecsmap {

geos::GeomPtr to_geos(const OGRGeometry& g) {
    return geos::take(g.exportToGEOS(geos::ctx()), "conversion OGR vers GEOS");
}

gdal::GeometryPtr to_ogr(const GEOSGeometry* g) {
    // createFromGEOS copies; it does not take g.
    gdal::GeometryPtr out(
        OGRGeometryFactory::createFromGEOS(geos::ctx(), const_cast<GEOSGeometry*>(g)));
    if (!out)
        throw GeometryError("conversion GEOS vers OGR impossible : " + gdal::last_error());
    return out;
}

} // namespace tecsmap
