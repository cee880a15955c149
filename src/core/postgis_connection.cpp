#include "postgis_connection.hpp"

#include "errors.hpp"

#include <libpq-fe.h>

#include <memory>

namespace tecsmap::postgis {

namespace {

struct ConnDeleter {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

struct ResultSetDeleter {
    GDALDataset* ds;
    void operator()(OGRLayer* l) const noexcept { ds->ReleaseResultSet(l); }
};
using ResultSetPtr = std::unique_ptr<OGRLayer, ResultSetDeleter>;

bool contains(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

std::string first_lines(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    for (char& c : text)
        if (c == '\n')
            c = ' ';
    return redact(text);
}

std::string where(const Target& t) {
    const std::string host = t.param("host").empty() ? "l'hôte par défaut" : t.param("host");
    return t.param("port").empty() ? host : host + ":" + t.param("port");
}

} // namespace

std::string explain_connection_error(const std::string& message, const Target& t) {
    const std::string user = t.param("user").empty() ? "(utilisateur par défaut)" : t.param("user");
    if (contains(message, "password authentication failed") ||
        contains(message, "authentification par mot de passe"))
        return "authentification refusée pour le rôle « " + user +
               " » : vérifiez le mot de passe de ~/.pgpass, du fichier de service ou de "
               "PGPASSWORD";
    if (contains(message, "no password supplied") || contains(message, "aucun mot de passe"))
        return "le serveur demande un mot de passe pour le rôle « " + user +
               " » et aucun n'a été trouvé : ajoutez-le à ~/.pgpass (droits 0600), à un fichier "
               "de service ou à PGPASSWORD";
    if (contains(message, "Connection refused") || contains(message, "Connexion refusée"))
        return "connexion refusée : aucun serveur PostgreSQL n'écoute sur " + where(t);
    if (contains(message, "No such file or directory") && t.param("host").find('/') == 0)
        return "connexion refusée : aucun serveur PostgreSQL sur le socket " + where(t);
    if (contains(message, "could not translate host name") ||
        contains(message, "n'a pas pu traduire le nom d'hôte"))
        return "hôte « " + t.param("host") + " » inconnu";
    if (contains(message, "timeout expired") || contains(message, "timed out"))
        return "le serveur " + where(t) + " ne répond pas (délai dépassé)";
    if (contains(message, "database \"") && contains(message, "does not exist"))
        return "la base « " + t.param("dbname") + " » n'existe pas sur " + where(t);
    if (contains(message, "role \"") && contains(message, "does not exist"))
        return "le rôle « " + user + " » n'existe pas sur " + where(t);
    if (contains(message, "definition of service") || contains(message, "service file"))
        return "service PostgreSQL « " + t.param("service") +
               " » introuvable dans pg_service.conf : " + first_lines(message);
    if (contains(message, "no pg_hba.conf entry"))
        return "le serveur refuse cette connexion (pg_hba.conf) : " + first_lines(message);
    return "connexion impossible : " + first_lines(message);
}

std::string connection_problem(const Target& target) {
    std::vector<std::string> keys, values;
    for (const auto& [k, v] : target.params) {
        keys.push_back(k);
        values.push_back(v);
    }
    if (target.param("connect_timeout").empty()) {
        keys.emplace_back("connect_timeout");
        values.emplace_back("10");
    }
    std::vector<const char*> k, v;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        k.push_back(keys[i].c_str());
        v.push_back(values[i].c_str());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    ConnPtr conn(PQconnectdbParams(k.data(), v.data(), 0));
    if (!conn)
        return "connexion impossible : mémoire insuffisante";
    if (PQstatus(conn.get()) != CONNECTION_OK)
        return explain_connection_error(PQerrorMessage(conn.get()), target);
    return {};
}

gdal::DatasetPtr open_dataset(const Target& target, bool update) {
    gdal::init();
    const char* const drivers[] = {"PostgreSQL", nullptr};
    CPLErrorReset();
    gdal::DatasetPtr ds(GDALDataset::Open(
        target.gdal_name().c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
        drivers, nullptr, nullptr));
    if (!ds) {
        const std::string why = gdal::last_error();
        throw Error("ouverture impossible par GDAL : " +
                    (why.empty() ? std::string("pilote PostgreSQL indisponible")
                                 : explain_connection_error(why, target)));
    }
    return ds;
}

void exec(GDALDataset& ds, const std::string& sql) {
    CPLErrorReset();
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result)
        ds.ReleaseResultSet(result);
    if (CPLGetLastErrorType() >= CE_Failure)
        throw Error("le serveur a refusé une commande SQL : " + first_lines(gdal::last_error()));
}

std::vector<std::vector<std::string>> query(GDALDataset& ds, const std::string& sql) {
    CPLErrorReset();
    ResultSetPtr result(ds.ExecuteSQL(sql.c_str(), nullptr, nullptr), ResultSetDeleter{&ds});
    if (CPLGetLastErrorType() >= CE_Failure)
        throw Error("le serveur a refusé une requête SQL : " + first_lines(gdal::last_error()));
    std::vector<std::vector<std::string>> rows;
    if (!result)
        return rows;
    for (auto& feature : *result) {
        std::vector<std::string> row;
        for (int i = 0; i < feature->GetFieldCount(); ++i)
            row.emplace_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "");
        rows.push_back(std::move(row));
    }
    // GDAL reads through a cursor: an error of the query itself shows up while fetching.
    if (CPLGetLastErrorType() >= CE_Failure)
        throw Error("le serveur a refusé une requête SQL : " + first_lines(gdal::last_error()));
    return rows;
}

} // namespace tecsmap::postgis
