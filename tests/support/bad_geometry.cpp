#include "bad_geometry.hpp"

#include "errors.hpp"
#include "gdal_handles.hpp"

#include <limits>
#include <vector>

namespace tecsmap::test {

namespace {

struct Feature {
    std::vector<std::pair<std::string, std::string>> fields;
    double x0, y0, side, bad_x; ///< bad_x replaces the x of the third vertex unless NaN-free
    bool bad;
};

void write(const std::string& path, const std::vector<std::string>& field_names,
           const std::vector<Feature>& features) {
    gdal::init();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver)
        throw OutputError("pilote GPKG absent");
    VSIUnlink(path.c_str());
    gdal::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw OutputError(path + " : création impossible");
    gdal::SrsPtr srs = gdal::make_srs("EPSG:2154");
    OGRLayer* layer = ds->CreateLayer("layer", srs.get(), wkbPolygon, nullptr);
    for (const std::string& name : field_names) {
        OGRFieldDefn f(name.c_str(), OFTString);
        layer->CreateField(&f);
    }
    for (const Feature& f : features) {
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (const auto& [k, v] : f.fields)
            feature->SetField(k.c_str(), v.c_str());
        auto ring = std::make_unique<OGRLinearRing>();
        ring->addPoint(f.x0, f.y0);
        ring->addPoint(f.x0 + f.side, f.y0);
        ring->addPoint(f.bad ? f.bad_x : f.x0 + f.side, f.y0 + f.side);
        ring->addPoint(f.x0, f.y0 + f.side);
        ring->addPoint(f.x0, f.y0);
        OGRPolygon polygon;
        polygon.addRingDirectly(ring.release());
        feature->SetGeometry(&polygon);
        if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
            throw OutputError(path + " : écriture impossible : " + gdal::last_error());
    }
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

} // namespace

void write_bad_perimeters(const std::string& path, double x0, double y0, double side) {
    write(path, {"kind", "name"},
          {{{{"kind", "PAT"}, {"name", "PAT Valide"}}, x0, y0, side, 0, false},
           {{{"kind", "PAT"}, {"name", "PAT NaN"}}, x0, y0, side, kNaN, true},
           {{{"kind", "PCAET"}, {"name", "PCAET Infini"}}, x0, y0, side, kInf, true},
           {{{"kind", "CTE"}, {"name", "CTE Énorme"}}, x0, y0, side, 1e308, true}});
}

void write_bad_communes(const std::string& path) {
    write(path, {"code"},
          {{{{"code", "99001"}}, 0, 0, 1000, 0, false},
           {{{"code", "99002"}}, 2000, 0, 1000, kNaN, true},
           {{{"code", "99003"}}, 4000, 0, 1000, -kInf, true},
           {{{"code", "99004"}}, 6000, 0, 1000, 1e308, true}});
}

} // namespace tecsmap::test
