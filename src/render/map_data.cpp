#include "map_data.hpp"

#include "boundary_source.hpp"
#include "crs.hpp"
#include "errors.hpp"
#include "geometry_convert.hpp"
#include "geometry_path.hpp"
#include "parallel.hpp"
#include "vector_table.hpp"

#include <algorithm>
#include <set>

namespace tecsmap::render {

namespace {

LodPath make_lod(const GEOSGeometry* g) {
    LodPath p;
    p.levels[0] = to_path(g);
    for (std::size_t i = 1; i < LodPath::kTolerances.size(); ++i)
        p.levels[i] = to_simplified_path(g, LodPath::kTolerances[i]);
    p.bounds = p.levels[0].boundingRect();
    return p;
}

QPointF label_point(const GEOSGeometry* g) {
    geos::GeomPtr p = geos::point_on_surface(g);
    return {geos::point_x(p.get()), geos::point_y(p.get())};
}

} // namespace

std::size_t LodPath::level_for(double max_error_m) const {
    for (std::size_t i = levels.size(); i-- > 1;)
        if (kTolerances[i] <= max_error_m && !levels[i].isEmpty())
            return i;
    return 0;
}

const QPainterPath& LodPath::for_error(double max_error_m) const {
    return levels[level_for(max_error_m)];
}

MapData::MapData(const Study& study, std::shared_ptr<const Territory> territory,
                 std::shared_ptr<const AnalysisResult> result,
                 const std::string& neighbours_geojson)
    : study_(study)
    , territory_(std::move(territory))
    , result_(std::move(result)) {
    const Territory& t = *territory_;
    const AnalysisResult& r = *result_;
    // Paths and simplified levels are independent per polygon: built on all cores.
    communes_.resize(t.communes.size());
    parallel_for(t.communes.size(), [&](std::size_t i) {
        const Commune& c = t.communes[i];
        communes_[i] = {make_lod(c.geometry.get()),
                        QPointF(c.representative.x, c.representative.y),
                        QString::fromStdString(c.nom),
                        c.population,
                        c.ctg,
                        i < r.communes.size() ? r.communes[i].hotspot : 0};
    });
    for (std::size_t level = 0; level < LodPath::kTolerances.size(); ++level) {
        all_communes_[level].setFillRule(Qt::OddEvenFill);
        for (auto& per_class : by_class_)
            per_class[level].setFillRule(Qt::OddEvenFill);
        for (const CommuneShape& c : communes_) {
            const QPainterPath& p =
                c.shape.levels[level].isEmpty() ? c.shape.levels[0] : c.shape.levels[level];
            all_communes_[level].addPath(p);
            by_class_[static_cast<std::size_t>(std::clamp(c.hotspot, -1, 1) + 1)][level].addPath(p);
        }
    }
    epcis_.resize(t.epcis.size());
    parallel_for(t.epcis.size(),
                 [&](std::size_t k) { epcis_[k] = make_lod(t.epcis[k].geometry.get()); });
    ctgs_.resize(t.ctgs.size());
    std::vector<const GEOSGeometry*> parts;
    parallel_for(t.ctgs.size(), [&](std::size_t k) {
        const Ctg& c = t.ctgs[k];
        ctgs_[k] = {make_lod(c.geometry.get()), label_point(c.geometry.get()),
                    QString::fromStdString(c.code), QString::fromStdString(c.name), c.population};
    });
    for (const Ctg& c : t.ctgs)
        parts.push_back(c.geometry.get());
    for (std::size_t level = 0; level < LodPath::kTolerances.size(); ++level) {
        for (const LodPath& e : epcis_)
            all_epcis_[level].addPath(e.levels[level].isEmpty() ? e.levels[0] : e.levels[level]);
        for (const CtgShape& g : ctgs_)
            all_ctgs_[level].addPath(g.shape.levels[level].isEmpty() ? g.shape.levels[0]
                                                                     : g.shape.levels[level]);
    }
    const geos::GeomPtr outline = geos::coverage_union_of(parts);
    outline_ = make_lod(outline.get());

    for (const GapPart& g : r.gaps)
        gaps_.push_back({make_lod(g.geometry.get()), {}, {}, 0});
    for (const Cluster& c : r.clusters)
        clusters_.push_back(
            {make_lod(c.hull.get()), {}, QString::number(c.cluster_id), t.ctg_index(c.ctg_code)});
    for (const Perimeter& p : r.perimeters)
        perimeters_.push_back({make_lod(p.geometry.get()), QString::fromStdString(p.kind),
                               QString::fromStdString(p.name), 0});
    for (const Structure& s : r.structures) {
        if (!s.place.xy)
            continue;
        structures_.push_back(
            {QPointF(s.place.xy->x, s.place.xy->y), QString::fromStdString(s.type),
             QString::fromStdString(s.name), s.ambassador.value_or(false),
             s.place.in_territory ? t.ctg_index(s.place.ctg_code) : static_cast<std::size_t>(-1),
             std::nullopt});
    }
    for (const Initiative& it : r.initiatives) {
        if (!it.place.xy)
            continue;
        initiatives_.push_back(
            {QPointF(it.place.xy->x, it.place.xy->y), QString::fromStdString(it.theme),
             QString::fromStdString(it.title), false,
             it.place.in_territory ? t.ctg_index(it.place.ctg_code) : static_cast<std::size_t>(-1),
             it.year});
    }

    if (!neighbours_geojson.empty()) {
        VectorTable table = read_vector_table(neighbours_geojson);
        const auto code = table.find_field({"code"});
        const auto nom = table.find_field({"nom"});
        if (table.srs && code && nom) {
            Transformer to_metric(*table.srs, *gdal::make_srs(t.crs));
            const std::set<std::string> own(t.departements.begin(), t.departements.end());
            const bool all = own.count("*") > 0;
            const QRectF near = outline_.bounds.adjusted(-150000, -150000, 150000, 150000);
            for (SourceRow& row : table.rows) {
                if (!row.geometry || all || own.count(row.values[*code]))
                    continue;
                to_metric.transform(*row.geometry, neighbours_geojson);
                geos::GeomPtr g = to_geos(*row.geometry);
                LodPath lod = make_lod(g.get());
                if (!lod.bounds.intersects(near))
                    continue;
                neighbours_.push_back({std::move(lod), QString::fromStdString(row.values[*nom]),
                                       label_point(g.get())});
            }
        }
    }
}

QRectF MapData::ctg_extent(const QString& code) const {
    for (const CtgShape& c : ctgs_)
        if (c.code == code)
            return c.shape.bounds;
    return extent();
}

std::size_t MapData::ctg_index(const QString& code) const {
    for (std::size_t i = 0; i < ctgs_.size(); ++i)
        if (ctgs_[i].code == code)
            return i;
    return static_cast<std::size_t>(-1);
}

std::shared_ptr<const MapData> make_map_data(const Study& study,
                                             std::shared_ptr<const Territory> territory,
                                             std::shared_ptr<const AnalysisResult> result,
                                             Diagnostics* diagnostics) {
    std::string outlines;
    Diagnostics local;
    try {
        outlines = obtain_departement_outlines(BoundaryOptions::from_environment(), local);
    } catch (const Error& e) {
        local.warn("no_neighbours", std::string("départements voisins non dessinés : ") + e.what());
    }
    if (diagnostics)
        diagnostics->append(local);
    return std::make_shared<const MapData>(study, std::move(territory), std::move(result),
                                           outlines);
}

} // namespace tecsmap::render
