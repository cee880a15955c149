#include "postgis_source.hpp"

#include "errors.hpp"
#include "postgis_connection.hpp"
#include "postgis_target.hpp"

#include <memory>

namespace tecsmap {

namespace {

using postgis::quote_ident;
using postgis::quote_literal;

struct ResultSetDeleter {
    GDALDataset* ds;
    void operator()(OGRLayer* l) const noexcept { ds->ReleaseResultSet(l); }
};

std::string trim_start(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return s.substr(i);
}

bool starts_with_word(const std::string& text, const char* word) {
    const std::string t = trim_start(text);
    std::size_t n = std::char_traits<char>::length(word);
    if (t.size() < n)
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (std::toupper(static_cast<unsigned char>(t[i])) != word[i])
            return false;
    return t.size() == n || !std::isalnum(static_cast<unsigned char>(t[n]));
}

// The SRIDs actually present in a geometry column (of a table or a query), at most a few.
std::vector<std::string> srids_of(GDALDataset& ds, const std::string& from,
                                  const std::string& column) {
    std::vector<std::string> out;
    for (const auto& row : postgis::query(
             ds, "SELECT DISTINCT ST_SRID(" + quote_ident(column) + ") FROM " + from + " WHERE " +
                     quote_ident(column) + " IS NOT NULL ORDER BY 1 LIMIT 3"))
        out.push_back(row.at(0));
    return out;
}

// The one SRID of a column, checked: not 0, known to spatial_ref_sys, not mixed.
void check_srid(GDALDataset& ds, const std::string& shown, const std::string& what,
                const std::string& from, const std::string& column, std::string declared) {
    std::vector<std::string> present = srids_of(ds, from, column);
    if (present.size() > 1) {
        std::string list;
        for (const std::string& s : present)
            list += (list.empty() ? "" : ", ") + s;
        throw InputError(shown, what + " : la colonne géométrique « " + column +
                                    " » mélange plusieurs SRID (" + list +
                                    ") : ramenez-les à un seul avec ST_Transform");
    }
    const std::string srid = present.empty() ? declared : present.front();
    if (srid.empty() || srid == "0")
        throw InputError(shown, what + " : la colonne géométrique « " + column +
                                    " » n'a pas de SRID (0) : déclarez-le, par exemple avec "
                                    "ST_SetSRID(" +
                                    column + ", 2154)");
    if (postgis::query(ds, "SELECT 1 FROM spatial_ref_sys WHERE srid = " + srid).empty())
        throw InputError(shown, what + " : SRID " + srid + " de la colonne « " + column +
                                    " » inconnu de spatial_ref_sys");
}

void read_rows(OGRLayer& layer, VectorTable& table) {
    if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
        table.srs.reset(srs->Clone());
        table.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        table.fields.push_back(defn->GetFieldDefn(i)->GetNameRef());
    CPLErrorReset();
    layer.ResetReading();
    for (auto& feature : layer) {
        SourceRow row;
        row.fid = feature->GetFID();
        row.values.reserve(table.fields.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            row.values.push_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i)
                                                                  : "");
        if (OGRGeometry* g = feature->StealGeometry())
            row.geometry.reset(g);
        table.rows.push_back(std::move(row));
    }
    // Errors of the query (or of a table read) appear while GDAL fetches from its cursor.
    if (CPLGetLastErrorType() >= CE_Failure)
        throw InputError(table.path, table.layer_name + " : lecture refusée par le serveur : " +
                                         postgis::redact(gdal::last_error()));
}

VectorTable read_table(GDALDataset& ds, const postgis::Target& target, const std::string& shown,
                       const std::string& name) {
    std::string schema = target.schema.empty() ? "public" : target.schema;
    std::string table = name;
    if (const std::size_t dot = name.find('.'); dot != std::string::npos) {
        schema = name.substr(0, dot);
        table = name.substr(dot + 1);
    }
    const std::string what = "table « " + schema + "." + table + " »";
    const std::string from = quote_ident(schema) + "." + quote_ident(table);
    if (postgis::query(ds, "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = "
                           "c.relnamespace WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND "
                           "n.nspname = " +
                               quote_literal(schema) + " AND c.relname = " + quote_literal(table))
            .empty())
        throw InputError(shown, what + " absente de la base « " + target.param("dbname") + " »");
    if (postgis::query(ds, "SELECT has_schema_privilege(" + quote_literal(schema) +
                               ", 'USAGE') AND has_table_privilege(" + quote_literal(from) +
                               ", 'SELECT')")
            .at(0)
            .at(0) != "1")
        throw InputError(shown, what + " : lecture refusée au rôle « " +
                                    postgis::query(ds, "SELECT current_user").at(0).at(0) + " »");
    const auto columns = postgis::query(
        ds, "SELECT f_geometry_column, srid FROM geometry_columns WHERE f_table_schema = " +
                quote_literal(schema) + " AND f_table_name = " + quote_literal(table) +
                " ORDER BY f_geometry_column");
    // A table without geometry is read as attributes (perimeter lists, CTG tables, points with
    // coordinate or INSEE columns): the layer's reader says what it needs.
    if (!columns.empty())
        check_srid(ds, shown, what, from, columns.front().at(0), columns.front().at(1));

    OGRLayer* layer = ds.GetLayerByName((schema + "." + table).c_str());
    if (!layer)
        throw InputError(shown, what + " : lecture impossible par GDAL : " +
                                    postgis::redact(gdal::last_error()));
    VectorTable out;
    out.path = shown;
    out.layer_name = schema + "." + table;
    read_rows(*layer, out);
    return out;
}

VectorTable read_query(GDALDataset& ds, const std::string& shown, const std::string& sql) {
    const std::string what = "requête SQL";
    // The study only reads: the session refuses any write the query might attempt.
    postgis::exec(ds, "SET default_transaction_read_only = on");
    // As a sub-query, GDAL names the geometry column of any query (WITH ... included).
    std::string body = sql;
    while (!body.empty() &&
           (body.back() == ';' || std::isspace(static_cast<unsigned char>(body.back()))))
        body.pop_back();
    const std::string wrapped = "SELECT * FROM (" + body + ") AS tecsmap_query";
    CPLErrorReset();
    std::unique_ptr<OGRLayer, ResultSetDeleter> result(
        ds.ExecuteSQL(wrapped.c_str(), nullptr, nullptr), ResultSetDeleter{&ds});
    if (CPLGetLastErrorType() >= CE_Failure)
        throw InputError(shown,
                         what + " refusée par le serveur : " + postgis::redact(gdal::last_error()));
    if (!result)
        throw InputError(shown, what + " : aucune ligne renvoyée");
    VectorTable out;
    out.path = shown;
    out.layer_name = what;
    if (result->GetLayerDefn()->GetGeomFieldCount() == 0) {
        read_rows(*result, out); // attributes only, as for a table without geometry
        return out;
    }
    const std::string column = result->GetLayerDefn()->GetGeomFieldDefn(0)->GetNameRef();
    read_rows(*result, out);
    check_srid(ds, shown, what, "(" + body + ") AS tecsmap_query", column, "");
    if (!out.srs)
        throw InputError(shown,
                         what + " : système de coordonnées de « " + column + " » inconnu de GDAL");
    return out;
}

} // namespace

bool is_sql_query(const std::string& table_or_sql) {
    return starts_with_word(table_or_sql, "SELECT") || starts_with_word(table_or_sql, "WITH");
}

VectorTable open_database_layer(const std::string& uri, const std::string& table_or_sql) {
    const postgis::Target target = postgis::parse_target(uri);
    const std::string shown = target.display();
    if (trim_start(table_or_sql).empty())
        throw InputError(shown, "précisez la table (layer = \"schéma.table\") ou la requête "
                                "(sql = \"SELECT …\") à lire dans la base");
    if (const std::string why = postgis::connection_problem(target); !why.empty())
        throw InputError(shown, why);
    gdal::DatasetPtr ds;
    try {
        ds = postgis::open_dataset(target, false);
    } catch (const InputError&) {
        throw;
    } catch (const Error& e) {
        throw InputError(shown, e.what());
    }
    try {
        return is_sql_query(table_or_sql) ? read_query(*ds, shown, table_or_sql)
                                          : read_table(*ds, target, shown, table_or_sql);
    } catch (const InputError&) {
        throw;
    } catch (const Error& e) {
        throw InputError(shown, e.what());
    }
}

} // namespace tecsmap
