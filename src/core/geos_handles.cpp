#include "geos_handles.hpp"

#include "errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace tecsmap::geos {
namespace {

// Owns one thread's context and the last error text GEOS gave on it.
class Context {
public:
    Context()
        : handle_(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(handle_, &Context::on_error, this);
        GEOSContext_setNoticeMessageHandler_r(handle_, &Context::on_notice, this);
    }
    ~Context() { GEOS_finish_r(handle_); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    GEOSContextHandle_t handle() const noexcept { return handle_; }
    std::string last_error;

private:
    static void on_error(const char* message, void* self) {
        static_cast<Context*>(self)->last_error = message ? message : "";
    }
    static void on_notice(const char*, void*) {}
    GEOSContextHandle_t handle_;
};

Context& context() {
    thread_local Context c;
    return c;
}

GeomPtr take_collection(std::vector<GeomPtr>& parts) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts)
        raw.push_back(p.release()); // the collection takes ownership below
    GEOSGeometry* coll = GEOSGeom_createCollection_r(ctx(), GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                     static_cast<unsigned>(raw.size()));
    parts.clear();
    return take(coll, "création d'une collection");
}

} // namespace

GEOSContextHandle_t ctx() {
    return context().handle();
}
std::string last_error() {
    return context().last_error;
}

GeomPtr take(GEOSGeometry* g, std::string_view what) {
    if (!g)
        throw GeometryError("GEOS : échec de l'opération « " + std::string(what) +
                            " » : " + last_error());
    return GeomPtr(g);
}

GeomPtr from_wkt(std::string_view wkt) {
    std::unique_ptr<GEOSWKTReader, void (*)(GEOSWKTReader*)> reader(
        GEOSWKTReader_create_r(ctx()), [](GEOSWKTReader* r) { GEOSWKTReader_destroy_r(ctx(), r); });
    return take(GEOSWKTReader_read_r(ctx(), reader.get(), std::string(wkt).c_str()), "lecture WKT");
}

std::string to_wkt(const GEOSGeometry* g, int precision) {
    std::unique_ptr<GEOSWKTWriter, void (*)(GEOSWKTWriter*)> writer(
        GEOSWKTWriter_create_r(ctx()), [](GEOSWKTWriter* w) { GEOSWKTWriter_destroy_r(ctx(), w); });
    GEOSWKTWriter_setRoundingPrecision_r(ctx(), writer.get(), precision);
    GEOSWKTWriter_setTrim_r(ctx(), writer.get(), 1);
    char* text = GEOSWKTWriter_write_r(ctx(), writer.get(), g);
    if (!text)
        throw GeometryError("GEOS : écriture WKT impossible : " + last_error());
    std::string out(text);
    GEOSFree_r(ctx(), text);
    return out;
}

GeomPtr clone(const GEOSGeometry* g) {
    return take(GEOSGeom_clone_r(ctx(), g), "copie");
}
GeomPtr point(double x, double y) {
    return take(GEOSGeom_createPointFromXY_r(ctx(), x, y), "création d'un point");
}
GeomPtr empty_polygon() {
    return take(GEOSGeom_createEmptyPolygon_r(ctx()), "polygone vide");
}

double area(const GEOSGeometry* g) {
    double a = 0;
    if (!GEOSArea_r(ctx(), g, &a))
        throw GeometryError("GEOS : calcul de surface impossible : " + last_error());
    return a;
}

bool is_empty(const GEOSGeometry* g) {
    return GEOSisEmpty_r(ctx(), g) == 1;
}
bool is_valid(const GEOSGeometry* g) {
    return GEOSisValid_r(ctx(), g) == 1;
}

std::string invalid_reason(const GEOSGeometry* g) {
    char* r = GEOSisValidReason_r(ctx(), g);
    if (!r)
        return last_error();
    std::string out(r);
    GEOSFree_r(ctx(), r);
    return out;
}

PreparedPtr prepare(const GEOSGeometry* g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx(), g);
    if (!p)
        throw GeometryError("GEOS : préparation impossible : " + last_error());
    return PreparedPtr(p);
}

Envelope envelope(const GEOSGeometry* g) {
    Envelope e;
    if (!GEOSGeom_getExtent_r(ctx(), g, &e.minx, &e.miny, &e.maxx, &e.maxy))
        throw GeometryError("GEOS : emprise d'une géométrie vide ou invalide : " + last_error());
    return e;
}

void settle_for_threads(const GEOSGeometry* g) {
    if (!g || GEOSisEmpty_r(ctx(), g) == 1)
        return;
    double x0, y0, x1, y1;
    GEOSGeom_getExtent_r(ctx(), g, &x0, &y0, &x1, &y1);
    (void)GEOSGeom_getCoordinateDimension_r(ctx(), g);
    const int type = GEOSGeomTypeId_r(ctx(), g);
    if (type == GEOS_POLYGON) {
        settle_for_threads(GEOSGetExteriorRing_r(ctx(), g));
        const int holes = GEOSGetNumInteriorRings_r(ctx(), g);
        for (int i = 0; i < holes; ++i)
            settle_for_threads(GEOSGetInteriorRingN_r(ctx(), g, i));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING ||
               type == GEOS_MULTIPOINT || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx(), g);
        for (int i = 0; i < n; ++i)
            settle_for_threads(GEOSGetGeometryN_r(ctx(), g, i));
    }
}

GeomPtr union_all(std::vector<GeomPtr> parts) {
    if (parts.empty())
        return empty_polygon();
    if (parts.size() == 1)
        return std::move(parts.front());
    GeomPtr coll = take_collection(parts);
    return take(GEOSUnaryUnion_r(ctx(), coll.get()), "union");
}

GeomPtr union_of(const std::vector<const GEOSGeometry*>& parts) {
    std::vector<GeomPtr> copies;
    copies.reserve(parts.size());
    for (const GEOSGeometry* g : parts)
        copies.push_back(clone(g));
    return union_all(std::move(copies));
}

GeomPtr coverage_union_of(const std::vector<const GEOSGeometry*>& parts) {
    if (parts.size() <= 1)
        return union_of(parts);
    std::vector<GeomPtr> copies;
    double total = 0;
    for (const GEOSGeometry* g : parts) {
        copies.push_back(clone(g));
        total += area(g);
    }
    GeomPtr coll = take_collection(copies);
    GEOSGeometry* raw = GEOSCoverageUnion_r(ctx(), coll.get());
    if (raw) {
        GeomPtr u(raw);
        if (is_valid(u.get()) && std::abs(area(u.get()) - total) <= 1e-9 * total)
            return u;
    }
    return union_of(parts); // not a clean coverage: overlay union
}

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
    return take(GEOSIntersection_r(ctx(), a, b), "intersection");
}
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b) {
    return take(GEOSDifference_r(ctx(), a, b), "différence");
}
GeomPtr buffer(const GEOSGeometry* g, double distance, int quadrant_segments) {
    return take(GEOSBuffer_r(ctx(), g, distance, quadrant_segments), "tampon");
}
GeomPtr point_on_surface(const GEOSGeometry* g) {
    return take(GEOSPointOnSurface_r(ctx(), g), "point représentatif");
}
GeomPtr convex_hull(const GEOSGeometry* g) {
    return take(GEOSConvexHull_r(ctx(), g), "enveloppe convexe");
}
GeomPtr make_valid(const GEOSGeometry* g) {
    return take(GEOSMakeValid_r(ctx(), g), "réparation");
}

std::vector<GeomPtr> polygons_of(const GEOSGeometry* g) {
    std::vector<GeomPtr> out;
    const int type = GEOSGeomTypeId_r(ctx(), g);
    if (type == GEOS_POLYGON) {
        if (!is_empty(g))
            out.push_back(clone(g));
        return out;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx(), g);
        for (int i = 0; i < n; ++i) {
            auto sub = polygons_of(GEOSGetGeometryN_r(ctx(), g, i));
            for (auto& s : sub)
                out.push_back(std::move(s));
        }
    }
    return out;
}

GeomPtr polygonal_part(const GEOSGeometry* g) {
    std::vector<GeomPtr> polys = polygons_of(g);
    std::vector<GEOSGeometry*> raw;
    for (auto& p : polys)
        raw.push_back(p.release()); // owned by the multipolygon below
    return take(GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOLYGON, raw.data(),
                                            static_cast<unsigned>(raw.size())),
                "multipolygone");
}

GeomPtr as_multipolygon(GeomPtr g) {
    if (GEOSGeomTypeId_r(ctx(), g.get()) == GEOS_MULTIPOLYGON)
        return g;
    return polygonal_part(g.get());
}

bool distance_within(const GEOSGeometry* a, const GEOSGeometry* b, double d) {
    const char r = GEOSDistanceWithin_r(ctx(), a, b, d);
    if (r == 2)
        throw GeometryError("GEOS : calcul de distance impossible : " + last_error());
    return r == 1;
}

double max_vertex_distance(const GEOSGeometry* g, double x, double y) {
    double best = 0;
    const int type = GEOSGeomTypeId_r(ctx(), g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION || type == GEOS_MULTIPOINT ||
        type == GEOS_MULTILINESTRING) {
        const int n = GEOSGetNumGeometries_r(ctx(), g);
        for (int i = 0; i < n; ++i)
            best = std::max(best, max_vertex_distance(GEOSGetGeometryN_r(ctx(), g, i), x, y));
        return best;
    }
    if (type == GEOS_POLYGON) {
        best = max_vertex_distance(GEOSGetExteriorRing_r(ctx(), g), x, y);
        // Holes lie inside the exterior ring: they cannot be farther.
        return best;
    }
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx(), g);
    unsigned size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx(), seq, &size))
        return best;
    for (unsigned i = 0; i < size; ++i) {
        double vx = 0, vy = 0;
        GEOSCoordSeq_getXY_r(ctx(), seq, i, &vx, &vy);
        best = std::max(best, std::hypot(vx - x, vy - y));
    }
    return best;
}

double point_x(const GEOSGeometry* p) {
    double x = 0;
    GEOSGeomGetX_r(ctx(), p, &x);
    return x;
}
double point_y(const GEOSGeometry* p) {
    double y = 0;
    GEOSGeomGetY_r(ctx(), p, &y);
    return y;
}

} // namespace tecsmap::geos
