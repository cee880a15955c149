#include "postgis_publish.hpp"

#include "errors.hpp"
#include "gdal_handles.hpp"
#include "postgis_connection.hpp"
#include "postgis_target.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace tecsmap {

namespace {

using postgis::quote_ident;
using postgis::quote_literal;

// A QGIS style row of the GeoPackage's layer_styles table.
struct StyleRow {
    std::string table;
    std::string geometry_column;
    std::string name;
    std::string qml;
    std::string sld;
    std::string description;
    bool is_default = false;
};

// The source: every layer of the GeoPackage but layer_styles, and the style rows.
struct Source {
    gdal::DatasetPtr ds;
    std::vector<OGRLayer*> layers;
    std::vector<StyleRow> styles;
};

Source open_source(const std::string& path) {
    gdal::init();
    const char* const drivers[] = {"GPKG", nullptr};
    Source src;
    src.ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                   nullptr, nullptr));
    if (!src.ds)
        throw InputError(path, "GeoPackage illisible : " + gdal::last_error());
    for (int i = 0; i < src.ds->GetLayerCount(); ++i) {
        OGRLayer* layer = src.ds->GetLayer(i);
        const std::string name = layer->GetName();
        if (name != "layer_styles") {
            src.layers.push_back(layer);
            continue;
        }
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        auto field = [&](const OGRFeature& f, const char* n) -> std::string {
            const int idx = defn->GetFieldIndex(n);
            return idx >= 0 && f.IsFieldSetAndNotNull(idx) ? f.GetFieldAsString(idx) : "";
        };
        for (auto& f : *layer) {
            StyleRow row;
            row.table = field(*f, "f_table_name");
            row.geometry_column = field(*f, "f_geometry_column");
            row.name = field(*f, "styleName");
            row.qml = field(*f, "styleQML");
            row.sld = field(*f, "styleSLD");
            row.description = field(*f, "description");
            row.is_default = field(*f, "useAsDefault") == "1";
            if (!row.table.empty() && !row.qml.empty())
                src.styles.push_back(std::move(row));
        }
    }
    if (src.layers.empty())
        throw InputError(path, "aucune couche à publier");
    return src;
}

// Rolls the dataset's transaction back unless commit() was reached.
class Transaction {
public:
    explicit Transaction(GDALDataset& ds)
        : ds_(ds) {
        if (ds_.StartTransaction(TRUE) != OGRERR_NONE)
            throw Error("ouverture de la transaction impossible : " + gdal::last_error());
        open_ = true;
    }
    ~Transaction() {
        if (open_)
            ds_.RollbackTransaction();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        open_ = false;
        if (ds_.CommitTransaction() != OGRERR_NONE)
            throw Error("validation de la transaction refusée : " +
                        postgis::redact(gdal::last_error()));
    }

private:
    GDALDataset& ds_;
    bool open_ = false;
};

// Same columns (names, types, sub-types), geometry type, CRS and key as the source layer: the
// existing table can keep its identity and just get new rows.
bool same_structure(OGRLayer& src, OGRLayer& dst) {
    OGRFeatureDefn* a = src.GetLayerDefn();
    OGRFeatureDefn* b = dst.GetLayerDefn();
    if (a->GetFieldCount() != b->GetFieldCount())
        return false;
    for (int i = 0; i < a->GetFieldCount(); ++i) {
        const OGRFieldDefn* fa = a->GetFieldDefn(i);
        const OGRFieldDefn* fb = b->GetFieldDefn(i);
        if (std::string(fa->GetNameRef()) != fb->GetNameRef() || fa->GetType() != fb->GetType() ||
            fa->GetSubType() != fb->GetSubType())
            return false;
    }
    if (std::string(dst.GetFIDColumn()) != "fid")
        return false;
    const OGRwkbGeometryType ga = wkbFlatten(src.GetGeomType());
    if (ga != wkbFlatten(dst.GetGeomType()))
        return false;
    if (ga == wkbNone)
        return true;
    if (std::string(dst.GetGeometryColumn()) != "geom")
        return false;
    const OGRSpatialReference* sa = src.GetSpatialRef();
    const OGRSpatialReference* sb = dst.GetSpatialRef();
    if (!sa || !sb)
        return sa == sb;
    const char* ca = sa->GetAuthorityCode(nullptr);
    const char* cb = sb->GetAuthorityCode(nullptr);
    return ca && cb ? std::string(ca) == cb : sa->IsSame(sb);
}

// QGIS's own definition of the table (QgsPostgresUtils::createStylesTable), created only where
// no administrator ran sql/01_reference.sql.
const char* const kCreateLayerStyles =
    "CREATE TABLE public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, "
    "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, stylename text, "
    "styleqml xml, stylesld xml, useasdefault boolean, description text, "
    "owner varchar(63) DEFAULT CURRENT_USER, ui xml, update_time timestamp DEFAULT "
    "CURRENT_TIMESTAMP, type varchar, r_raster_column varchar)";

// SQL literal of one field value, exact: reals in their shortest round-trip form, date-times in
// ISO 8601 with their offset when known.
std::string value_literal(const OGRFeature& f, int i) {
    const OGRFieldDefn* d = f.GetFieldDefnRef(i);
    if (!f.IsFieldSetAndNotNull(i))
        return "NULL";
    switch (d->GetType()) {
    case OFTInteger:
    case OFTInteger64:
        if (d->GetSubType() == OFSTBoolean)
            return f.GetFieldAsInteger64(i) ? "true" : "false";
        return std::to_string(f.GetFieldAsInteger64(i));
    case OFTReal: {
        const double v = f.GetFieldAsDouble(i);
        if (std::isnan(v))
            return "'NaN'::float8";
        if (std::isinf(v))
            return v > 0 ? "'Infinity'::float8" : "'-Infinity'::float8";
        std::array<char, 64> buf{};
        const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
        return std::string(buf.data(), res.ptr);
    }
    case OFTDate:
    case OFTDateTime:
    case OFTTime: {
        int y = 0, mo = 0, dd = 0, h = 0, mi = 0, tz = 0;
        float sec = 0;
        f.GetFieldAsDateTime(i, &y, &mo, &dd, &h, &mi, &sec, &tz);
        char buf[80];
        if (d->GetType() == OFTDate)
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, dd);
        else if (d->GetType() == OFTTime)
            std::snprintf(buf, sizeof buf, "%02d:%02d:%06.3f", h, mi, static_cast<double>(sec));
        else
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%06.3f", y, mo, dd, h, mi,
                          static_cast<double>(sec));
        std::string out = buf;
        if (d->GetType() == OFTDateTime && tz >= 100) { // 100 = UTC, then 15-minute steps
            const int minutes = (tz - 100) * 15;
            std::snprintf(buf, sizeof buf, "%+03d:%02d", minutes / 60, std::abs(minutes % 60));
            out += buf;
        }
        return quote_literal(out);
    }
    case OFTBinary: {
        int n = 0;
        const GByte* bytes = const_cast<OGRFeature&>(f).GetFieldAsBinary(i, &n);
        char* hex = CPLBinaryToHex(n, bytes);
        std::string out = "'\\x" + std::string(hex) + "'::bytea";
        CPLFree(hex);
        return "E" + out;
    }
    default:
        return quote_literal(f.GetFieldAsString(i));
    }
}

// Batches rows of one table into multi-row INSERT statements of bounded size.
class RowWriter {
public:
    RowWriter(GDALDataset& ds, std::string table, OGRLayer& src, int srid)
        : ds_(ds)
        , table_(std::move(table))
        , srid_(srid) {
        OGRFeatureDefn* d = src.GetLayerDefn();
        header_ = "INSERT INTO " + table_ + " (fid";
        for (int i = 0; i < d->GetFieldCount(); ++i)
            header_ += ", " + postgis::quote_ident(d->GetFieldDefn(i)->GetNameRef());
        has_geometry_ = d->GetGeomFieldCount() > 0 && src.GetGeomType() != wkbNone;
        if (has_geometry_)
            header_ += ", geom";
        header_ += ") VALUES ";
    }

    void add(const OGRFeature& f) {
        std::string row = "(" + std::to_string(f.GetFID());
        for (int i = 0; i < f.GetFieldCount(); ++i)
            row += ", " + value_literal(f, i);
        if (has_geometry_) {
            const OGRGeometry* g = f.GetGeometryRef();
            if (!g || g->IsEmpty()) {
                row += ", NULL";
            } else {
                std::vector<unsigned char> wkb(g->WkbSize());
                g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
                char* hex = CPLBinaryToHex(static_cast<int>(wkb.size()), wkb.data());
                row += ", ST_GeomFromWKB(decode('" + std::string(hex) + "', 'hex'), " +
                       std::to_string(srid_) + ")";
                CPLFree(hex);
            }
        }
        row += ")";
        if (!sql_.empty() && sql_.size() + row.size() > kMaxStatementBytes)
            flush();
        sql_ += (sql_.empty() ? header_ : std::string(", ")) + row;
    }

    void flush() {
        if (sql_.empty())
            return;
        postgis::exec(ds_, sql_);
        sql_.clear();
    }

private:
    static constexpr std::size_t kMaxStatementBytes = 4 << 20;
    GDALDataset& ds_;
    std::string table_;
    int srid_;
    bool has_geometry_ = false;
    std::string header_;
    std::string sql_;
};

class Publisher {
public:
    Publisher(const std::string& gpkg, const postgis::Target& target, Feedback* feedback)
        : gpkg_(gpkg)
        , target_(target)
        , feedback_(feedback) {}

    PublishReport run() {
        Source src = open_source(gpkg_);
        report_.target = target_.display();
        report_.schema = target_.schema;
        if (const std::string why = postgis::connection_problem(target_); !why.empty())
            fail(why);
        gdal::DatasetPtr ds;
        try {
            ds = postgis::open_dataset(target_, true);
        } catch (const Error& e) {
            fail(e.what());
        }
        ds_ = ds.get();
        feedback_begin(feedback_, "publication PostGIS");
        {
            Transaction tx(*ds_);
            guarded([&] { prepare_schema(); });
            std::size_t total = 0, done = 0;
            for (OGRLayer* l : src.layers)
                total += static_cast<std::size_t>(std::max<GIntBig>(0, l->GetFeatureCount()));
            std::set<std::string> published;
            for (OGRLayer* layer : src.layers) {
                guarded([&] { copy_layer(*layer, done, total); });
                published.insert(layer->GetName());
            }
            guarded([&] { drop_stale(published); });
            guarded([&] { write_styles(src); });
            feedback_check(feedback_);
            guarded([&] { tx.commit(); });
        }
        feedback_fraction(feedback_, 1.0);
        return report_;
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw OutputError(report_.target + " : " + why +
                          " ; le résultat précédent, s'il existe, est intact");
    }

    // Server-side failures become OutputError naming the target; cancellation passes through.
    template <class F> void guarded(F&& f) {
        try {
            f();
        } catch (const Cancelled&) {
            throw;
        } catch (const OutputError&) {
            throw;
        } catch (const Error& e) {
            fail(e.what());
        }
    }

    std::string qualified(const std::string& table) const {
        return quote_ident(target_.schema) + "." + quote_ident(table);
    }

    void prepare_schema() {
        // Two publications of the same schema run one after the other.
        postgis::query(*ds_, "SELECT pg_advisory_xact_lock(hashtext('tecsmap.publish'), "
                             "hashtext(" +
                                 quote_literal(target_.schema) + "))");
        report_.database = postgis::query(*ds_, "SELECT current_database()").at(0).at(0);
        const std::string user = postgis::query(*ds_, "SELECT current_user").at(0).at(0);
        const bool exists = !postgis::query(*ds_, "SELECT 1 FROM pg_namespace WHERE nspname = " +
                                                      quote_literal(target_.schema))
                                 .empty();
        if (!exists) {
            const bool may_create =
                postgis::query(*ds_, "SELECT has_database_privilege(current_database(), "
                                     "'CREATE')")
                    .at(0)
                    .at(0) == "1";
            if (!may_create)
                fail("le schéma « " + target_.schema + " » n'existe pas et le rôle « " + user +
                     " » n'a pas le droit de le créer : l'administrateur de la base le crée avec "
                     "sql/02_caf.sql");
            postgis::exec(*ds_, "CREATE SCHEMA " + quote_ident(target_.schema));
        } else if (postgis::query(*ds_, "SELECT has_schema_privilege(" +
                                            quote_literal(target_.schema) + ", 'CREATE')")
                       .at(0)
                       .at(0) != "1") {
            fail("le rôle « " + user + " » n'a pas le droit d'écrire dans le schéma « " +
                 target_.schema + " »");
        }
        for (const auto& row : postgis::query(
                 *ds_, "SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') FROM "
                       "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                       "c.relkind IN ('r', 'p') AND n.nspname = " +
                           quote_literal(target_.schema))) {
            existing_.insert(row[0]);
            if (row[1].rfind("tecsmap", 0) == 0)
                ours_.insert(row[0]);
        }
    }

    void copy_layer(OGRLayer& src, std::size_t& done, std::size_t total) {
        feedback_check(feedback_);
        const std::string name = src.GetName();
        OGRLayer* dst = nullptr;
        bool recreate = true;
        if (existing_.count(name)) {
            dst = ds_->GetLayerByName((target_.schema + "." + name).c_str());
            if (dst && same_structure(src, *dst)) {
                // Same table, new rows: MVCC keeps the old rows visible to older snapshots.
                postgis::exec(*ds_, "DELETE FROM " + qualified(name));
                recreate = false;
            }
        }
        if (recreate)
            dst = create_layer(src, existing_.count(name) > 0);

        // Rows go in as multi-row INSERTs on GDAL's connection (so inside the transaction),
        // with numbers written to round-trip exactly: GDAL's own COPY path prints reals with 15
        // significant digits only, which would change the published figures.
        RowWriter rows(*ds_, qualified(name), src, geometry_srid(name));
        long long count = 0;
        src.ResetReading();
        for (auto& feature : src) {
            rows.add(*feature);
            ++count;
            if (++done % 256 == 0) {
                feedback_fraction(feedback_, total ? double(done) / double(total) : 0.0);
                feedback_check(feedback_);
            }
        }
        rows.flush();
        if (count > 0)
            postgis::query(*ds_, "SELECT setval(pg_get_serial_sequence(" +
                                     quote_literal(qualified(name)) + ", 'fid'), max(fid)) FROM " +
                                     qualified(name));
        feedback_fraction(feedback_, total ? double(done) / double(total) : 1.0);
        report_.layers.push_back({name, count, recreate});
    }

    // SRID of the table's geometry column, 0 for a table without one.
    int geometry_srid(const std::string& table) {
        const auto rows =
            postgis::query(*ds_, "SELECT srid FROM geometry_columns WHERE f_table_schema = " +
                                     quote_literal(target_.schema) + " AND f_table_name = " +
                                     quote_literal(table) + " AND f_geometry_column = 'geom'");
        return rows.empty() ? 0 : std::stoi(rows.at(0).at(0));
    }

    OGRLayer* create_layer(OGRLayer& src, bool replace) {
        const std::string name = src.GetName();
        const OGRwkbGeometryType type = src.GetGeomType();
        CPLStringList options;
        options.SetNameValue("SCHEMA", target_.schema.c_str());
        options.SetNameValue("GEOMETRY_NAME", "geom");
        options.SetNameValue("FID", "fid");
        options.SetNameValue("LAUNDER", "NO"); // contract names stay exact
        options.SetNameValue("PRECISION", "NO");
        options.SetNameValue("SPATIAL_INDEX", type == wkbNone ? "NONE" : "GIST");
        options.SetNameValue("OVERWRITE", replace ? "YES" : "NO");
        options.SetNameValue("DESCRIPTION", ("tecsmap : couche " + name).c_str());
        OGRLayer* dst = ds_->CreateLayer(
            name.c_str(), type == wkbNone ? nullptr : src.GetSpatialRef(), type, options.List());
        if (!dst)
            fail("création de « " + target_.schema + "." + name +
                 " » refusée : " + postgis::redact(gdal::last_error()));
        OGRFeatureDefn* defn = src.GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            OGRFieldDefn field(defn->GetFieldDefn(i));
            if (dst->CreateField(&field) != OGRERR_NONE)
                fail("création du champ « " + name + "." + field.GetNameRef() +
                     " » refusée : " + postgis::redact(gdal::last_error()));
        }
        // The table is created now, inside the transaction (GDAL defers it otherwise).
        if (dst->SyncToDisk() != OGRERR_NONE)
            fail("création de « " + target_.schema + "." + name +
                 " » refusée : " + postgis::redact(gdal::last_error()));
        return dst;
    }

    // Tables an earlier publication made (their comment says so) that this one does not have.
    void drop_stale(const std::set<std::string>& published) {
        for (const std::string& table : ours_) {
            if (published.count(table))
                continue;
            postgis::exec(*ds_, "DROP TABLE " + qualified(table) + " CASCADE");
            report_.dropped.push_back(table);
        }
    }

    void write_styles(const Source& src) {
        if (postgis::query(*ds_, "SELECT to_regclass('public.layer_styles') IS NULL").at(0).at(0) ==
            "1") {
            try {
                postgis::exec(*ds_, kCreateLayerStyles);
            } catch (const Error& e) {
                fail(std::string("la table public.layer_styles (styles QGIS) n'existe pas et ne "
                                 "peut pas être créée : l'administrateur la crée avec "
                                 "sql/01_reference.sql (") +
                     e.what() + ")");
            }
        }
        // type stays NULL: QGIS matches "type = <its geometry word> OR type IS NULL", and the word
        // it computes depends on how the layer was opened (it may be "Unknown geometry").
        const std::string where = "f_table_catalog = current_database() AND f_table_schema = " +
                                  quote_literal(target_.schema);
        postgis::exec(*ds_, "DELETE FROM public.layer_styles WHERE " + where);
        for (const StyleRow& s : src.styles) {
            postgis::exec(
                *ds_,
                "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                "f_geometry_column, stylename, styleqml, stylesld, useasdefault, description, "
                "update_time, type) VALUES (current_database(), " +
                    quote_literal(target_.schema) + ", " + quote_literal(s.table) + ", " +
                    quote_literal(s.geometry_column.empty() ? "geom" : s.geometry_column) + ", " +
                    quote_literal(s.name) + ", XMLPARSE(DOCUMENT " + quote_literal(s.qml) + "), " +
                    (s.sld.empty() ? "NULL" : "XMLPARSE(DOCUMENT " + quote_literal(s.sld) + ")") +
                    ", " + (s.is_default ? "true" : "false") + ", " + quote_literal(s.description) +
                    ", now(), NULL)");
            ++report_.styles;
        }
    }

    std::string gpkg_;
    const postgis::Target& target_;
    Feedback* feedback_;
    GDALDataset* ds_ = nullptr;
    std::set<std::string> existing_; ///< tables of the schema before this publication
    std::set<std::string> ours_;     ///< those an earlier publication made
    PublishReport report_;
};

} // namespace

PublishReport publish_to_postgis(const std::string& gpkg_path, const std::string& target,
                                 Feedback* feedback) {
    const postgis::Target t = postgis::parse_target(target);
    if (t.schema.empty())
        throw StudyError("adresse « " + t.display() +
                         " » : précisez le schéma de destination, par exemple "
                         "postgresql://utilisateur@serveur/base?schema=drome_2022");
    return Publisher(gpkg_path, t, feedback).run();
}

} // namespace tecsmap
