#include "geometry_values.hpp"

#include <cmath>
#include <cstdio>

namespace tecsmap {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// Visits every vertex (GDAL's default visitor walks curves point by point) and keeps the first
// problem found.
class VertexCheck : public OGRDefaultConstGeometryVisitor {
public:
    explicit VertexCheck(bool geographic)
        : geographic_(geographic) {}
    using OGRDefaultConstGeometryVisitor::visit;

    void visit(const OGRPoint* p) override {
        ++vertex_;
        if (problem) // GDAL calls a point with a NaN coordinate empty: never skip a vertex
            return;
        const double x = p->getX(), y = p->getY();
        const std::string where = "sommet " + std::to_string(vertex_) + " : ";
        if (!std::isfinite(x) || !std::isfinite(y)) {
            problem = where + "coordonnée non finie (x = " + number(x) + ", y = " + number(y) + ")";
        } else if (p->Is3D() && !std::isfinite(p->getZ())) {
            problem = where + "altitude non finie (z = " + number(p->getZ()) + ")";
        } else if (geographic_ && (std::abs(x) > 180 || std::abs(y) > 90)) {
            problem = where + "(" + number(x) + ", " + number(y) +
                      ") hors des limites d'un système géographique (±180°, ±90°)";
        } else if (!geographic_ && (std::abs(x) > kMaxProjectedCoordinate ||
                                    std::abs(y) > kMaxProjectedCoordinate)) {
            problem = where + "(" + number(x) + ", " + number(y) +
                      ") hors des limites plausibles d'un système projeté (±10 000 km)";
        }
    }

    std::optional<std::string> problem;

private:
    bool geographic_;
    long vertex_ = 0;
};

} // namespace

std::optional<std::string> coordinate_problem(const OGRGeometry& g,
                                              const OGRSpatialReference* srs) {
    if (wkbFlatten(g.getGeometryType()) == wkbPoint && g.IsEmpty() &&
        std::isnan(g.toPoint()->getX()) == std::isnan(g.toPoint()->getY()))
        return std::nullopt; // POINT EMPTY (stored as NaN NaN, or 0 0 never set)
    VertexCheck check(srs && srs->IsGeographic());
    g.accept(&check);
    return check.problem;
}

} // namespace tecsmap
