#include "gpkg_writer.hpp"

#include "analysis/access_inputs.hpp"
#include "atomic_output.hpp"
#include "batch_pipeline.hpp"
#include "errors.hpp"
#include "format.hpp"
#include "gdal_handles.hpp"
#include "geometry_convert.hpp"
#include "gpkg_rtree.hpp"
#include "layer_schema.hpp"
#include "parallel.hpp"
#include "qml_styles.hpp"
#include "run_clock.hpp"
#include "text.hpp"

#include <filesystem>
#include <fstream>

namespace tecsmap {

namespace {

// The contract layers, in writing order.
const char* const kStyledLayers[] = {"communes",         "epci",
                                     "ctg",              "structures",
                                     "initiatives",      "initiative_clusters",
                                     "coverage_gaps",    "perimeters",
                                     "site_suggestions", "best_site_per_ctg",
                                     "scenario_sites",   "structure_zones"};

// Writes rows of one table from its column declarations. Used only through write_table, which
// ends every table with its spatial index (index_rows).
class TableWriter {
public:
    TableWriter(GDALDataset& ds, std::string path, const char* name, OGRwkbGeometryType geometry,
                const OGRSpatialReference* srs)
        : path_(std::move(path))
        , name_(name)
        , geometry_(geometry) {
        // The spatial index is packed once the rows are in (index_rows), not built by GDAL
        // 3.6 one row at a time when the file is closed.
        CPLStringList options;
        options.SetNameValue("SPATIAL_INDEX", "NO");
        // GDAL 3.6 takes a non-const SRS but only clones it.
        layer_ = ds.CreateLayer(name,
                                geometry == wkbNone ? nullptr
                                                    : const_cast<OGRSpatialReference*>(srs),
                                geometry,
                                options.List());
        if (!layer_)
            throw OutputError(path_ + " : création de la couche " + name_ +
                              " impossible : " + gdal::last_error());
    }

    template <typename Row> void create_fields(const Columns<Row>& columns) {
        for (const Column<Row>& c : columns) {
            OGRFieldDefn defn(c.name, c.type);
            if (layer_->CreateField(&defn) != OGRERR_NONE)
                throw OutputError(path_ + " : création du champ " + name_ + "." + c.name +
                                  " impossible : " + gdal::last_error());
        }
        // The finished definition, taken here on the dataset's thread: make() uses it and
        // never the layer.
        defn_ = layer_->GetLayerDefn();
    }

    // A feature of the layer from a row: its values and its geometry converted to OGR. Reads
    // only the row, the columns and the layer's finished definition (whose reference count is
    // atomic), so it may run on another thread than insert().
    template <typename Row>
    gdal::FeaturePtr make(const Columns<Row>& columns, const Row& row,
                          const GEOSGeometry* geometry) const {
        gdal::FeaturePtr f(OGRFeature::CreateFeature(defn_));
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const Value v = columns[i].get(row);
            if (!value_fits(v, columns[i].type))
                throw std::logic_error(name_ + "." + columns[i].name +
                                       " : valeur d'un autre type que la colonne déclarée");
            const int idx = static_cast<int>(i);
            if (const auto* s = std::get_if<std::string>(&v))
                f->SetField(idx, s->c_str());
            else if (const auto* l = std::get_if<long long>(&v))
                f->SetField(idx, static_cast<GIntBig>(*l));
            else if (const auto* d = std::get_if<double>(&v))
                f->SetField(idx, *d);
            else
                f->SetFieldNull(idx);
        }
        if (geometry) {
            gdal::GeometryPtr g = to_ogr(geometry);
            if (geometry_ == wkbMultiPolygon)
                g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
            else if (geometry_ == wkbPolygon && wkbFlatten(g->getGeometryType()) != wkbPolygon)
                g.reset(OGRGeometryFactory::forceToPolygon(g.release()));
            f->SetGeometryDirectly(g.release()); // the feature takes the geometry
        }
        return f;
    }

    void insert(OGRFeature& f) {
        if (layer_->CreateFeature(&f) != OGRERR_NONE)
            throw OutputError(path_ + " : écriture d'une entité de " + name_ +
                              " impossible : " + gdal::last_error());
        if (geometry_ != wkbNone)
            if (auto box = rtree_box(f)) // its fid is set now
                boxes_.push_back(*box);
    }

    // After the last row: the layer's spatial index, if it has a geometry, from the boxes of
    // the features inserted (not read back from the table).
    void index_rows(GDALDataset& ds) {
        if (geometry_ != wkbNone)
            build_gpkg_rtree(ds, *layer_, path_, boxes_);
        boxes_ = {};
    }

private:
    std::string path_;
    std::string name_;
    OGRwkbGeometryType geometry_;
    OGRLayer* layer_ = nullptr;       // owned by the dataset
    OGRFeatureDefn* defn_ = nullptr;  // the layer's, set by create_fields()
    std::vector<RtreeBox> boxes_;     // of the rows inserted, for the spatial index
};

// Writes a whole table: rows [0, n), their geometry from `geometry_of` (may be empty).
template <typename Row>
void write_table(GDALDataset& ds, const std::string& path, const char* name,
                 OGRwkbGeometryType type, const OGRSpatialReference* srs,
                 const Columns<Row>& columns, const std::vector<Row>& rows,
                 const std::function<const GEOSGeometry*(const Row&)>& geometry_of = {}) {
    TableWriter w(ds, path, name, type, srs);
    w.create_fields(columns);
    // SQLite takes one writer; building the features (values, GEOS to OGR conversion: about a
    // third of a layer's writing, R-tree aside) is done on a second thread while this one
    // inserts. Batches of 256: two batches of commune multipolygons in flight stay within a few
    // MiB; a table of one batch gains nothing from a thread.
    constexpr std::size_t kBatch = 256;
    pipeline_in_batches(
        rows.size(), kBatch, thread_count() > 1 && rows.size() > kBatch,
        [&](std::size_t k) {
            return w.make(columns, rows[k], geometry_of ? geometry_of(rows[k]) : nullptr);
        },
        [&](gdal::FeaturePtr& f) { w.insert(*f); });
    w.index_rows(ds);
}

std::vector<std::size_t> indexes(std::size_t n) {
    std::vector<std::size_t> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = i;
    return v;
}

std::string source_text(const SourceRef& s) {
    const std::string where = s.location();
    return where.empty() ? s.file : s.file + ", " + where;
}

Value yes_no(const std::optional<bool>& b) {
    return optional_value(b);
}

// ctg_indicators_by_year, for the GeoPackage and its French CSV: exactly the fields of the
// output contract of issue 11 (independent tests check the list).
Columns<std::size_t> ctg_year_columns(const Territory& t, const AnalysisResult& r) {
    auto c = [&r](std::size_t k) -> const CtgYear& { return r.ctg_years[k]; };
    return {
        {"ctg_code", OFTString, [&t, c](std::size_t k) { return Value(t.ctgs[c(k).ctg].code); }},
        {"year", OFTInteger, [c](std::size_t k) { return integer(c(k).year); }},
        {"initiatives", OFTInteger, [c](std::size_t k) { return integer(c(k).initiatives); }},
        {"initiatives_change", OFTInteger,
         [c](std::size_t k) { return optional_value(c(k).initiatives_change); }},
        {"bonus_interne", OFTInteger, [c](std::size_t k) { return integer(c(k).bonus_interne); }},
        {"bonus_externe", OFTInteger, [c](std::size_t k) { return integer(c(k).bonus_externe); }},
        {"bonus_transversale", OFTInteger,
         [c](std::size_t k) { return integer(c(k).bonus_transversale); }},
        {"ambassadors", OFTInteger, [c](std::size_t k) { return integer(c(k).ambassadors); }},
    };
}

// Accessibility (issue 12): fields and layers written only when the study has a population
// grid or a road network, so that a study without them gives exactly the file it always did.

Value minutes_value(const TravelFigures& f) {
    return f.minutes ? Value(*f.minutes) : Value();
}
Value route_km_value(const TravelFigures& f) {
    return f.minutes ? Value(f.route_m / 1000.0) : Value();
}

void add_access_ctg_columns(Columns<std::size_t>& columns, const AnalysisResult& r) {
    if (!r.access)
        return;
    const AccessibilityResult& a = *r.access;
    auto ca = [&a](std::size_t k) -> const CtgAccess& { return a.ctgs[k]; };
    columns.push_back(
        {"pop_beyond_time", OFTReal, [ca](std::size_t k) { return Value(ca(k).pop_beyond); }, 1});
    columns.push_back({"beyond_time_share", OFTReal,
                       [ca, &r](std::size_t k) {
                           const double pop = static_cast<double>(r.ctgs[k].population);
                           return Value(pop > 0 ? ca(k).pop_beyond / pop : 0.0);
                       },
                       4});
    columns.push_back({"minutes_median", OFTReal,
                       [ca](std::size_t k) { return optional_value(ca(k).median_minutes); }, 1});
    columns.push_back({"acces_e2sfca", OFTReal,
                       [ca](std::size_t k) { return Value(ca(k).e2sfca * 10000.0); }, 3});
}

std::string structure_name(const StudyInputs& in, std::size_t k) {
    return k < in.structures.size() ? in.structures[k].name : std::string();
}

void add_access_commune_columns(Columns<std::size_t>& columns, const StudyRun& run) {
    using Idx = std::size_t;
    const StudyInputs& in = *run.inputs;
    const AnalysisResult& r = *run.result;
    if (const access::PopulationGrid* g = in.population.get()) {
        columns.push_back(
            {"pop_grid", OFTReal, [g](Idx i) { return Value(g->communes[i].grid_population); }, 1});
        columns.push_back(
            {"pop_grid_diff", OFTReal, [g](Idx i) { return Value(g->communes[i].difference); }, 1});
        columns.push_back({"n_cells", OFTInteger, [g](Idx i) {
                               return integer(static_cast<long long>(g->communes[i].cells));
                           }});
        columns.push_back(
            {"pop_uniform", OFTInteger, [g](Idx i) { return flag(g->communes[i].uniform); }});
    }
    if (!r.access)
        return;
    const AccessibilityResult& a = *r.access;
    columns.push_back(
        {"minutes_nearest", OFTReal, [&a](Idx i) { return minutes_value(a.communes[i]); }, 1});
    columns.push_back({"nearest_structure", OFTString, [&a, &in](Idx i) {
                           return text_or_null(structure_name(in, a.communes[i].structure));
                       }});
    columns.push_back(
        {"route_km", OFTReal, [&a](Idx i) { return route_km_value(a.communes[i]); }, 2});
    columns.push_back({"snap_m", OFTReal, [&a](Idx i) { return Value(a.communes[i].snap_m); }, 0});
    columns.push_back(
        {"acces_e2sfca", OFTReal, [&a](Idx i) { return Value(a.commune_e2sfca[i] * 10000.0); }, 3});
    columns.push_back(
        {"pop_beyond_time", OFTReal, [&a](Idx i) { return Value(a.commune_pop_beyond[i]); }, 1});
}

std::vector<std::string> access_layer_names(const StudyRun& run) {
    std::vector<std::string> names;
    if (!run.inputs || !run.result) // a suggestions file: no access layer
        return names;
    if (run.inputs->population)
        names.push_back("cells");
    if (run.result->access && !run.inputs->roads->settings.isochrone_minutes.empty())
        names.push_back("isochrones");
    return names;
}

void write_access_layers(GDALDataset& ds, const std::string& path, const StudyRun& run,
                         const OGRSpatialReference* srs) {
    using Idx = std::size_t;
    const Territory& t = *run.territory;
    const StudyInputs& in = *run.inputs;
    const AnalysisResult& r = *run.result;
    if (const access::PopulationGrid* g = in.population.get()) {
        auto part = [g](Idx k) -> const access::GridPart& { return g->parts[k]; };
        Columns<Idx> cells = {
            {"idcar", OFTString, [g, part](Idx k) { return Value(g->cells[part(k).cell].id); }},
            {"insee", OFTString,
             [&t, part](Idx k) { return Value(t.communes[part(k).commune].insee); }},
            {"ctg_code", OFTString,
             [&t, part](Idx k) { return Value(t.ctgs[t.communes[part(k).commune].ctg].code); }},
            {"pop_cell", OFTReal,
             [g, part](Idx k) { return Value(g->cells[part(k).cell].raw_population); }, 1},
            {"area_share", OFTReal, [part](Idx k) { return Value(part(k).area_share); }, 4},
            {"population", OFTReal, [part](Idx k) { return Value(part(k).population); }, 2},
            {"covered", OFTInteger,
             [&r](Idx k) {
                 return k < r.grid_part_covered.size() ? flag(r.grid_part_covered[k] != 0)
                                                       : Value();
             }},
        };
        if (r.access) {
            const AccessibilityResult& a = *r.access;
            cells.push_back(
                {"minutes_nearest", OFTReal, [&a](Idx k) { return minutes_value(a.parts[k]); }, 1});
            cells.push_back({"nearest_structure", OFTString, [&a, &in](Idx k) {
                                 return text_or_null(structure_name(in, a.parts[k].structure));
                             }});
            cells.push_back(
                {"route_km", OFTReal, [&a](Idx k) { return route_km_value(a.parts[k]); }, 2});
            cells.push_back(
                {"snap_m", OFTReal, [&a](Idx k) { return Value(a.parts[k].snap_m); }, 0});
            cells.push_back({"acces_e2sfca", OFTReal,
                             [&a](Idx k) { return Value(a.parts[k].e2sfca * 10000.0); }, 3});
        }
        write_table<Idx>(ds, path, "cells", wkbMultiPolygon, srs, cells, indexes(g->parts.size()),
                         [g](const Idx& k) { return access::part_geometry(*g, g->parts[k]); });
    }
    if (r.access && in.roads && !in.roads->settings.isochrone_minutes.empty()) {
        const std::vector<access::Isochrone>& iso = r.access->isochrones;
        const Columns<Idx> columns = {
            {"structure", OFTString,
             [&](Idx k) { return Value(structure_name(in, iso[k].structure)); }},
            {"type", OFTString,
             [&](Idx k) {
                 return Value(std::string(to_string(in.structures[iso[k].structure].type)));
             }},
            {"minutes", OFTReal, [&](Idx k) { return Value(iso[k].minutes); }, 0},
            {"area_km2", OFTReal,
             [&](Idx k) { return Value(geos::area(iso[k].geometry.get()) / 1e6); }},
        };
        write_table<Idx>(ds, path, "isochrones", wkbMultiPolygon, srs, columns, indexes(iso.size()),
                         [&](const Idx& k) { return iso[k].geometry.get(); });
    }
}

Columns<std::size_t> ctg_indicator_columns(const AnalysisResult& r) {
    auto c = [&r](std::size_t k) -> const CtgIndicators& { return r.ctgs[k]; };
    const std::string rule = to_string(r.coverage_rule);
    Columns<std::size_t> columns = {
        {"ctg_code", OFTString, [c](std::size_t k) { return Value(c(k).ctg_code); }},
        {"ctg_name", OFTString, [c](std::size_t k) { return Value(c(k).ctg_name); }},
        {"population", OFTInteger64, [c](std::size_t k) { return integer(c(k).population); }},
        {"n_communes", OFTInteger, [c](std::size_t k) { return integer(c(k).n_communes); }},
        {"n_structures", OFTInteger, [c](std::size_t k) { return integer(c(k).n_structures); }},
        {"n_other_places", OFTInteger, [c](std::size_t k) { return integer(c(k).n_other_places); }},
        {"n_cs", OFTInteger, [c](std::size_t k) { return integer(c(k).n_cs); }},
        {"n_evs", OFTInteger, [c](std::size_t k) { return integer(c(k).n_evs); }},
        {"n_ambassadors", OFTInteger, [c](std::size_t k) { return integer(c(k).n_ambassadors); }},
        {"n_initiatives", OFTInteger, [c](std::size_t k) { return integer(c(k).n_initiatives); }},
        {"initiatives_per_10k", OFTReal,
         [c](std::size_t k) { return Value(c(k).initiatives_per_10k); }, 2},
        {"pop_uncovered", OFTReal, [c](std::size_t k) { return Value(c(k).pop_uncovered); }, 1},
        {"uncovered_share", OFTReal, [c](std::size_t k) { return Value(c(k).uncovered_share); }, 4},
        {"n_clusters", OFTInteger, [c](std::size_t k) { return integer(c(k).n_clusters); }},
        {"pat_share", OFTReal, [c](std::size_t k) { return Value(c(k).pat_share); }, 4},
        {"pcaet_share", OFTReal, [c](std::size_t k) { return Value(c(k).pcaet_share); }, 4},
        {"cte_share", OFTReal, [c](std::size_t k) { return Value(c(k).cte_share); }, 4},
        {"area_km2", OFTReal, [c](std::size_t k) { return Value(c(k).area_km2); }, 2},
        {"coverage_rule", OFTString, [rule](std::size_t) { return Value(rule); }},
        {"n_structures_with_zone", OFTInteger,
         [c](std::size_t k) { return integer(c(k).n_structures_with_zone); }},
    };
    add_access_ctg_columns(columns, r);
    return columns;
}

Columns<RejectedRow> reject_columns() {
    return {
        {"layer", OFTString, [](const RejectedRow& x) { return Value(x.layer); }},
        {"source_file", OFTString, [](const RejectedRow& x) { return Value(x.source.file); }},
        {"line", OFTInteger, [](const RejectedRow& x) { return optional_value(x.source.line); }},
        {"feature", OFTInteger64, [](const RejectedRow& x) { return optional_value(x.source.feature); }},
        {"location", OFTString, [](const RejectedRow& x) { return Value(x.source.location()); }},
        {"raw_values", OFTString, [](const RejectedRow& x) { return Value(x.raw); }},
        {"reason", OFTString, [](const RejectedRow& x) { return Value(x.reason); }},
        {"kept", OFTInteger, [](const RejectedRow& x) { return flag(x.kept); }},
    };
}

Columns<std::pair<std::string, std::string>> run_info_columns() {
    using Entry = std::pair<std::string, std::string>;
    return {
        {"key", OFTString, [](const Entry& e) { return Value(e.first); }},
        {"value", OFTString, [](const Entry& e) { return Value(e.second); }},
    };
}

// site_suggestions and best_site_per_ctg (analyse with [suggest] new, and tecsmap suggest).
void write_suggestion_layers(GDALDataset& ds, const std::string& path, const Territory& t,
                             const SuggestionResult& sr, const OGRSpatialReference* s) {
    using Idx = std::size_t;
    const auto& sites = sr.location.sites;
    auto cand = [&](Idx k) -> const CandidateSite& { return sr.candidates[sites[k].candidate]; };
    const Columns<Idx> suggestions = {
        {"rank", OFTInteger, [&](Idx k) { return integer(static_cast<long long>(sites[k].rank)); }},
        {"insee", OFTString, [&](Idx k) { return Value(t.communes[cand(k).commune].insee); }},
        {"ctg_code", OFTString, [&](Idx k) { return Value(t.ctgs[t.communes[cand(k).commune].ctg].code); }},
        {"pop_newly_covered", OFTReal, [&](Idx k) { return Value(sites[k].pop_newly_covered); }},
        {"pop_covered_cumulative", OFTReal, [&](Idx k) { return Value(sites[k].pop_covered_cumulative); }},
        {"method", OFTString, [&](Idx k) { return Value(std::string(location_method_name(sites[k].method))); }},
        {"bound", OFTReal, [&](Idx k) { return Value(sites[k].bound); }},
        {"pop_covered_total", OFTReal, [&](Idx k) { return Value(sites[k].pop_covered_total); }},
        {"name", OFTString, [&](Idx k) { return text_or_null(cand(k).name); }},
        {"commune", OFTString, [&](Idx k) { return Value(t.communes[cand(k).commune].nom); }},
        {"candidate_source", OFTString, [&](Idx k) { return text_or_null(source_text(cand(k).source)); }},
    };
    std::vector<geos::GeomPtr> points(sites.size());
    for (std::size_t k = 0; k < sites.size(); ++k)
        points[k] = geos::point(cand(k).xy.x, cand(k).xy.y);
    write_table<Idx>(ds, path, "site_suggestions", wkbPoint, s, suggestions,
                     indexes(sites.size()), [&](const Idx& k) { return points[k].get(); });

    const auto& best = sr.best_per_ctg;
    auto has = [&](Idx g) { return best[g].candidate != GroupBestSite::npos; };
    auto bcand = [&](Idx g) -> const CandidateSite& { return sr.candidates[best[g].candidate]; };
    const Columns<Idx> best_columns = {
        {"ctg_code", OFTString, [&](Idx g) { return Value(t.ctgs[g].code); }},
        {"ctg_name", OFTString, [&](Idx g) { return Value(t.ctgs[g].name); }},
        {"insee", OFTString, [&](Idx g) { return has(g) ? Value(t.communes[bcand(g).commune].insee) : Value(); }},
        {"name", OFTString, [&](Idx g) { return has(g) ? text_or_null(bcand(g).name) : Value(); }},
        {"pop_newly_covered", OFTReal, [&](Idx g) { return Value(best[g].pop_newly_covered); }},
        {"pop_uncovered_before", OFTReal, [&](Idx g) { return Value(best[g].pop_uncovered_before); }},
        {"share_of_uncovered", OFTReal, [&](Idx g) { return best[g].pop_uncovered_before > 0 ? Value(best[g].pop_newly_covered / best[g].pop_uncovered_before) : Value(); }, 4},
    };
    std::vector<geos::GeomPtr> best_points(best.size());
    for (std::size_t g = 0; g < best.size(); ++g)
        if (has(g))
            best_points[g] = geos::point(bcand(g).xy.x, bcand(g).xy.y);
    write_table<Idx>(ds, path, "best_site_per_ctg", wkbPoint, s, best_columns,
                     indexes(best.size()), [&](const Idx& g) { return best_points[g].get(); });
}

// scenario_comparison (one row per scenario and CTG, plus the territory) and scenario_sites.
void write_scenario_layers(GDALDataset& ds, const std::string& path, const Territory& t,
                           const StudyInputs& in, const AnalysisResult& r,
                           const OGRSpatialReference* s) {
    struct Row {
        std::size_t scenario;
        std::size_t ctg; ///< npos: the whole territory
    };
    std::vector<Row> rows;
    for (std::size_t k = 0; k < r.scenarios.size(); ++k) {
        for (std::size_t g = 0; g < t.ctgs.size(); ++g)
            rows.push_back({k, g});
        rows.push_back({k, Territory::npos});
    }
    auto o = [&](const Row& x) -> const ScenarioOutcome& { return r.scenarios[x.scenario]; };
    auto whole = [](const Row& x) { return x.ctg == Territory::npos; };
    auto uncovered = [&](const Row& x) {
        return whole(x) ? o(x).pop_uncovered : o(x).ctg_pop_uncovered[x.ctg];
    };
    auto base = [&](const Row& x) {
        return whole(x) ? r.scenarios.front().pop_uncovered
                        : r.scenarios.front().ctg_pop_uncovered[x.ctg];
    };
    const Columns<Row> columns = {
        {"scenario", OFTString, [&](const Row& x) { return Value(o(x).name); }},
        {"description", OFTString, [&](const Row& x) { return text_or_null(o(x).description); }},
        {"sites_added", OFTInteger, [&](const Row& x) { return integer(static_cast<long long>(o(x).sites_added)); }},
        {"structures_removed", OFTInteger, [&](const Row& x) { return integer(static_cast<long long>(o(x).structures_removed)); }},
        {"zone_communes_added", OFTInteger, [&](const Row& x) { return integer(static_cast<long long>(o(x).zone_communes_added)); }},
        {"ctg_code", OFTString, [&](const Row& x) { return whole(x) ? Value() : Value(t.ctgs[x.ctg].code); }},
        {"ctg_name", OFTString, [&](const Row& x) { return Value(whole(x) ? std::string("Ensemble du territoire") : t.ctgs[x.ctg].name); }},
        {"population", OFTInteger64, [&](const Row& x) { return integer(whole(x) ? t.population() : t.ctgs[x.ctg].population); }},
        {"pop_uncovered", OFTReal, [&](const Row& x) { return Value(uncovered(x)); }, 1},
        {"covered_share", OFTReal, [&](const Row& x) { return Value(whole(x) ? o(x).covered_share(t) : o(x).ctg_covered_share(t, x.ctg)); }, 4},
        {"pop_uncovered_change", OFTReal, [&](const Row& x) { return Value(uncovered(x) - base(x)); }, 1},
    };
    write_table<Row>(ds, path, "scenario_comparison", wkbNone, nullptr, columns, rows);

    struct Site {
        std::size_t scenario;
        const ResolvedSite* site;
        const GEOSGeometry* point = nullptr;
    };
    std::vector<Site> sites;
    for (std::size_t k = 0; k < in.scenarios.size(); ++k)
        for (const ResolvedSite& rs : in.scenarios[k].add)
            sites.push_back({k, &rs});
    const Columns<Site> site_columns = {
        {"scenario", OFTString, [&](const Site& x) { return Value(in.scenarios[x.scenario].name); }},
        {"name", OFTString, [&](const Site& x) { return text_or_null(x.site->name); }},
        {"insee", OFTString, [&](const Site& x) { return x.site->commune == Territory::npos ? Value() : Value(t.communes[x.site->commune].insee); }},
        {"ctg_code", OFTString, [&](const Site& x) { return x.site->commune == Territory::npos ? Value() : Value(t.ctgs[t.communes[x.site->commune].ctg].code); }},
    };
    std::vector<geos::GeomPtr> points;
    for (Site& x : sites) {
        points.push_back(geos::point(x.site->xy.x, x.site->xy.y));
        x.point = points.back().get();
    }
    write_table<Site>(ds, path, "scenario_sites", wkbPoint, s, site_columns, sites,
                      [](const Site& x) { return x.point; });
}

void write_layers(GDALDataset& ds, const std::string& path, const StudyRun& run,
                  const RunInfo& info) {
    const Territory& t = *run.territory;
    const StudyInputs& in = *run.inputs;
    const AnalysisResult& r = *run.result;
    gdal::SrsPtr srs = gdal::make_srs(t.crs);
    const OGRSpatialReference* s = srs.get();
    using Idx = std::size_t;

    Columns<Idx> communes = {
        {"insee", OFTString, [&](Idx i) { return Value(t.communes[i].insee); }},
        {"nom", OFTString, [&](Idx i) { return Value(t.communes[i].nom); }},
        {"population", OFTInteger64, [&](Idx i) { return integer(t.communes[i].population); }},
        {"epci_siren", OFTString, [&](Idx i) { return text_or_null(t.communes[i].epci_siren); }},
        {"ctg_code", OFTString, [&](Idx i) { return Value(t.ctgs[t.communes[i].ctg].code); }},
        {"dist_nearest_m", OFTReal,
         [&](Idx i) { return optional_value(r.communes[i].dist_nearest_m); }},
        {"covered_share", OFTReal, [&](Idx i) { return Value(r.communes[i].covered_share); }},
        {"pop_uncovered", OFTReal, [&](Idx i) { return Value(r.communes[i].pop_uncovered); }},
        {"n_initiatives", OFTInteger, [&](Idx i) { return integer(r.communes[i].n_initiatives); }},
        {"gi_star_z", OFTReal, [&](Idx i) { return Value(r.communes[i].gi_star_z); }},
        {"gi_p_sim", OFTReal, [&](Idx i) { return optional_value(r.communes[i].gi_p_sim); }},
        {"gi_q", OFTReal, [&](Idx i) { return optional_value(r.communes[i].gi_q); }},
        {"gi_island", OFTInteger, [&](Idx i) { return flag(r.communes[i].gi_island); }},
        {"hotspot", OFTInteger, [&](Idx i) { return integer(r.communes[i].hotspot); }},
        {"area_km2", OFTReal, [&](Idx i) { return Value(t.communes[i].area_m2 / 1e6); }},
        {"in_pat", OFTInteger, [&](Idx i) { return flag(r.communes[i].in_pat); }},
        {"in_pcaet", OFTInteger, [&](Idx i) { return flag(r.communes[i].in_pcaet); }},
        {"in_cte", OFTInteger, [&](Idx i) { return flag(r.communes[i].in_cte); }},
        {"source_codes", OFTString,
         [&](Idx i) { return Value(text::join(t.communes[i].source_codes, ",")); }},
    };
    add_access_commune_columns(communes, run);
    write_table<Idx>(ds, path, "communes", wkbMultiPolygon, s, communes,
                     indexes(t.communes.size()),
                     [&](const Idx& i) { return t.communes[i].geometry.get(); });

    const Columns<Idx> epci = {
        {"siren", OFTString, [&](Idx k) { return Value(t.epcis[k].siren); }},
        {"nom", OFTString, [&](Idx k) { return Value(t.epcis[k].nom); }},
        {"population", OFTInteger64, [&](Idx k) { return integer(t.epcis[k].population); }},
        {"n_communes", OFTInteger, [&](Idx k) { return integer(static_cast<long long>(t.epcis[k].communes.size())); }},
    };
    write_table<Idx>(ds, path, "epci", wkbMultiPolygon, s, epci, indexes(t.epcis.size()),
                     [&](const Idx& k) { return t.epcis[k].geometry.get(); });

    const Columns<Idx> ctg = {
        {"ctg_code", OFTString, [&](Idx k) { return Value(t.ctgs[k].code); }},
        {"ctg_name", OFTString, [&](Idx k) { return Value(t.ctgs[k].name); }},
        {"population", OFTInteger64, [&](Idx k) { return integer(t.ctgs[k].population); }},
        {"epci_sirens", OFTString, [&](Idx k) { return Value(text::join(t.ctgs[k].epcis, ",")); }},
    };
    write_table<Idx>(ds, path, "ctg", wkbMultiPolygon, s, ctg, indexes(t.ctgs.size()),
                     [&](const Idx& k) { return t.ctgs[k].geometry.get(); });

    const Columns<Idx> structures = {
        {"name", OFTString, [&](Idx k) { return Value(in.structures[k].name); }},
        {"type", OFTString, [&](Idx k) { return Value(std::string(to_string(in.structures[k].type))); }},
        {"category", OFTString, [&](Idx k) { return text_or_null(in.structures[k].category); }},
        {"covers", OFTInteger, [&](Idx k) { return flag(r.structure_covers[k]); }},
        {"insee", OFTString, [&](Idx k) { return text_or_null(commune_code(t, in.structures[k].place)); }},
        {"ctg_code", OFTString, [&](Idx k) { return text_or_null(ctg_code(t, in.structures[k].place)); }},
        {"in_territory", OFTInteger, [&](Idx k) { return flag(in.structures[k].place.in_territory()); }},
        {"located_by", OFTString, [&](Idx k) { return text_or_null(to_string(in.structures[k].place.method)); }},
        {"precision_m", OFTReal, [&](Idx k) { return optional_value(in.structures[k].place.precision_m); }},
        {"ambassador", OFTInteger, [&](Idx k) { return optional_value(in.structures[k].ambassador); }},
        {"bonus_dd", OFTString, [&](Idx k) { return text_or_null(in.structures[k].bonus); }},
        {"source", OFTString, [&](Idx k) { return Value(source_text(in.structures[k].source)); }},
        {"siret", OFTString, [&](Idx k) { return text_or_null(in.structures[k].siret); }},
        {"identifier", OFTString, [&](Idx k) { return text_or_null(in.structures[k].identifier); }},
        {"agreement_start", OFTString, [&](Idx k) { return text_or_null(in.structures[k].agreement_start); }},
        {"agreement_end", OFTString, [&](Idx k) { return text_or_null(in.structures[k].agreement_end); }},
        {"zone_insee", OFTString, [&](Idx k) { return text_or_null(text::join(in.structures[k].zone_insee, ";")); }},
        {"has_zone", OFTInteger, [&](Idx k) { return flag(in.zone_of(k) != nullptr); }},
        {"ambassador_hours", OFTReal, [&](Idx k) { return optional_value(in.structures[k].programme.ambassador_hours_now()); }},
        {"programme_years", OFTString, [&](Idx k) {
             std::vector<std::string> ys;
             for (int y : in.structures[k].programme.years())
                 ys.push_back(std::to_string(y));
             return text_or_null(text::join(ys, ","));
         }},
        {"illustrative", OFTInteger, [&](Idx k) { return flag(in.structures[k].illustrative || in.illustrative.structures); }},
    };
    std::vector<geos::GeomPtr> structure_points(in.structures.size());
    for (std::size_t k = 0; k < in.structures.size(); ++k)
        if (in.structures[k].place.xy)
            structure_points[k] = geos::point(in.structures[k].place.xy->x, in.structures[k].place.xy->y);
    write_table<Idx>(ds, path, "structures", wkbPoint, s, structures,
                     indexes(in.structures.size()),
                     [&](const Idx& k) { return structure_points[k].get(); });

    const Columns<Idx> initiatives = {
        {"title", OFTString, [&](Idx k) { return Value(in.initiatives[k].title); }},
        {"year", OFTInteger, [&](Idx k) { return optional_value(in.initiatives[k].year); }},
        {"theme", OFTString, [&](Idx k) { return text_or_null(in.initiatives[k].theme); }},
        {"structure", OFTString, [&](Idx k) { return text_or_null(in.initiatives[k].structure); }},
        {"insee", OFTString, [&](Idx k) { return text_or_null(commune_code(t, in.initiatives[k].place)); }},
        {"ctg_code", OFTString, [&](Idx k) { return text_or_null(ctg_code(t, in.initiatives[k].place)); }},
        {"in_territory", OFTInteger, [&](Idx k) { return flag(in.initiatives[k].place.in_territory()); }},
        {"located_by", OFTString, [&](Idx k) { return text_or_null(to_string(in.initiatives[k].place.method)); }},
        {"precision_m", OFTReal, [&](Idx k) { return optional_value(in.initiatives[k].place.precision_m); }},
        {"cluster_id", OFTInteger, [&](Idx k) { return optional_value(r.initiatives[k].cluster_id); }},
        {"in_pat", OFTInteger, [&](Idx k) { return flag(r.initiatives[k].in_pat); }},
        {"in_pcaet", OFTInteger, [&](Idx k) { return flag(r.initiatives[k].in_pcaet); }},
        {"in_cte", OFTInteger, [&](Idx k) { return flag(r.initiatives[k].in_cte); }},
        {"source", OFTString, [&](Idx k) { return Value(source_text(in.initiatives[k].source)); }},
        {"illustrative", OFTInteger, [&](Idx k) { return flag(in.initiatives[k].illustrative || in.illustrative.initiatives); }},
    };
    std::vector<geos::GeomPtr> initiative_points(in.initiatives.size());
    for (std::size_t k = 0; k < in.initiatives.size(); ++k)
        if (in.initiatives[k].place.xy)
            initiative_points[k] = geos::point(in.initiatives[k].place.xy->x, in.initiatives[k].place.xy->y);
    write_table<Idx>(ds, path, "initiatives", wkbPoint, s, initiatives,
                     indexes(in.initiatives.size()),
                     [&](const Idx& k) { return initiative_points[k].get(); });

    const Columns<Idx> clusters = {
        {"ctg_code", OFTString, [&](Idx k) { return Value(r.clusters[k].ctg_code); }},
        {"cluster_id", OFTInteger, [&](Idx k) { return integer(r.clusters[k].cluster_id); }},
        {"n_initiatives", OFTInteger, [&](Idx k) { return integer(r.clusters[k].n_initiatives); }},
        {"area_km2", OFTReal, [&](Idx k) { return Value(geos::area(r.clusters[k].hull.get()) / 1e6); }},
    };
    write_table<Idx>(ds, path, "initiative_clusters", wkbPolygon, s, clusters,
                     indexes(r.clusters.size()),
                     [&](const Idx& k) { return r.clusters[k].hull.get(); });

    const Columns<Idx> gaps = {
        {"area_km2", OFTReal, [&](Idx k) { return Value(r.gaps[k].area_km2); }},
        {"pop_est", OFTReal, [&](Idx k) { return Value(r.gaps[k].pop_est); }},
    };
    write_table<Idx>(ds, path, "coverage_gaps", wkbPolygon, s, gaps, indexes(r.gaps.size()),
                     [&](const Idx& k) { return r.gaps[k].geometry.get(); });

    const Columns<Idx> perimeters = {
        {"kind", OFTString, [&](Idx k) { return Value(std::string(to_string(in.perimeters[k].kind))); }},
        {"name", OFTString, [&](Idx k) { return Value(in.perimeters[k].name); }},
        {"sources", OFTString, [&](Idx k) { return Value(text::join(in.perimeters[k].sources, " | ")); }},
    };
    write_table<Idx>(ds, path, "perimeters", wkbMultiPolygon, s, perimeters,
                     indexes(in.perimeters.size()),
                     [&](const Idx& k) { return in.perimeters[k].geometry.get(); });

    write_access_layers(ds, path, run, s);

    write_table<Idx>(ds, path, "ctg_indicators", wkbNone, nullptr, ctg_indicator_columns(r),
                     indexes(r.ctgs.size()));
    write_table<Idx>(ds, path, "ctg_indicators_by_year", wkbNone, nullptr,
                     ctg_year_columns(t, r), indexes(r.ctg_years.size()));

    // Agreed intervention zones: one polygon per structure that has one.
    const Columns<Idx> zones = {
        {"name", OFTString, [&](Idx z) { return Value(in.structures[in.zones[z].structure].name); }},
        {"type", OFTString, [&](Idx z) { return Value(std::string(to_string(in.structures[in.zones[z].structure].type))); }},
        {"covers", OFTInteger, [&](Idx z) { return flag(r.structure_covers[in.zones[z].structure]); }},
        {"siret", OFTString, [&](Idx z) { return text_or_null(in.structures[in.zones[z].structure].siret); }},
        {"zone_insee", OFTString, [&](Idx z) { return text_or_null(text::join(in.zones[z].insee, ";")); }},
        {"n_communes", OFTInteger, [&](Idx z) { return integer(static_cast<long long>(in.zones[z].communes.size())); }},
        {"from_layer", OFTInteger, [&](Idx z) { return flag(in.zones[z].from_layer); }},
        {"area_km2", OFTReal, [&](Idx z) { return Value(geos::area(in.zones[z].geometry.get()) / 1e6); }},
    };
    write_table<Idx>(ds, path, "structure_zones", wkbMultiPolygon, s, zones,
                     indexes(in.zones.size()),
                     [&](const Idx& z) { return in.zones[z].geometry.get(); });

    // Programme attributes per structure and year (long table).
    struct StructureYear {
        std::size_t structure;
        int year;
        const ProgrammeYear* values;
    };
    std::vector<StructureYear> structure_years;
    for (std::size_t k = 0; k < in.structures.size(); ++k)
        for (const auto& [year, v] : in.structures[k].programme.by_year)
            structure_years.push_back({k, year, &v});
    using SY = StructureYear;
    const Columns<SY> by_year = {
        {"structure_fid", OFTInteger64, [](const SY& x) { return integer(static_cast<long long>(x.structure + 1)); }},
        {"name", OFTString, [&](const SY& x) { return Value(in.structures[x.structure].name); }},
        {"ctg_code", OFTString, [&](const SY& x) { return text_or_null(ctg_code(t, in.structures[x.structure].place)); }},
        {"year", OFTInteger, [](const SY& x) { return integer(x.year); }},
        {"bonus_interne", OFTInteger, [](const SY& x) { return yes_no(x.values->bonus_interne); }},
        {"bonus_externe", OFTInteger, [](const SY& x) { return yes_no(x.values->bonus_externe); }},
        {"bonus_transversale", OFTInteger, [](const SY& x) { return yes_no(x.values->bonus_transversale); }},
        {"ambassador", OFTInteger, [](const SY& x) { return yes_no(x.values->ambassador); }},
        {"ambassador_hours", OFTReal, [](const SY& x) { return optional_value(x.values->ambassador_hours); }},
        {"participation_pat", OFTInteger, [](const SY& x) { return yes_no(x.values->participation_pat); }},
        {"participation_pcaet", OFTInteger, [](const SY& x) { return yes_no(x.values->participation_pcaet); }},
        {"participation_cte", OFTInteger, [](const SY& x) { return yes_no(x.values->participation_cte); }},
    };
    write_table<SY>(ds, path, "structures_by_year", wkbNone, nullptr, by_year, structure_years);

    if (r.suggestions)
        write_suggestion_layers(ds, path, t, *r.suggestions, s);
    if (!r.scenarios.empty())
        write_scenario_layers(ds, path, t, in, r, s);

    write_table<RejectedRow>(ds, path, "rejects", wkbNone, nullptr, reject_columns(), in.rejects);

    const Columns<MissingCommune> missing = {
        {"insee", OFTString, [](const MissingCommune& m) { return Value(m.insee); }},
        {"nom", OFTString, [](const MissingCommune& m) { return Value(m.nom); }},
        {"population", OFTInteger64, [](const MissingCommune& m) { return integer(m.population); }},
    };
    write_table<MissingCommune>(ds, path, "missing_communes", wkbNone, nullptr, missing,
                                t.missing);

    write_table<std::pair<std::string, std::string>>(ds, path, "run_info", wkbNone, nullptr,
                                                     run_info_columns(), info.entries);
}

void write_styles(GDALDataset& ds, const std::string& path, const StudyRun& run,
                  const MapStyle& style, const std::string& timestamp,
                  const QmlContext& base_ctx = {}) {
    const Territory& t = *run.territory;
    QmlContext ctx = base_ctx;
    for (const Ctg& c : t.ctgs)
        ctx.ctgs.push_back({c.code, c.name});
    ctx.cells_have_minutes = run.result && run.result->access != nullptr;
    if (run.inputs && run.inputs->roads)
        ctx.isochrone_minutes = run.inputs->roads->settings.isochrone_minutes;
    struct Style {
        std::string layer;
        std::string qml;
    };
    std::vector<Style> styles;
    std::vector<std::string> layers(std::begin(kStyledLayers), std::end(kStyledLayers));
    for (const std::string& layer : access_layer_names(run))
        layers.push_back(layer);
    for (const std::string& layer : layers)
        if (!ds.GetLayerByName(layer.c_str()))
            continue;
        else if (std::string qml = qml_for_layer(layer, style, ctx); !qml.empty())
            styles.push_back({layer, std::move(qml)});
    // QGIS's own layer_styles layout: QGIS reads the default style from it on load.
    const Columns<Style> columns = {
        {"f_table_catalog", OFTString, [](const Style&) { return Value(std::string()); }},
        {"f_table_schema", OFTString, [](const Style&) { return Value(std::string()); }},
        {"f_table_name", OFTString, [](const Style& s) { return Value(s.layer); }},
        {"f_geometry_column", OFTString, [](const Style&) { return Value(std::string("geom")); }},
        {"styleName", OFTString, [](const Style& s) { return Value(s.layer + " (tecsmap)"); }},
        {"styleQML", OFTString, [](const Style& s) { return Value(s.qml); }},
        {"styleSLD", OFTString, [](const Style&) { return Value(std::string()); }},
        {"useAsDefault", OFTInteger, [](const Style&) { return integer(1); }},
        {"description", OFTString,
         [](const Style&) { return Value(std::string("Style par défaut tecsmap (styles/tecsmap.toml)")); }},
        {"owner", OFTString, [](const Style&) { return Value(std::string("tecsmap")); }},
        {"ui", OFTString, [](const Style&) { return Value(); }},
        {"update_time", OFTDateTime, [timestamp](const Style&) { return Value(timestamp); }},
    };
    write_table<Style>(ds, path, "layer_styles", wkbNone, nullptr, columns, styles);
}

// A new GeoPackage at the output's temporary path. The whole file is written in one
// transaction, so its dirty pages outgrow SQLite's default 2 MiB page cache and are spilled.
// 8 MiB was measured when GDAL still built the R-trees row by row at the end: committing
// 100 000 points went from 1.3 s to 0.8-1.1 s (docs/performance.md, "Second pass: what was
// done"); more bought no time and added to the peak memory. The R-trees are now packed as each
// layer ends (build_gpkg_rtree) and the 8 MiB kept, not measured again.
gdal::DatasetPtr create_gpkg(const AtomicOutput& out) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver)
        throw OutputError("pilote GDAL GPKG indisponible");
    gdal::DatasetPtr ds(driver->Create(out.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw OutputError(out.target() + " : création impossible : " + gdal::last_error());
    ds->ReleaseResultSet(ds->ExecuteSQL("PRAGMA cache_size = -8192", nullptr, nullptr));
    return ds;
}

} // namespace

void write_geopackage(const std::string& path, const StudyRun& run, const MapStyle& style,
                      const RunInfo& info) {
    AtomicOutput out(path);
    write_geopackage(out, run, style, info);
    out.commit();
}

void write_geopackage(AtomicOutput& out, const StudyRun& run, const MapStyle& style,
                      const RunInfo& info) {
    gdal::init();
    const std::string& path = out.target();
    // GDAL stamps gpkg_contents.last_change with the current time unless told otherwise: the
    // run's clock keeps outputs reproducible under SOURCE_DATE_EPOCH.
    const std::string timestamp = iso_utc(run_time());
    CPLConfigOptionSetter date("OGR_CURRENT_DATE", timestamp.c_str(), false);
    {
        gdal::DatasetPtr ds = create_gpkg(out);
        // One transaction for the whole file: bulk inserts, and nothing half-visible.
        if (ds->StartTransaction() != OGRERR_NONE)
            throw OutputError(path + " : transaction impossible : " + gdal::last_error());
        write_layers(*ds, path, run, info);
        QmlContext ctx;
        ctx.hotspot_method = run.result->hotspot_method;
        write_styles(*ds, path, run, style, timestamp, ctx);
        if (ds->CommitTransaction() != OGRERR_NONE)
            throw OutputError(path +
                              " : écriture impossible (disque plein ?) : " + gdal::last_error());
        // Close explicitly to catch a failure to flush before renaming.
        CPLErrorReset();
        ds.reset();
        if (CPLGetLastErrorType() == CE_Failure)
            throw OutputError(path +
                              " : fermeture impossible (disque plein ?) : " + gdal::last_error());
    }
}

void write_suggestions_geopackage(AtomicOutput& out, const StudyRun& run,
                                  const SuggestionResult& suggestions, const MapStyle& style,
                                  const RunInfo& info) {
    gdal::init();
    const std::string& path = out.target();
    const std::string timestamp = iso_utc(run_time());
    CPLConfigOptionSetter date("OGR_CURRENT_DATE", timestamp.c_str(), false);
    gdal::DatasetPtr ds = create_gpkg(out);
    if (ds->StartTransaction() != OGRERR_NONE)
        throw OutputError(path + " : transaction impossible : " + gdal::last_error());
    gdal::SrsPtr srs = gdal::make_srs(run.territory->crs);
    write_suggestion_layers(*ds, path, *run.territory, suggestions, srs.get());
    if (run.inputs)
        write_table<RejectedRow>(*ds, path, "rejects", wkbNone, nullptr, reject_columns(),
                                 run.inputs->rejects);
    write_table<std::pair<std::string, std::string>>(*ds, path, "run_info", wkbNone, nullptr,
                                                     run_info_columns(), info.entries);
    write_styles(*ds, path, run, style, timestamp);
    if (ds->CommitTransaction() != OGRERR_NONE)
        throw OutputError(path + " : écriture impossible (disque plein ?) : " + gdal::last_error());
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() == CE_Failure)
        throw OutputError(path + " : fermeture impossible (disque plein ?) : " + gdal::last_error());
}

namespace {

std::string csv_cell(const Value& v, OGRFieldType type, int decimals) {
    if (const auto* s = std::get_if<std::string>(&v)) {
        std::string q = "\"";
        // A cell starting with = + - @ TAB or CR is a formula for a spreadsheet: a leading
        // apostrophe keeps it text (OWASP's CSV-injection convention).
        if (!s->empty() && std::string("=+-@\t\r").find(s->front()) != std::string::npos)
            q += '\'';
        for (char c : *s)
            q += (c == '"') ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    }
    if (const auto* l = std::get_if<long long>(&v))
        return std::to_string(*l);
    if (const auto* d = std::get_if<double>(&v))
        return type == OFTReal ? fr::spreadsheet(*d, decimals) : machine::number(*d);
    return "";
}

} // namespace

std::string indicators_csv_path(const std::string& gpkg_path) {
    const std::filesystem::path p(gpkg_path);
    return (p.parent_path() / (p.stem().string() + "-ctg_indicators.csv")).string();
}

void write_indicators_csv(const std::string& path, const StudyRun& run) {
    AtomicOutput out(path);
    write_indicators_csv(out, run);
    out.commit();
}

namespace {

// A table as a CSV for French spreadsheets: ';', decimal comma, UTF-8 with BOM, CRLF.
void write_csv(AtomicOutput& out, const Columns<std::size_t>& columns, std::size_t rows) {
    const std::string& path = out.target();
    std::ofstream f(out.temp_path(), std::ios::binary);
    f << "\xEF\xBB\xBF"; // BOM: Excel then reads UTF-8 accents correctly
    for (std::size_t c = 0; c < columns.size(); ++c)
        f << (c ? ";" : "") << columns[c].name;
    f << "\r\n";
    for (std::size_t k = 0; k < rows; ++k) {
        for (std::size_t c = 0; c < columns.size(); ++c)
            f << (c ? ";" : "")
              << csv_cell(columns[c].get(k), columns[c].type, columns[c].decimals);
        f << "\r\n";
    }
    f.flush();
    if (!f)
        throw OutputError(path + " : écriture impossible (disque plein ?)");
}

} // namespace

void write_indicators_csv(AtomicOutput& out, const StudyRun& run) {
    write_csv(out, ctg_indicator_columns(*run.result), run.result->ctgs.size());
}

std::string indicators_by_year_csv_path(const std::string& gpkg_path) {
    const std::filesystem::path p(gpkg_path);
    return (p.parent_path() / (p.stem().string() + "-ctg_indicators_by_year.csv")).string();
}

void write_indicators_by_year_csv(AtomicOutput& out, const StudyRun& run) {
    write_csv(out, ctg_year_columns(*run.territory, *run.result), run.result->ctg_years.size());
}

void write_indicators_by_year_csv(const std::string& path, const StudyRun& run) {
    AtomicOutput out(path);
    write_indicators_by_year_csv(out, run);
    out.commit();
}

} // namespace tecsmap
