#include "map_data.hpp"

#include "analysis/access_inputs.hpp"
#include "geometry_path.hpp"
#include "parallel.hpp"

#include <algorithm>

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

const std::vector<DepartementOutline>& no_neighbours() {
    static const std::vector<DepartementOutline> none;
    return none;
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

TerritoryShapes::TerritoryShapes(std::shared_ptr<const Territory> territory,
                                 const std::vector<DepartementOutline>& neighbours)
    : territory_(std::move(territory)) {
    const Territory& t = *territory_;
    // Paths and simplified levels are independent per polygon: built on all cores.
    communes_.resize(t.communes.size());
    parallel_for(t.communes.size(), [&](std::size_t i) {
        const Commune& c = t.communes[i];
        communes_[i] = {make_lod(c.geometry.get()),
                        QPointF(c.representative.x, c.representative.y),
                        QString::fromStdString(c.nom), c.population, c.ctg};
    });
    for (std::size_t level = 0; level < LodPath::kTolerances.size(); ++level) {
        all_communes_[level].setFillRule(Qt::OddEvenFill);
        for (const CommuneShape& c : communes_)
            all_communes_[level].addPath(c.shape.levels[level].isEmpty() ? c.shape.levels[0]
                                                                         : c.shape.levels[level]);
    }
    epcis_.resize(t.epcis.size());
    parallel_for(t.epcis.size(),
                 [&](std::size_t k) { epcis_[k] = make_lod(t.epcis[k].geometry.get()); });
    ctgs_.resize(t.ctgs.size());
    parallel_for(t.ctgs.size(), [&](std::size_t k) {
        const Ctg& c = t.ctgs[k];
        ctgs_[k] = {make_lod(c.geometry.get()), label_point(c.geometry.get()),
                    QString::fromStdString(c.code), QString::fromStdString(c.name), c.population};
    });
    for (std::size_t level = 0; level < LodPath::kTolerances.size(); ++level) {
        for (const LodPath& e : epcis_)
            all_epcis_[level].addPath(e.levels[level].isEmpty() ? e.levels[0] : e.levels[level]);
        for (const CtgShape& g : ctgs_)
            all_ctgs_[level].addPath(g.shape.levels[level].isEmpty() ? g.shape.levels[0]
                                                                     : g.shape.levels[level]);
    }
    // The territory's outline, built with it (and cached): the union of its CTGs.
    const geos::GeomPtr outline = t.outline_of();
    outline_ = make_lod(outline.get());
    for (const DepartementOutline& d : neighbours)
        neighbours_.push_back({make_lod(d.geometry.get()), QString::fromStdString(d.name),
                               label_point(d.geometry.get())});
}

MapData::MapData(MapSource source, std::shared_ptr<const TerritoryShapes> shapes,
                 const MapData* previous)
    : source_(std::move(source))
    , shapes_(std::move(shapes)) {
    const Territory& t = territory();
    if (!shapes_ || &shapes_->territory() != &t)
        shapes_ = std::make_shared<const TerritoryShapes>(
            source_.run.territory, source_.neighbours ? *source_.neighbours : no_neighbours());
    const AnalysisResult& r = result();
    hotspots_.assign(t.communes.size(), 0);
    for (std::size_t i = 0; i < t.communes.size() && i < r.communes.size(); ++i)
        hotspots_[i] = std::clamp(r.communes[i].hotspot, -3, 3);
    // What a re-analysis leaves as it was is taken from the previous snapshot (QPainterPath and
    // QString are implicitly shared: no copy of the elements).
    const bool same_shapes = previous && previous->shapes_ == shapes_;
    const bool same_inputs = same_shapes && previous->source_.run.inputs == source_.run.inputs;
    if (same_shapes && previous->hotspots_ == hotspots_)
        by_class_ = previous->by_class_;
    else
        prepare_classes();
    if (r.suggestions) {
        const SuggestionResult& sr = *r.suggestions;
        for (const SuggestedSite& site : sr.location.sites) {
            const CandidateSite& c = sr.candidates[site.candidate];
            suggested_.push_back({QPointF(c.xy.x, c.xy.y), QStringLiteral("suggestion"),
                                  QString::number(site.rank), false,
                                  t.communes[c.commune].ctg, std::nullopt, std::nullopt});
        }
        for (const GroupBestSite& b : sr.best_per_ctg) {
            if (b.candidate == GroupBestSite::npos)
                continue;
            const CandidateSite& c = sr.candidates[b.candidate];
            best_sites_.push_back({QPointF(c.xy.x, c.xy.y), QStringLiteral("best"),
                                   QString::fromStdString(c.name), false, b.group,
                                   std::nullopt, std::nullopt});
        }
    }
    for (const GapPart& g : r.gaps)
        gaps_.push_back({make_lod(g.geometry.get()), {}, {}, 0});
    for (const Cluster& c : r.clusters)
        clusters_.push_back(
            {make_lod(c.hull.get()), {}, QString::number(c.cluster_id), t.ctg_index(c.ctg_code)});
    if (same_inputs) {
        perimeters_ = previous->perimeters_;
        zones_ = previous->zones_;
        structures_ = previous->structures_;
        initiatives_ = previous->initiatives_;
    } else {
        prepare_input_layers();
    }
    prepare_access();
    prepare_e2sfca_breaks();
}

void MapData::prepare_classes() {
    for (std::size_t level = 0; level < LodPath::kTolerances.size(); ++level) {
        for (auto& per_class : by_class_)
            per_class[level].setFillRule(Qt::OddEvenFill);
        for (std::size_t i = 0; i < shapes_->communes().size(); ++i) {
            const LodPath& c = shapes_->communes()[i].shape;
            by_class_[static_cast<std::size_t>(hotspots_[i] + 3)][level].addPath(
                c.levels[level].isEmpty() ? c.levels[0] : c.levels[level]);
        }
    }
}

void MapData::prepare_input_layers() {
    const Territory& t = territory();
    const StudyInputs& in = inputs();
    for (const Perimeter& p : in.perimeters)
        perimeters_.push_back({make_lod(p.geometry.get()), QString(to_string(p.kind)),
                               QString::fromStdString(p.name), 0});
    for (const StructureZone& z : in.zones) {
        const Structure& s = in.structures[z.structure];
        zones_.push_back({make_lod(z.geometry.get()), QString(to_string(s.type)),
                          QString::fromStdString(s.name), 0, date_year(s.agreement_start),
                          date_year(s.agreement_end)});
    }
    for (const Structure& s : in.structures) {
        if (!s.place.xy)
            continue;
        structures_.push_back({QPointF(s.place.xy->x, s.place.xy->y), QString(to_string(s.type)),
                               QString::fromStdString(s.name), s.ambassador.value_or(false),
                               tecsmap::ctg_index(t, s.place), date_year(s.agreement_start),
                               date_year(s.agreement_end)});
    }
    for (const Initiative& it : in.initiatives) {
        if (!it.place.xy)
            continue;
        initiatives_.push_back({QPointF(it.place.xy->x, it.place.xy->y),
                                QString::fromStdString(it.theme), QString::fromStdString(it.title),
                                false, tecsmap::ctg_index(t, it.place), it.year, std::nullopt});
    }
}

namespace {

AccessItem access_item(const TravelFigures& f, const StudyInputs& in, double e2sfca) {
    AccessItem a;
    a.minutes = f.minutes;
    if (f.structure < in.structures.size())
        a.structure = QString::fromStdString(in.structures[f.structure].name);
    a.route_km = f.route_m / 1000.0;
    a.snap_m = f.snap_m;
    a.e2sfca_10k = e2sfca * 10000.0;
    return a;
}

} // namespace

void MapData::prepare_access() {
    const Territory& t = territory();
    const AnalysisResult& r = result();
    const StudyInputs& in = inputs();
    if (r.access) {
        const AccessibilityResult& a = *r.access;
        commune_access_.resize(t.communes.size());
        for (std::size_t i = 0; i < t.communes.size(); ++i) {
            commune_access_[i] = access_item(a.communes[i], in, a.commune_e2sfca[i]);
            commune_access_[i].pop_beyond = a.commune_pop_beyond[i];
            commune_access_[i].uniform = !in.population || in.population->communes[i].uniform;
        }
        std::vector<double> minutes = in.roads->settings.isochrone_minutes;
        for (const access::Isochrone& iso : a.isochrones) {
            const auto rank = static_cast<std::size_t>(
                std::find(minutes.begin(), minutes.end(), iso.minutes) - minutes.begin());
            isochrones_.push_back({make_lod(iso.geometry.get()),
                                   QString::fromStdString(in.structures[iso.structure].name),
                                   iso.minutes, rank});
        }
        speeds_label_ = QString::fromStdString(tecsmap::speeds_label(in.roads->settings));
    }
    if (const access::PopulationGrid* g = in.population.get()) {
        cells_.resize(g->parts.size());
        parallel_for(g->parts.size(), [&](std::size_t k) {
            const access::GridPart& part = g->parts[k];
            CellShape& c = cells_[k];
            c.path = to_path(access::part_geometry(*g, part));
            c.bounds = c.path.boundingRect();
            c.id = QString::fromStdString(g->cells[part.cell].id);
            c.commune = part.commune;
            c.population = part.population;
            c.covered = k < r.grid_part_covered.size() && r.grid_part_covered[k];
            if (r.access)
                c.access = access_item(r.access->parts[k], in, r.access->parts[k].e2sfca);
        });
    }
}

void MapData::prepare_e2sfca_breaks() {
    if (!result().access)
        return;
    // The values the E2SFCA theme colours: cells where people live, and the communes counted
    // at their representative point; nobody-reaches-anything (0) has a class of its own.
    std::vector<double> values;
    for (const CellShape& c : cells_)
        if (c.access.e2sfca_10k > 0)
            values.push_back(c.access.e2sfca_10k);
    for (const AccessItem& a : commune_access_)
        if (a.uniform && a.e2sfca_10k > 0)
            values.push_back(a.e2sfca_10k);
    if (values.empty())
        return;
    std::sort(values.begin(), values.end());
    // Quintiles (lower), distinct and increasing: fewer classes when values repeat.
    for (int q = 1; q < 5; ++q) {
        const double v = values[(values.size() - 1) * static_cast<std::size_t>(q) / 5];
        if (e2sfca_breaks_.empty() || v > e2sfca_breaks_.back())
            e2sfca_breaks_.push_back(v);
    }
    if (e2sfca_breaks_.back() >= values.back())
        e2sfca_breaks_.pop_back(); // the open class above the last break must hold something
}

std::size_t MapData::e2sfca_class(double v) const {
    if (!(v > 0))
        return e2sfca_breaks_.size() + 1;
    return static_cast<std::size_t>(
        std::lower_bound(e2sfca_breaks_.begin(), e2sfca_breaks_.end(), v) -
        e2sfca_breaks_.begin());
}

QRectF MapData::ctg_extent(const QString& code) const {
    for (const CtgShape& c : ctgs())
        if (c.code == code)
            return c.shape.bounds;
    return extent();
}

std::size_t MapData::ctg_index(const QString& code) const {
    for (std::size_t i = 0; i < ctgs().size(); ++i)
        if (ctgs()[i].code == code)
            return i;
    return static_cast<std::size_t>(-1);
}

} // namespace tecsmap::render
