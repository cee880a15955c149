#pragma once
// RAII over the reentrant GEOS C API. One context per thread (thread_local), created on first
// use with error handlers that store the message, so a failing call becomes a GeometryError
// with GEOS's own explanation. Every GEOSGeometry lives in a GeomPtr; nothing else calls
// GEOSGeom_destroy_r.

#include <geos_c.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tecsmap::geos {

/// The calling thread's GEOS context.
GEOSContextHandle_t ctx();

/// Last error message GEOS reported on this thread (empty when none).
std::string last_error();

struct GeomDeleter {
    void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx(), g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* p) const noexcept {
        GEOSPreparedGeom_destroy_r(ctx(), p);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

/// Takes ownership of a geometry returned by GEOS; throws GeometryError naming `what` when
/// GEOS returned null.
GeomPtr take(GEOSGeometry* g, std::string_view what);

GeomPtr from_wkt(std::string_view wkt);
std::string to_wkt(const GEOSGeometry* g, int precision = 3);
GeomPtr clone(const GEOSGeometry* g);
GeomPtr point(double x, double y);
GeomPtr empty_polygon();

double area(const GEOSGeometry* g);
bool is_empty(const GEOSGeometry* g);
bool is_valid(const GEOSGeometry* g);
/// Reason GEOS gives for invalidity (French callers prefix it).
std::string invalid_reason(const GEOSGeometry* g);
PreparedPtr prepare(const GEOSGeometry* g);

struct Envelope {
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    bool intersects(const Envelope& o) const noexcept {
        return !(o.minx > maxx || o.maxx < minx || o.miny > maxy || o.maxy < miny);
    }
    Envelope expanded(double d) const noexcept { return {minx - d, miny - d, maxx + d, maxy + d}; }
};
Envelope envelope(const GEOSGeometry* g);

/// Fills what GEOS computes lazily and caches on first use (the envelope of every part and
/// ring, the dimension of every coordinate sequence), so that the geometry can afterwards be
/// read by several threads at once (cloned, unioned, tested) without any of them writing to it.
void settle_for_threads(const GEOSGeometry* g);

/// Union of many geometries (cascaded: GEOSUnaryUnion of a collection). Takes the parts.
GeomPtr union_all(std::vector<GeomPtr> parts);
/// Union of borrowed geometries (cloned into a collection first).
GeomPtr union_of(const std::vector<const GEOSGeometry*>& parts);
/// Union of polygons that form a coverage (no overlaps, shared edges identical, as commune
/// polygons of one source): GEOS coverage union, much faster than overlay. Checked: when the
/// result is invalid or does not preserve the total area, falls back to union_of.
GeomPtr coverage_union_of(const std::vector<const GEOSGeometry*>& parts);
GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr buffer(const GEOSGeometry* g, double distance, int quadrant_segments);
GeomPtr point_on_surface(const GEOSGeometry* g);
GeomPtr convex_hull(const GEOSGeometry* g);
GeomPtr make_valid(const GEOSGeometry* g);
/// Keeps only the polygonal parts of g, as a MultiPolygon (possibly empty).
GeomPtr polygonal_part(const GEOSGeometry* g);
/// Same geometry promoted to MultiPolygon (empty MultiPolygon for an empty input).
GeomPtr as_multipolygon(GeomPtr g);

/// The single-part polygons of a polygonal geometry.
std::vector<GeomPtr> polygons_of(const GEOSGeometry* g);

bool distance_within(const GEOSGeometry* a, const GEOSGeometry* b, double d);
/// Largest distance from (x, y) to a vertex of g (any geometry type).
double max_vertex_distance(const GEOSGeometry* g, double x, double y);
double point_x(const GEOSGeometry* p);
double point_y(const GEOSGeometry* p);

} // namespace tecsmap::geos
