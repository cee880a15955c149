#include "gpkg_writer.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"
#include "gdal_handles.hpp"
#include "geometry_convert.hpp"
#include "qml_styles.hpp"
#include "text.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>
#include <variant>

namespace tecsmap {

namespace {

using Value = std::variant<std::monostate, std::string, long long, double>;

struct FieldSpec {
    const char* name;
    OGRFieldType type;
};

// One output layer: creation with its fields, then features from values in field order.
class LayerWriter {
public:
    LayerWriter(GDALDataset& ds, const std::string& path, const char* name,
                OGRwkbGeometryType geom_type, OGRSpatialReference* srs,
                std::vector<FieldSpec> fields)
        : path_(path)
        , name_(name)
        , fields_(std::move(fields)) {
        CPLStringList options;
        options.SetNameValue("SPATIAL_INDEX", geom_type == wkbNone ? "NO" : "YES");
        layer_ =
            ds.CreateLayer(name, geom_type == wkbNone ? nullptr : srs, geom_type, options.List());
        if (!layer_)
            throw OutputError(path + " : création de la couche " + name +
                              " impossible : " + gdal::last_error());
        for (const FieldSpec& f : fields_) {
            OGRFieldDefn defn(f.name, f.type);
            if (layer_->CreateField(&defn) != OGRERR_NONE)
                throw OutputError(path + " : création du champ " + name_ + "." + f.name +
                                  " impossible : " + gdal::last_error());
        }
    }

    void write(const std::vector<Value>& values, const GEOSGeometry* geometry = nullptr,
               OGRwkbGeometryType force = wkbUnknown) {
        gdal::FeaturePtr f(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
        for (std::size_t i = 0; i < values.size() && i < fields_.size(); ++i) {
            const int idx = static_cast<int>(i);
            if (const auto* s = std::get_if<std::string>(&values[i]))
                f->SetField(idx, s->c_str());
            else if (const auto* l = std::get_if<long long>(&values[i]))
                f->SetField(idx, static_cast<GIntBig>(*l));
            else if (const auto* d = std::get_if<double>(&values[i]))
                f->SetField(idx, *d);
            else
                f->SetFieldNull(idx);
        }
        if (geometry) {
            gdal::GeometryPtr g = to_ogr(geometry);
            if (force == wkbMultiPolygon)
                g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
            else if (force == wkbPolygon && wkbFlatten(g->getGeometryType()) != wkbPolygon)
                g.reset(OGRGeometryFactory::forceToPolygon(g.release()));
            f->SetGeometryDirectly(g.release()); // the feature takes the geometry
        }
        if (layer_->CreateFeature(f.get()) != OGRERR_NONE)
            throw OutputError(path_ + " : écriture d'une entité de " + name_ +
                              " impossible : " + gdal::last_error());
    }

private:
    std::string path_;
    std::string name_;
    std::vector<FieldSpec> fields_;
    OGRLayer* layer_ = nullptr; // owned by the dataset
};

Value opt(const std::optional<double>& v) {
    return v ? Value(*v) : Value();
}
Value str_or_null(const std::string& s) {
    return s.empty() ? Value() : Value(s);
}
Value flag(bool b) {
    return Value(static_cast<long long>(b));
}

std::string now_iso() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", std::localtime(&t));
    return buf;
}

void write_styles(GDALDataset& ds, const std::string& path, const Territory& territory,
                  const AnalysisResult& r, const MapStyle& style) {
    // QGIS's own layer_styles table layout: QGIS reads the default style from it on load.
    LayerWriter w(ds, path, "layer_styles", wkbNone, nullptr,
                  {{"f_table_catalog", OFTString},
                   {"f_table_schema", OFTString},
                   {"f_table_name", OFTString},
                   {"f_geometry_column", OFTString},
                   {"styleName", OFTString},
                   {"styleQML", OFTString},
                   {"styleSLD", OFTString},
                   {"useAsDefault", OFTInteger},
                   {"description", OFTString},
                   {"owner", OFTString},
                   {"ui", OFTString},
                   {"update_time", OFTDateTime}});
    QmlContext ctx;
    for (const Ctg& c : territory.ctgs) {
        ctx.ctg_codes.push_back(c.code);
        ctx.ctg_names.push_back(c.name);
    }
    ctx.radius_km = r.parameters.coverage_radius_km;
    for (const char* layer : {"communes", "epci", "ctg", "structures", "initiatives",
                              "initiative_clusters", "coverage_gaps", "perimeters"}) {
        const std::string qml = qml_for_layer(layer, style, ctx);
        if (qml.empty())
            continue;
        w.write({"", "", std::string(layer), std::string("geom"), std::string(layer) + " (tecsmap)",
                 qml, "", 1LL, std::string("Style par défaut tecsmap (styles/tecsmap.toml)"),
                 std::string("tecsmap"), Value(), Value()});
    }
}

void write_all(GDALDataset& ds, const std::string& path, const Study& study,
               const Territory& territory, const AnalysisResult& r, const MapStyle& style) {
    gdal::SrsPtr srs = gdal::make_srs(territory.crs);

    {
        LayerWriter w(ds, path, "communes", wkbMultiPolygon, srs.get(),
                      {{"insee", OFTString},
                       {"nom", OFTString},
                       {"population", OFTInteger64},
                       {"epci_siren", OFTString},
                       {"ctg_code", OFTString},
                       {"dist_nearest_m", OFTReal},
                       {"covered_share", OFTReal},
                       {"pop_uncovered", OFTReal},
                       {"n_initiatives", OFTInteger},
                       {"gi_star_z", OFTReal},
                       {"hotspot", OFTInteger},
                       {"area_km2", OFTReal},
                       {"in_pat", OFTInteger},
                       {"in_pcaet", OFTInteger},
                       {"in_cte", OFTInteger},
                       {"source_codes", OFTString}});
        for (std::size_t i = 0; i < territory.communes.size(); ++i) {
            const Commune& c = territory.communes[i];
            const CommuneFigures& f = r.communes[i];
            w.write({c.insee, c.nom, c.population, str_or_null(c.epci_siren),
                     territory.ctgs[c.ctg].code, opt(f.dist_nearest_m), f.covered_share,
                     f.pop_uncovered, static_cast<long long>(f.n_initiatives), f.gi_star_z,
                     static_cast<long long>(f.hotspot), c.area_m2 / 1e6, flag(f.in_pat),
                     flag(f.in_pcaet), flag(f.in_cte), text::join(c.source_codes, ",")},
                    c.geometry.get(), wkbMultiPolygon);
        }
    }
    {
        LayerWriter w(ds, path, "epci", wkbMultiPolygon, srs.get(),
                      {{"siren", OFTString},
                       {"nom", OFTString},
                       {"population", OFTInteger64},
                       {"n_communes", OFTInteger}});
        for (const Epci& e : territory.epcis)
            w.write({e.siren, e.nom, e.population, static_cast<long long>(e.communes.size())},
                    e.geometry.get(), wkbMultiPolygon);
    }
    {
        LayerWriter w(ds, path, "ctg", wkbMultiPolygon, srs.get(),
                      {{"ctg_code", OFTString},
                       {"ctg_name", OFTString},
                       {"population", OFTInteger64},
                       {"epci_sirens", OFTString}});
        for (const Ctg& c : territory.ctgs)
            w.write({c.code, c.name, c.population, text::join(c.epcis, ",")}, c.geometry.get(),
                    wkbMultiPolygon);
    }
    {
        LayerWriter w(ds, path, "structures", wkbPoint, srs.get(),
                      {{"name", OFTString},
                       {"type", OFTString},
                       {"insee", OFTString},
                       {"ctg_code", OFTString},
                       {"in_territory", OFTInteger},
                       {"located_by", OFTString},
                       {"ambassador", OFTInteger},
                       {"bonus_dd", OFTString},
                       {"source", OFTString}});
        for (const Structure& s : r.structures) {
            const geos::GeomPtr pt = geos::point(s.place.xy->x, s.place.xy->y);
            w.write({s.name, s.type, str_or_null(s.place.insee), str_or_null(s.place.ctg_code),
                     flag(s.place.in_territory), str_or_null(s.place.located_by),
                     s.ambassador ? Value(static_cast<long long>(*s.ambassador)) : Value(),
                     str_or_null(s.bonus), s.place.file + ", " + s.place.location},
                    pt.get());
        }
    }
    {
        LayerWriter w(ds, path, "initiatives", wkbPoint, srs.get(),
                      {{"title", OFTString},
                       {"year", OFTInteger},
                       {"theme", OFTString},
                       {"structure", OFTString},
                       {"insee", OFTString},
                       {"ctg_code", OFTString},
                       {"in_territory", OFTInteger},
                       {"located_by", OFTString},
                       {"cluster_id", OFTInteger},
                       {"in_pat", OFTInteger},
                       {"in_pcaet", OFTInteger},
                       {"in_cte", OFTInteger},
                       {"source", OFTString}});
        for (const Initiative& it : r.initiatives) {
            geos::GeomPtr pt;
            if (it.place.xy)
                pt = geos::point(it.place.xy->x, it.place.xy->y);
            w.write({it.title, it.year ? Value(static_cast<long long>(*it.year)) : Value(),
                     str_or_null(it.theme), str_or_null(it.structure), str_or_null(it.place.insee),
                     str_or_null(it.place.ctg_code), flag(it.place.in_territory),
                     str_or_null(it.place.located_by),
                     it.cluster_id ? Value(static_cast<long long>(*it.cluster_id)) : Value(),
                     flag(it.in_pat), flag(it.in_pcaet), flag(it.in_cte),
                     it.place.file + ", " + it.place.location},
                    pt.get());
        }
    }
    {
        LayerWriter w(ds, path, "initiative_clusters", wkbPolygon, srs.get(),
                      {{"ctg_code", OFTString},
                       {"cluster_id", OFTInteger},
                       {"n_initiatives", OFTInteger},
                       {"area_km2", OFTReal}});
        for (const Cluster& c : r.clusters)
            w.write({c.ctg_code, static_cast<long long>(c.cluster_id),
                     static_cast<long long>(c.n_initiatives), geos::area(c.hull.get()) / 1e6},
                    c.hull.get(), wkbPolygon);
    }
    {
        LayerWriter w(ds, path, "coverage_gaps", wkbPolygon, srs.get(),
                      {{"area_km2", OFTReal}, {"pop_est", OFTReal}});
        for (const GapPart& g : r.gaps)
            w.write({g.area_km2, g.pop_est}, g.geometry.get(), wkbPolygon);
    }
    {
        LayerWriter w(ds, path, "perimeters", wkbMultiPolygon, srs.get(),
                      {{"kind", OFTString}, {"name", OFTString}, {"sources", OFTString}});
        for (const Perimeter& p : r.perimeters)
            w.write({p.kind, p.name, text::join(p.sources, " | ")}, p.geometry.get(),
                    wkbMultiPolygon);
    }
    {
        LayerWriter w(ds, path, "ctg_indicators", wkbNone, nullptr,
                      {{"ctg_code", OFTString},
                       {"ctg_name", OFTString},
                       {"population", OFTInteger64},
                       {"n_communes", OFTInteger},
                       {"n_structures", OFTInteger},
                       {"n_initiatives", OFTInteger},
                       {"initiatives_per_10k", OFTReal},
                       {"pop_uncovered", OFTReal},
                       {"uncovered_share", OFTReal},
                       {"n_clusters", OFTInteger},
                       {"pat_share", OFTReal},
                       {"pcaet_share", OFTReal},
                       {"cte_share", OFTReal},
                       {"n_cs", OFTInteger},
                       {"n_evs", OFTInteger},
                       {"n_ambassadors", OFTInteger},
                       {"area_km2", OFTReal}});
        for (const CtgIndicators& c : r.ctgs)
            w.write({c.ctg_code, c.ctg_name, c.population, static_cast<long long>(c.n_communes),
                     static_cast<long long>(c.n_structures),
                     static_cast<long long>(c.n_initiatives), c.initiatives_per_10k,
                     c.pop_uncovered, c.uncovered_share, static_cast<long long>(c.n_clusters),
                     c.pat_share, c.pcaet_share, c.cte_share, static_cast<long long>(c.n_cs),
                     static_cast<long long>(c.n_evs), static_cast<long long>(c.n_ambassadors),
                     c.area_km2});
    }
    {
        LayerWriter w(ds, path, "rejects", wkbNone, nullptr,
                      {{"layer", OFTString},
                       {"source_file", OFTString},
                       {"location", OFTString},
                       {"raw_values", OFTString},
                       {"reason", OFTString},
                       {"kept", OFTInteger}});
        for (const RejectedRow& x : r.rejects)
            w.write({x.layer, x.file, x.location, x.raw, x.reason, flag(x.kept)});
    }
    {
        LayerWriter w(ds, path, "missing_communes", wkbNone, nullptr,
                      {{"insee", OFTString}, {"nom", OFTString}, {"population", OFTInteger64}});
        for (const MissingCommune& m : territory.missing)
            w.write({m.insee, m.nom, m.population});
    }
    {
        LayerWriter w(ds, path, "run_info", wkbNone, nullptr,
                      {{"key", OFTString}, {"value", OFTString}});
        w.write({"study", study.path});
        w.write({"departement", study.territory_label()});
        w.write({"crs", territory.crs});
        w.write({"coverage_radius_km", text::fr_decimal(r.parameters.coverage_radius_km, 3)});
        w.write({"cluster_eps_km", text::fr_decimal(r.parameters.cluster_eps_km, 3)});
        w.write({"cluster_min_points", std::to_string(r.parameters.cluster_min_points)});
        w.write({"written_at", now_iso()});
    }
    write_styles(ds, path, territory, r, style);
}

} // namespace

void write_geopackage(const std::string& path, const Study& study, const Territory& territory,
                      const AnalysisResult& result, const MapStyle& style) {
    gdal::init();
    AtomicOutput out(path);
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (!driver)
            throw OutputError("pilote GDAL GPKG indisponible");
        gdal::DatasetPtr ds(driver->Create(out.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            throw OutputError(path + " : création impossible : " + gdal::last_error());
        // One transaction for the whole file: bulk inserts, and nothing half-visible.
        if (ds->StartTransaction() != OGRERR_NONE)
            throw OutputError(path + " : transaction impossible : " + gdal::last_error());
        write_all(*ds, path, study, territory, result, style);
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
    out.commit();
}

void write_indicators_csv(const std::string& path, const Territory& territory,
                          const AnalysisResult& r) {
    (void)territory;
    AtomicOutput out(path);
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        f << "\xEF\xBB\xBF"; // BOM: Excel then reads UTF-8 accents correctly
        f << "ctg_code;ctg_name;population;n_communes;n_structures;n_cs;n_evs;n_ambassadors;"
             "n_initiatives;initiatives_per_10k;pop_uncovered;uncovered_share;n_clusters;"
             "pat_share;pcaet_share;cte_share;area_km2\r\n";
        auto quote = [](const std::string& s) {
            std::string q = "\"";
            for (char c : s)
                q += (c == '"') ? std::string("\"\"") : std::string(1, c);
            return q + "\"";
        };
        for (const CtgIndicators& c : r.ctgs) {
            f << quote(c.ctg_code) << ';' << quote(c.ctg_name) << ';' << c.population << ';'
              << c.n_communes << ';' << c.n_structures << ';' << c.n_cs << ';' << c.n_evs << ';'
              << c.n_ambassadors << ';' << c.n_initiatives << ';'
              << text::fr_decimal(c.initiatives_per_10k, 2) << ';'
              << text::fr_decimal(c.pop_uncovered, 1) << ';'
              << text::fr_decimal(c.uncovered_share, 4) << ';' << c.n_clusters << ';'
              << text::fr_decimal(c.pat_share, 4) << ';' << text::fr_decimal(c.pcaet_share, 4)
              << ';' << text::fr_decimal(c.cte_share, 4) << ';' << text::fr_decimal(c.area_km2, 2)
              << "\r\n";
        }
        f.flush();
        if (!f)
            throw OutputError(path + " : écriture impossible (disque plein ?)");
    }
    out.commit();
}

} // namespace tecsmap
