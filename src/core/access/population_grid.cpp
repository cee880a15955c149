#include "population_grid.hpp"

#include "crs.hpp"
#include "errors.hpp"
#include "gdal_handles.hpp"
#include "geometry_convert.hpp"
#include "geometry_values.hpp"
#include "input_limits.hpp"
#include "parallel.hpp"
#include "road_graph.hpp"
#include "strtree.hpp"

#include <cmath>
#include <filesystem>

namespace tecsmap::access {

namespace {

struct ReadCell {
    std::string id;
    double population = 0;
    geos::GeomPtr geometry; ///< metric CRS
};

std::string field_list(OGRFeatureDefn* defn) {
    std::string out;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        out += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
    return out;
}

int find_field(OGRFeatureDefn* defn, const std::string& name) {
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (EQUAL(defn->GetFieldDefn(i)->GetNameRef(), name.c_str()))
            return i;
    return -1;
}

} // namespace

const GEOSGeometry* part_geometry(const PopulationGrid& grid, const GridPart& part) {
    return part.geometry ? part.geometry.get() : grid.cells[part.cell].geometry.get();
}

PopulationGrid load_population_grid(const std::string& source, const Territory& territory,
                                    const std::string& column, Feedback* feedback,
                                    const std::string& layer_name) {
    gdal::init();
    PopulationGrid grid;
    grid.source = source;
    if (!std::filesystem::exists(source))
        throw InputError(source, "grille de population introuvable");
    // A directory, a FIFO, a device or an oversized file is refused before GDAL reads it.
    check_input_file(source, InputKind::Grid);
    gdal::DatasetPtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                          nullptr, nullptr, nullptr));
    if (!ds)
        throw InputError(source, "grille de population illisible par GDAL : " + gdal::last_error());
    OGRLayer* layer = layer_name.empty() ? (ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr)
                                         : ds->GetLayerByName(layer_name.c_str());
    if (!layer)
        throw InputError(source, layer_name.empty()
                                     ? "grille de population sans couche vectorielle"
                                     : "couche « " + layer_name + " » absente de la grille");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int pop_field = find_field(defn, column);
    if (pop_field < 0)
        throw InputError(source, "colonne de population « " + column +
                                     " » absente de la grille (colonnes : " + field_list(defn) +
                                     ") ; indiquez la bonne colonne dans l'étude");
    grid.column = defn->GetFieldDefn(pop_field)->GetNameRef();
    const int id_field = find_field(defn, "Idcar_200m");

    const OGRSpatialReference* layer_srs = layer->GetSpatialRef();
    // GeoPackage stores "no CRS" as its "Undefined geographic/Cartesian SRS" entries.
    if (!layer_srs ||
        (layer_srs->GetName() && std::string(layer_srs->GetName()).rfind("Undefined", 0) == 0))
        throw InputError(source, "grille de population sans système de coordonnées (attendu : "
                                 "EPSG:3035 pour la grille de l'INSEE)");
    gdal::SrsPtr grid_srs(layer_srs->Clone());
    grid_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const gdal::SrsPtr metric = gdal::make_srs(territory.crs);
    std::unique_ptr<Transformer> to_metric, to_grid;
    try {
        to_metric = std::make_unique<Transformer>(*grid_srs, *metric);
        to_grid = std::make_unique<Transformer>(*metric, *grid_srs);
    } catch (const GeometryError& e) {
        throw InputError(source, std::string("système de coordonnées de la grille inutilisable "
                                             "(pas de transformation vers ") +
                                     territory.crs + ") : " + e.what());
    }

    // Spatial filter: the territory's box + 1 km, densified and expressed in the grid's CRS.
    const geos::Envelope box = territory_envelope(territory).expanded(1000);
    {
        OGRPolygon filter;
        OGRLinearRing ring;
        ring.addPoint(box.minx, box.miny);
        ring.addPoint(box.maxx, box.miny);
        ring.addPoint(box.maxx, box.maxy);
        ring.addPoint(box.minx, box.maxy);
        ring.addPoint(box.minx, box.miny);
        filter.addRing(&ring);
        filter.segmentize(std::max(box.maxx - box.minx, box.maxy - box.miny) / 64);
        try {
            to_grid->transform(filter, source);
        } catch (const GeometryError&) {
            throw InputError(source, "système de coordonnées de la grille inutilisable : "
                                     "l'emprise du territoire ne s'y transforme pas");
        }
        layer->SetSpatialFilter(&filter);
    }

    std::vector<ReadCell> read;
    std::size_t untransformable = 0;
    const GIntBig expected = std::max<GIntBig>(1, layer->GetFeatureCount(FALSE));
    layer->ResetReading();
    for (auto& feature : *layer) {
        if ((++grid.cells_read & 0x3FFF) == 0) {
            feedback_check(feedback);
            feedback_fraction(feedback, 0.5 * std::min(1.0, static_cast<double>(grid.cells_read) /
                                                                static_cast<double>(expected)));
        }
        SourceRef ref{source, std::nullopt, feature->GetFID()};
        const std::string where = ref.location();
        auto reject = [&](const std::string& why) {
            grid.rejects.push_back({"population", ref,
                                    grid.column + "=" + feature->GetFieldAsString(pop_field), why,
                                    false});
        };
        ReadCell cell;
        cell.id =
            id_field >= 0 ? feature->GetFieldAsString(id_field) : std::to_string(feature->GetFID());
        if (!feature->IsFieldSetAndNotNull(pop_field)) {
            reject("population vide");
            continue;
        }
        const char* text = feature->GetFieldAsString(pop_field);
        char* end = nullptr;
        cell.population = std::strtod(text, &end);
        if (end == text || *end != '\0' || !std::isfinite(cell.population) || cell.population < 0) {
            reject("population illisible ou négative : « " + std::string(text) + " »");
            continue;
        }
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPolygon) {
            if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbMultiPolygon) {
                reject("carreau sans polygone");
                continue;
            }
        }
        // One unusable vertex rejects this cell, not the run (as for perimeters and communes).
        if (auto why = coordinate_problem(*g, grid_srs.get())) {
            reject("coordonnées inutilisables, " + *why + " : carreau écarté");
            continue;
        }
        try {
            to_metric->transform(*g, source + ", " + where);
            if (auto why = coordinate_problem(*g, metric.get())) {
                reject("coordonnées inutilisables après transformation, " + *why +
                       " : carreau écarté");
                continue;
            }
            cell.geometry = to_geos(*g);
        } catch (const GeometryError& e) {
            ++untransformable;
            reject(e.what());
            continue;
        }
        if (!(geos::area(cell.geometry.get()) > 0)) {
            reject("carreau d'aire nulle");
            continue;
        }
        read.push_back(std::move(cell));
    }
    feedback_check(feedback);
    if (untransformable > 0 && read.empty())
        throw InputError(source, "aucun carreau de la grille ne se transforme vers " +
                                     territory.crs +
                                     " : son système de coordonnées déclaré est-il le bon ?");

    // Candidate communes by envelope (sequential: the STRtree builds lazily), then areas of the
    // intersections on all cores, each cell writing its own slot.
    geos::StrTree index;
    for (std::size_t c = 0; c < territory.communes.size(); ++c)
        index.insert(c, geos::envelope(territory.communes[c].geometry.get()));
    std::vector<std::vector<std::size_t>> candidates(read.size());
    for (std::size_t i = 0; i < read.size(); ++i)
        candidates[i] = index.query(geos::envelope(read[i].geometry.get()));
    // A cell's share of each commune, and where its people are counted in that commune: the
    // cell's centre when it lies in the commune, else a point on the surface of the piece.
    struct Share {
        std::size_t commune;
        double share;
        XY point;
        geos::GeomPtr piece; ///< cell ∩ commune; null when the cell lies wholly in the commune
    };
    std::vector<std::vector<Share>> shares(read.size());
    std::vector<XY> centres(read.size());
    parallel_for(read.size(), [&](std::size_t i) {
        if ((i & 0xFFF) == 0)
            feedback_check(feedback);
        const GEOSGeometry* cell = read[i].geometry.get();
        const double area = geos::area(cell);
        const geos::Envelope e = geos::envelope(cell);
        const geos::GeomPtr centroid =
            geos::take(GEOSGetCentroid_r(geos::ctx(), cell), "centre de carreau");
        centres[i] = {geos::point_x(centroid.get()), geos::point_y(centroid.get())};
        for (std::size_t c : candidates[i]) {
            // Clip the (large) commune to the cell's box first: the overlay then stays small.
            geos::GeomPtr clipped =
                geos::take(GEOSClipByRect_r(geos::ctx(), territory.communes[c].geometry.get(),
                                            e.minx, e.miny, e.maxx, e.maxy),
                           "découpage d'une commune par un carreau");
            if (geos::is_empty(clipped.get()))
                continue;
            geos::GeomPtr piece = geos::intersection(clipped.get(), cell);
            const double a = geos::area(piece.get());
            if (!(a > area * 1e-12))
                continue;
            Share s{c, a / area, centres[i], nullptr};
            if (s.share < 1 - 1e-9) {
                // A border part: the centre counts only when it lies in this commune (the
                // clipped commune holds it exactly when the whole commune does: the centre is
                // inside the cell's box).
                s.piece = geos::polygonal_part(piece.get());
                if (GEOSIntersects_r(geos::ctx(), clipped.get(), centroid.get()) != 1) {
                    const geos::GeomPtr p = geos::point_on_surface(s.piece.get());
                    s.point = {geos::point_x(p.get()), geos::point_y(p.get())};
                }
            }
            shares[i].push_back(std::move(s));
        }
    });
    feedback_fraction(feedback, 0.9);

    grid.communes.resize(territory.communes.size());
    for (std::size_t c = 0; c < territory.communes.size(); ++c)
        grid.communes[c].cog_population = territory.communes[c].population;
    for (std::size_t i = 0; i < read.size(); ++i) {
        if (shares[i].empty()) {
            ++grid.cells_outside;
            grid.population_outside += read[i].population;
            continue;
        }
        GridCell cell;
        cell.id = read[i].id;
        cell.centre = centres[i];
        cell.raw_population = read[i].population;
        cell.first_part = grid.parts.size();
        double inside = 0;
        for (Share& s : shares[i]) {
            GridPart part;
            part.cell = grid.cells.size();
            part.commune = s.commune;
            part.centre = cell.centre;
            part.point = s.point;
            part.area_share = s.share;
            part.raw_population = read[i].population * s.share;
            part.geometry = std::move(s.piece);
            inside += s.share;
            grid.communes[s.commune].grid_population += part.raw_population;
            ++grid.communes[s.commune].cells;
            grid.parts.push_back(std::move(part));
        }
        grid.population_outside += read[i].population * std::max(0.0, 1.0 - inside);
        cell.part_count = grid.parts.size() - cell.first_part;
        cell.geometry = std::move(read[i].geometry);
        grid.cells.push_back(std::move(cell));
    }
    // Reconciliation: each commune's parts scaled to sum to its COG population.
    for (GridPart& part : grid.parts) {
        const CommuneGridReport& r = grid.communes[part.commune];
        part.population =
            r.grid_population > 0
                ? part.raw_population * static_cast<double>(r.cog_population) / r.grid_population
                : 0;
    }
    for (CommuneGridReport& r : grid.communes) {
        r.difference = r.grid_population - static_cast<double>(r.cog_population);
        r.uniform = !(r.grid_population > 0);
        grid.grid_total += r.grid_population;
        grid.cog_total += static_cast<double>(r.cog_population);
    }
    feedback_fraction(feedback, 1.0);
    return grid;
}

} // namespace tecsmap::access
