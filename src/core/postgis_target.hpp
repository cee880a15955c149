#pragma once
// Where a PostGIS database is: parsed from a libpq URI
// ("postgresql://user@host:port/db?schema=drome_2022", `schema` being tecsmap's own parameter)
// or from GDAL's "PG:dbname=... schemas=..." form. Credentials never come from these strings:
// a password in them is refused (libpq reads it from ~/.pgpass, a service file or PGPASSWORD),
// and nothing built here for a message ever carries one.

#include <string>
#include <utility>
#include <vector>

namespace tecsmap::postgis {

/// True for "postgresql://", "postgres://" and "PG:" strings (what a path may be instead of a
/// file).
bool is_database_uri(const std::string& text);

struct Target {
    /// libpq connection keywords and values (host, port, dbname, user, service, sslmode...), in
    /// the order given. Never "password".
    std::vector<std::pair<std::string, std::string>> params;
    /// The schema: `?schema=` of a URI, `schemas=` or `active_schema=` of a PG: string. Empty
    /// when not given.
    std::string schema;

    /// Value of a libpq keyword, empty when absent.
    std::string param(const std::string& keyword) const;
    /// For messages: "postgresql://user@host:port/db?schema=s" (never a password).
    std::string display() const;
    /// keyword='value' pairs for PQconnectdb.
    std::string conninfo() const;
    /// "PG:" + conninfo, for GDAL's PostgreSQL driver.
    std::string gdal_name() const;
};

/// Parses a URI or PG: string. Throws StudyError (in French, without any password) when it is
/// malformed, carries a password, or names an invalid schema.
Target parse_target(const std::string& text);

/// Why `name` cannot be a tecsmap schema (empty when it can): lower-case letters, digits and
/// '_', starting with a letter or '_', at most 63 bytes, not "pg_…" nor "information_schema".
std::string schema_name_problem(const std::string& name);

/// The text with every password it may carry (URI user:password@, password=..., &password=)
/// replaced by "***": for any message that quotes a connection string.
std::string redact(const std::string& text);

/// SQL identifier, always double-quoted ("a""b").
std::string quote_ident(const std::string& name);
/// SQL string literal ('it''s'; E'...' with doubled backslashes when the text has any).
std::string quote_literal(const std::string& text);

} // namespace tecsmap::postgis
