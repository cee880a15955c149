#include "postgis_target.hpp"

#include "errors.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <regex>

namespace tecsmap::postgis {

namespace {

const char* const kPasswordAdvice =
    "tecsmap ne lit jamais de mot de passe dans une adresse de base de données : mettez-le dans "
    "~/.pgpass, dans un fichier de service (PGSERVICE, pg_service.conf) ou dans la variable "
    "d'environnement PGPASSWORD";

bool starts_with_icase(const std::string& text, const std::string& prefix) {
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

struct ConninfoDeleter {
    void operator()(PQconninfoOption* o) const noexcept { PQconninfoFree(o); }
};
struct PqFreeDeleter {
    void operator()(char* p) const noexcept { PQfreemem(p); }
};

// Validates a conninfo (URI or keyword=value) with libpq's own parser and returns the keywords
// it sets, in libpq's order.
std::vector<std::pair<std::string, std::string>> libpq_parse(const std::string& conninfo,
                                                             const std::string& shown) {
    char* raw_error = nullptr;
    std::unique_ptr<PQconninfoOption, ConninfoDeleter> options(
        PQconninfoParse(conninfo.c_str(), &raw_error));
    std::unique_ptr<char, PqFreeDeleter> error(raw_error);
    if (!options) {
        std::string why = error ? error.get() : "erreur inconnue";
        while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
            why.pop_back();
        throw StudyError("adresse de base de données invalide « " + shown + " » : " + redact(why));
    }
    std::vector<std::pair<std::string, std::string>> params;
    for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        if (std::string(o->keyword) == "password")
            throw StudyError("adresse de base de données « " + shown + " » : " + kPasswordAdvice);
        params.emplace_back(o->keyword, o->val);
    }
    return params;
}

// keyword='value' with libpq's quoting rules.
std::string conninfo_value(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "'";
}

Target parse_uri(const std::string& text) {
    const std::string shown = redact(text);
    Target target;
    const std::size_t scheme_end = text.find("://");
    const std::size_t query_pos = text.find('?', scheme_end + 3);
    std::string base = text.substr(0, query_pos);
    // user:password@ in the authority part.
    const std::size_t path_pos = base.find('/', scheme_end + 3);
    const std::string authority =
        base.substr(scheme_end + 3,
                    path_pos == std::string::npos ? std::string::npos : path_pos - scheme_end - 3);
    if (const std::size_t at = authority.rfind('@');
        at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos)
        throw StudyError("adresse de base de données « " + shown + " » : " + kPasswordAdvice);

    std::string rest_query;
    if (query_pos != std::string::npos) {
        std::string query = text.substr(query_pos + 1);
        std::size_t start = 0;
        while (start <= query.size()) {
            std::size_t end = query.find('&', start);
            if (end == std::string::npos)
                end = query.size();
            const std::string item = query.substr(start, end - start);
            start = end + 1;
            if (item.empty())
                continue;
            const std::size_t eq = item.find('=');
            const std::string key = percent_decode(item.substr(0, eq));
            const std::string value =
                eq == std::string::npos ? "" : percent_decode(item.substr(eq + 1));
            if (key == "schema") {
                target.schema = value;
                continue;
            }
            if (key == "password")
                throw StudyError("adresse de base de données « " + shown +
                                 " » : " + kPasswordAdvice);
            rest_query += (rest_query.empty() ? "?" : "&") + item;
        }
    }
    target.params = libpq_parse(base + rest_query, shown);
    return target;
}

// GDAL's "PG:" form: libpq keyword=value pairs plus GDAL's schemas=, active_schema=, tables=.
Target parse_pg(const std::string& text) {
    const std::string shown = redact(text);
    Target target;
    std::string conninfo;
    const std::string body = text.substr(3);
    std::size_t i = 0;
    auto skip_spaces = [&] {
        while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i])))
            ++i;
    };
    while (true) {
        skip_spaces();
        if (i >= body.size())
            break;
        std::string key;
        while (i < body.size() && body[i] != '=' &&
               !std::isspace(static_cast<unsigned char>(body[i])))
            key += body[i++];
        skip_spaces();
        if (i >= body.size() || body[i] != '=')
            throw StudyError("adresse de base de données invalide « " + shown +
                             " » : « mot-clé=valeur » attendu après « " + key + " »");
        ++i;
        skip_spaces();
        std::string value;
        if (i < body.size() && body[i] == '\'') {
            ++i;
            bool closed = false;
            while (i < body.size()) {
                if (body[i] == '\\' && i + 1 < body.size()) {
                    value += body[i + 1];
                    i += 2;
                } else if (body[i] == '\'') {
                    ++i;
                    closed = true;
                    break;
                } else {
                    value += body[i++];
                }
            }
            if (!closed)
                throw StudyError("adresse de base de données invalide « " + shown +
                                 " » : apostrophe non fermée");
        } else {
            while (i < body.size() && !std::isspace(static_cast<unsigned char>(body[i])))
                value += body[i++];
        }
        if (key == "password")
            throw StudyError("adresse de base de données « " + shown + " » : " + kPasswordAdvice);
        if (key == "schemas" || key == "active_schema") {
            if (value.find(',') != std::string::npos)
                throw StudyError("adresse de base de données « " + shown +
                                 " » : un seul schéma attendu (schemas=" + value + ")");
            target.schema = value;
            continue;
        }
        if (key == "tables")
            continue; // GDAL's listing filter: meaningless for tecsmap
        conninfo += (conninfo.empty() ? "" : " ") + key + "=" + conninfo_value(value);
    }
    target.params = libpq_parse(conninfo, shown);
    return target;
}

} // namespace

bool is_database_uri(const std::string& text) {
    return starts_with_icase(text, "postgresql://") || starts_with_icase(text, "postgres://") ||
           text.rfind("PG:", 0) == 0;
}

std::string Target::param(const std::string& keyword) const {
    for (const auto& [k, v] : params)
        if (k == keyword)
            return v;
    return {};
}

std::string Target::display() const {
    std::string out = "postgresql://";
    if (const std::string user = param("user"); !user.empty())
        out += user + "@";
    out += param("host");
    if (const std::string port = param("port"); !port.empty())
        out += ":" + port;
    if (const std::string db = param("dbname"); !db.empty())
        out += "/" + db;
    std::string query;
    if (const std::string service = param("service"); !service.empty())
        query += "service=" + service;
    if (!schema.empty()) {
        if (!query.empty())
            query += '&';
        query.append("schema=").append(schema);
    }
    return query.empty() ? out : out + "?" + query;
}

std::string Target::conninfo() const {
    std::string out;
    for (const auto& [k, v] : params)
        out += (out.empty() ? "" : " ") + k + "=" + conninfo_value(v);
    return out;
}

std::string Target::gdal_name() const {
    return "PG:" + conninfo();
}

Target parse_target(const std::string& text) {
    if (!is_database_uri(text))
        throw StudyError("« " + redact(text) +
                         " » n'est pas une adresse de base de données (postgresql://… ou PG:…)");
    Target target = text.rfind("PG:", 0) == 0 ? parse_pg(text) : parse_uri(text);
    if (!target.schema.empty())
        if (const std::string why = schema_name_problem(target.schema); !why.empty())
            throw StudyError("adresse de base de données « " + redact(text) + " » : schéma « " +
                             target.schema + " » invalide : " + why);
    return target;
}

std::string schema_name_problem(const std::string& name) {
    if (name.empty())
        return "nom vide";
    if (name.size() > 63)
        return "plus de 63 caractères (limite de PostgreSQL)";
    if (!(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_'))
        return "doit commencer par une lettre minuscule ou « _ »";
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
            return "seuls les lettres minuscules non accentuées, les chiffres et « _ » sont "
                   "permis";
    if (name.rfind("pg_", 0) == 0 || name == "information_schema")
        return "nom réservé par PostgreSQL";
    return {};
}

std::string redact(const std::string& text) {
    static const std::regex uri_password(R"(([A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*):[^@/?#\s]*@)");
    static const std::regex key_password(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&]*))",
                                         std::regex::icase);
    std::string out = std::regex_replace(text, uri_password, "$1:***@");
    return std::regex_replace(out, key_password, "$1***");
}

std::string quote_ident(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string quote_literal(const std::string& text) {
    const bool backslash = text.find('\\') != std::string::npos;
    std::string out = backslash ? "E'" : "'";
    for (char c : text) {
        if (c == '\'' || (backslash && c == '\\'))
            out += c;
        out += c;
    }
    return out + "'";
}

} // namespace tecsmap::postgis
