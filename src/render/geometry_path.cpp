#include "geometry_path.hpp"

namespace tecsmap::render {

namespace {

void add_ring(QPainterPath& path, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos::ctx(), ring);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(geos::ctx(), seq, &n) || n < 2)
        return;
    for (unsigned i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(geos::ctx(), seq, i, &x, &y);
        if (i == 0)
            path.moveTo(x, y);
        else
            path.lineTo(x, y);
    }
    path.closeSubpath();
}

void add_polygonal(QPainterPath& path, const GEOSGeometry* g) {
    const int type = GEOSGeomTypeId_r(geos::ctx(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(geos::ctx(), g))
            return;
        add_ring(path, GEOSGetExteriorRing_r(geos::ctx(), g));
        const int holes = GEOSGetNumInteriorRings_r(geos::ctx(), g);
        for (int i = 0; i < holes; ++i)
            add_ring(path, GEOSGetInteriorRingN_r(geos::ctx(), g, i));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos::ctx(), g);
        for (int i = 0; i < n; ++i)
            add_polygonal(path, GEOSGetGeometryN_r(geos::ctx(), g, i));
    }
}

} // namespace

QPainterPath to_path(const GEOSGeometry* polygonal) {
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    if (polygonal)
        add_polygonal(path, polygonal);
    return path;
}

QPainterPath to_simplified_path(const GEOSGeometry* polygonal, double tolerance_m) {
    // Douglas-Peucker: for display only, where a ring that collapses is under a pixel anyway.
    geos::GeomPtr s =
        geos::take(GEOSSimplify_r(geos::ctx(), polygonal, tolerance_m), "simplification");
    return to_path(s.get());
}

} // namespace tecsmap::render
