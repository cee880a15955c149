#include "crs.hpp"

#include "errors.hpp"

#include <algorithm>
#include <cmath>

namespace tecsmap {

bool is_overseas(const std::string& d) {
    return d.size() == 3 && d.rfind("97", 0) == 0;
}

std::string metric_crs_for(const std::vector<std::string>& departements) {
    std::string crs;
    for (const std::string& d : departements) {
        std::string c = "EPSG:2154";
        if (d == "971" || d == "972")
            c = "EPSG:5490";
        else if (d == "973")
            c = "EPSG:2972";
        else if (d == "974")
            c = "EPSG:2975";
        else if (d == "976")
            c = "EPSG:4471";
        if (!crs.empty() && c != crs)
            throw StudyError("les départements d'outre-mer s'étudient chacun séparément, dans leur "
                             "système de coordonnées officiel : ne les mélangez pas avec d'autres "
                             "départements dans [territory] departement");
        crs = c;
    }
    return crs.empty() ? "EPSG:2154" : crs;
}

std::string crs_label(const std::string& crs) {
    static const std::pair<const char*, const char*> names[] = {
        {"EPSG:2154", "Lambert-93"},          {"EPSG:5490", "RGAF09 / UTM 20N"},
        {"EPSG:2972", "RGFG95 / UTM 22N"},    {"EPSG:2975", "RGR92 / UTM 40S"},
        {"EPSG:4471", "RGM04 / UTM 38S"},
    };
    for (const auto& [code, name] : names)
        if (crs == code)
            return std::string(name) + " (" + code + ")";
    return crs;
}

Transformer::Transformer(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    OGRCoordinateTransformationOptions options;
    ct_.reset(OGRCreateCoordinateTransformation(&from, &to, options));
    if (!ct_)
        throw GeometryError("PROJ : aucune transformation de coordonnées disponible : " +
                            gdal::last_error());
}

void Transformer::transform(OGRGeometry& geometry, const std::string& what) const {
    if (geometry.transform(ct_.get()) != OGRERR_NONE)
        throw GeometryError(what + " : coordonnées impossibles à transformer (hors du domaine du "
                                   "système de coordonnées ?)");
}

bool Transformer::transform(XY& p) const {
    double x = p.x, y = p.y;
    int ok = 0;
    if (!ct_->Transform(1, &x, &y, nullptr, &ok) || !ok || !std::isfinite(x) || !std::isfinite(y))
        return false;
    p = {x, y};
    return true;
}

void Transformer::transform_many(std::vector<XY>& points, std::vector<char>& ok) const {
    ok.assign(points.size(), 0);
    constexpr std::size_t chunk = 1 << 16;
    std::vector<double> xs, ys;
    std::vector<int> success;
    for (std::size_t lo = 0; lo < points.size(); lo += chunk) {
        const std::size_t m = std::min(chunk, points.size() - lo);
        xs.resize(m);
        ys.resize(m);
        success.assign(m, 0);
        for (std::size_t i = 0; i < m; ++i) {
            xs[i] = points[lo + i].x;
            ys[i] = points[lo + i].y;
        }
        ct_->Transform(static_cast<int>(m), xs.data(), ys.data(), nullptr, nullptr, success.data());
        for (std::size_t i = 0; i < m; ++i)
            if (success[i] && std::isfinite(xs[i]) && std::isfinite(ys[i])) {
                points[lo + i] = {xs[i], ys[i]};
                ok[lo + i] = 1;
            }
    }
}

} // namespace tecsmap
