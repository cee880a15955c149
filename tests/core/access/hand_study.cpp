#include "hand_study.hpp"

#include "crs.hpp"
#include "errors.hpp"
#include "gdal_handles.hpp"
#include "osm_synth/osm_network.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

namespace tecsmap::test {

namespace {

constexpr double X0 = 850000, Y0 = 6400000;

void write_text(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out)
        throw OutputError(p.string() + " : écriture impossible");
}

void write_roads(const std::filesystem::path& dir) {
    osm_synth::OsmNetwork n;
    for (int k = 1; k <= 27; ++k)
        n.node(k, {X0 + (k - 1) * 1000.0, Y0 + 1000});
    std::vector<std::int64_t> main;
    for (int k = 1; k <= 27; ++k)
        main.push_back(k);
    n.way(1, main, {{"highway", "primary"}, {"name", "Route du Val"}});
    n.way(2, {2, 24}, {{"route", "ferry"}, {"name", "Bac"}});
    n.way(3, {2, 16}, {{"highway", "motorway"}, {"access", "private"}, {"oneway", "no"}});
    n.way(4, {2, 24}, {{"highway", "motorway"}, {"oneway", "yes"}});
    // An island inside the box, cut from the rest: dropped with the small components.
    n.node(101, {X0 + 27500, Y0 + 3000});
    n.node(102, {X0 + 28500, Y0 + 3000});
    n.node(103, {X0 + 29500, Y0 + 3000});
    n.way(5, {101, 102, 103}, {{"highway", "residential"}});
    n.write((dir / "roads.osm").string());
    n.write((dir / "roads.osm.pbf").string());
}

void write_communes(const std::filesystem::path& dir) {
    gdal::init();
    const std::string path = (dir / "communes.gpkg").string();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    gdal::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw OutputError(path + " : création impossible");
    const gdal::SrsPtr srs = gdal::make_srs("EPSG:2154");
    OGRLayer* layer = ds->CreateLayer("communes", srs.get(), wkbMultiPolygon, nullptr);
    OGRFieldDefn code("code", OFTString), nom("nom", OFTString);
    layer->CreateField(&code);
    layer->CreateField(&nom);
    for (const HandCommune& c : kHandCommunes) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("code", c.insee);
        f.SetField("nom", (std::string("Commune ") + c.insee).c_str());
        OGRLinearRing ring;
        ring.addPoint(X0 + c.x0, Y0 + c.y0);
        ring.addPoint(X0 + c.x1, Y0 + c.y0);
        ring.addPoint(X0 + c.x1, Y0 + c.y1);
        ring.addPoint(X0 + c.x0, Y0 + c.y1);
        ring.addPoint(X0 + c.x0, Y0 + c.y0);
        OGRPolygon poly;
        poly.addRing(&ring);
        OGRMultiPolygon multi;
        multi.addGeometry(&poly);
        f.SetGeometry(&multi);
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            throw OutputError(path + " : écriture impossible");
    }
}

// INSEE's grid: 200 m squares of EPSG:3035, named by their south-west corner. Each cell here is
// centred where its Lambert-93 centre is wanted (transformed with PROJ).
void write_grid(const std::filesystem::path& dir) {
    struct Cell {
        double dx, dy;
        double ind; ///< NaN: an empty population
    };
    const Cell cells[] = {{3000, 1100, 100},         {9000, 1100, 200}, {15000, 1100, 300},
                          {23000, 1100, 50},         {6050, 1100, 40},  {10000, 3000, 40},
                          {1500, 1500, std::nan("")}};
    const std::string path = (dir / "carreaux.gpkg").string();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    gdal::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw OutputError(path + " : création impossible");
    const gdal::SrsPtr laea = gdal::make_srs("EPSG:3035");
    const gdal::SrsPtr lambert = gdal::make_srs("EPSG:2154");
    const Transformer to_laea(*lambert, *laea);
    OGRLayer* layer = ds->CreateLayer("carreaux_200m_met", laea.get(), wkbPolygon, nullptr);
    for (const char* name : {"Idcar_200m", "Idcar_1km", "Idcar_nat"}) {
        OGRFieldDefn f(name, OFTString);
        layer->CreateField(&f);
    }
    for (const char* name : {"Ind", "Men", "Men_pauv", "Ind_snv"}) {
        OGRFieldDefn f(name, OFTReal);
        layer->CreateField(&f);
    }
    for (const Cell& c : cells) {
        std::vector<XY> centre{{X0 + c.dx, Y0 + c.dy}};
        std::vector<char> ok;
        to_laea.transform_many(centre, ok);
        const double e = centre[0].x - 100, n = centre[0].y - 100;
        char id[64];
        std::snprintf(id, sizeof id, "CRS3035RES200mN%.0fE%.0f", std::floor(n), std::floor(e));
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("Idcar_200m", id);
        if (!std::isnan(c.ind)) {
            f.SetField("Ind", c.ind);
            f.SetField("Ind_snv", c.ind * 21000);
        }
        f.SetField("Men", std::isnan(c.ind) ? 1.0 : c.ind / 2.2);
        OGRLinearRing ring;
        ring.addPoint(e, n);
        ring.addPoint(e + 200, n);
        ring.addPoint(e + 200, n + 200);
        ring.addPoint(e, n + 200);
        ring.addPoint(e, n);
        OGRPolygon poly;
        poly.addRing(&ring);
        f.SetGeometry(&poly);
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            throw OutputError(path + " : écriture impossible");
    }
}

} // namespace

void write_hand_study(const std::string& directory) {
    const std::filesystem::path dir(directory);
    std::filesystem::create_directories(dir);
    write_roads(dir);
    write_communes(dir);
    write_grid(dir);
    // Structures as a French spreadsheet exports them: ';', Lambert-93 x/y.
    write_text(dir / "structures.csv", "nom;type;x;y;capacite\n"
                                       "Centre social du Val;Centre social;851000;6401000;2\n"
                                       "EVS des Crêtes;Espace de vie sociale;863000;6408000;1\n"
                                       "MJC du Bourg;MJC;874000;6401000;\n");
    const std::string territory = "[territory]\n"
                                  "departement = \"26\"\n"
                                  "communes = \"communes.gpkg\"\n";
    const std::string layers = "[layers]\n"
                               "structures = { path = \"structures.csv\", crs = \"EPSG:2154\" }\n";
    const std::string access = "[accessibility]\n"
                               "roads = \"roads.osm.pbf\"\n"
                               "margin_km = 2\n"
                               "speeds_kmh = { primary = 60 }\n";
    write_text(dir / "acces-temps.toml",
               "[study]\ntitle = \"Accès en temps de trajet (étude à la main)\"\n" + territory +
                   "population = \"carreaux.gpkg\"\n" + layers +
                   "[analysis]\ncoverage = \"temps\"\ncoverage_minutes = 15\n" + access +
                   "isochrones = [10, 20]\n");
    write_text(dir / "acces-distance.toml",
               "[study]\ntitle = \"Accès à vol d'oiseau (étude à la main)\"\n" + territory +
                   "population = { path = \"carreaux.gpkg\", column = \"Ind\" }\n" + layers +
                   "[analysis]\ncoverage = \"distance\"\ncoverage_radius_km = 10\n" + access);
    write_text(dir / "acces-sans.toml", "[study]\ntitle = \"Sans routes ni carreaux\"\n" +
                                            territory + layers +
                                            "[analysis]\ncoverage_radius_km = 10\n");
}

} // namespace tecsmap::test
