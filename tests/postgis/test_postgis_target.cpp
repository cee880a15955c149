// Connection strings: parsing, schema names, password refusal and redaction (no server needed).

#include "errors.hpp"
#include "postgis_connection.hpp"
#include "postgis_source.hpp"
#include "postgis_target.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;
using namespace tecsmap::postgis;

namespace {

// The message of the StudyError thrown by parse_target(text).
std::string parse_error(const std::string& text) {
    try {
        parse_target(text);
    } catch (const StudyError& e) {
        return e.what();
    }
    FAIL("no error for " << text);
    return {};
}

} // namespace

TEST_CASE("URI: user, host, port, database and our schema parameter", "[unit][postgis]") {
    const Target t = parse_target("postgresql://caf26@db.example.org:5433/tecs?schema=drome_2022");
    CHECK(t.param("user") == "caf26");
    CHECK(t.param("host") == "db.example.org");
    CHECK(t.param("port") == "5433");
    CHECK(t.param("dbname") == "tecs");
    CHECK(t.param("password").empty());
    CHECK(t.schema == "drome_2022");
    CHECK(t.display() == "postgresql://caf26@db.example.org:5433/tecs?schema=drome_2022");
    CHECK(t.conninfo() == "user='caf26' dbname='tecs' host='db.example.org' port='5433'");
    CHECK(t.gdal_name() == "PG:" + t.conninfo());

    // libpq's own parameters pass through, percent-encoding is decoded.
    const Target s = parse_target("postgres:///tecs?service=caf%5F26&sslmode=require&schema=a_b");
    CHECK(s.param("service") == "caf_26");
    CHECK(s.param("sslmode") == "require");
    CHECK(s.schema == "a_b");
    CHECK(s.display() == "postgresql:///tecs?service=caf_26&schema=a_b");
    // No schema is fine for parsing (inputs may name it in the table).
    CHECK(parse_target("postgresql://h/db").schema.empty());
}

TEST_CASE("GDAL PG: form with schemas= and quoted values", "[unit][postgis]") {
    const Target t = parse_target(
        "PG:dbname='tecs data' host=localhost port=5432 user='o\\'brien' schemas=caf_26");
    CHECK(t.param("dbname") == "tecs data");
    CHECK(t.param("user") == "o'brien");
    CHECK(t.schema == "caf_26");
    CHECK(parse_target("PG:dbname=x active_schema=ref").schema == "ref");
    CHECK(parse_error("PG:dbname=x schemas=a,b").find("un seul schéma") != std::string::npos);
    CHECK(parse_error("PG:dbname").find("mot-clé=valeur") != std::string::npos);
    CHECK(parse_error("PG:dbname='x").find("apostrophe") != std::string::npos);
    CHECK(parse_error("PG:dbname=x bogus=1").find("bogus") != std::string::npos);
}

TEST_CASE("a password in the address is refused and never repeated", "[unit][postgis]") {
    const std::string secret = "S3cr3t-Pw";
    for (const std::string& text : {"postgresql://caf26:" + secret + "@h:5432/db?schema=a",
                                    "postgresql://caf26@h/db?password=" + secret + "&schema=a",
                                    "PG:dbname=db user=caf26 password=" + secret + " schemas=a",
                                    "PG:dbname=db password='" + secret + " x' schemas=a"}) {
        const std::string message = parse_error(text);
        INFO(message);
        CHECK(message.find(secret) == std::string::npos);
        CHECK(message.find("~/.pgpass") != std::string::npos);
        CHECK(message.find("PGPASSWORD") != std::string::npos);
    }
    // Other errors of an address with a password do not repeat it either.
    const std::string bad_schema = parse_error("postgresql://u:" + secret + "@h/db?schema=Bad");
    CHECK(bad_schema.find(secret) == std::string::npos);
    CHECK(parse_error("PG:dbname=x password=" + secret + " bogus=1").find(secret) ==
          std::string::npos);
}

TEST_CASE("redact hides every password form", "[unit][postgis]") {
    CHECK(redact("postgresql://u:pw@h/db") == "postgresql://u:***@h/db");
    CHECK(redact("postgres://u:p%40w@h:1/db?x=1") == "postgres://u:***@h:1/db?x=1");
    CHECK(redact("host=h password=pw user=u") == "host=h password=*** user=u");
    CHECK(redact("host=h PASSWORD = 'p w\\'x' user=u") == "host=h PASSWORD = *** user=u");
    CHECK(redact("postgresql://h/db?password=pw&schema=s") ==
          "postgresql://h/db?password=***&schema=s");
    CHECK(redact("postgresql://u@h/db") == "postgresql://u@h/db");
}

TEST_CASE("schema names follow PostgreSQL's unquoted identifier rules", "[unit][postgis]") {
    CHECK(schema_name_problem("drome_2022").empty());
    CHECK(schema_name_problem("_x1").empty());
    CHECK(schema_name_problem(std::string(63, 'a')).empty());
    CHECK(schema_name_problem("").find("vide") != std::string::npos);
    CHECK(schema_name_problem(std::string(64, 'a')).find("63") != std::string::npos);
    CHECK(schema_name_problem("1abc").find("commencer") != std::string::npos);
    CHECK(schema_name_problem("Drome").find("commencer") != std::string::npos);
    CHECK(schema_name_problem("drôme").find("minuscules") != std::string::npos);
    CHECK(schema_name_problem("a-b").find("minuscules") != std::string::npos);
    CHECK(schema_name_problem("a;drop").find("minuscules") != std::string::npos);
    CHECK(schema_name_problem("pg_temp").find("réservé") != std::string::npos);
    CHECK(schema_name_problem("information_schema").find("réservé") != std::string::npos);
    const std::string m = parse_error("postgresql://h/db?schema=a%22b");
    CHECK(m.find("schéma « a\"b » invalide") != std::string::npos);
}

TEST_CASE("SQL quoting", "[unit][postgis]") {
    CHECK(quote_ident("a\"b") == "\"a\"\"b\"");
    CHECK(quote_literal("l'eau") == "'l''eau'");
    CHECK(quote_literal("a\\b'") == "E'a\\\\b'''");
}

TEST_CASE("which strings are database addresses and queries", "[unit][postgis]") {
    CHECK(is_database_uri("postgresql://h/db"));
    CHECK(is_database_uri("POSTGRES://h/db"));
    CHECK(is_database_uri("PG:dbname=x"));
    CHECK_FALSE(is_database_uri("data/geo/drome.toml"));
    CHECK_FALSE(is_database_uri("pg_data.csv"));
    CHECK(is_sql_query("  select * from t"));
    CHECK(is_sql_query("WITH a AS (SELECT 1) SELECT * FROM a"));
    CHECK_FALSE(is_sql_query("ref.communes"));
    CHECK_FALSE(is_sql_query("selection.communes"));
    CHECK_THROWS_AS(parse_target("/tmp/x.gpkg"), StudyError);
}

TEST_CASE("libpq connection errors become French explanations", "[unit][postgis]") {
    const Target t = parse_target("postgresql://caf26@db:5433/tecs");
    CHECK(explain_connection_error("connection to server at \"db\" (10.0.0.1), port 5433 failed: "
                                   "Connection refused\n",
                                   t) == "connexion refusée : aucun serveur PostgreSQL n'écoute "
                                         "sur db:5433");
    CHECK(explain_connection_error("FATAL:  password authentication failed for user \"caf26\"", t)
              .find("authentification refusée pour le rôle « caf26 »") == 0);
    CHECK(explain_connection_error("fe_sendauth: no password supplied", t)
              .find("aucun n'a été trouvé") != std::string::npos);
    CHECK(explain_connection_error("FATAL:  database \"tecs\" does not exist", t) ==
          "la base « tecs » n'existe pas sur db:5433");
    CHECK(explain_connection_error("FATAL:  role \"caf26\" does not exist", t) ==
          "le rôle « caf26 » n'existe pas sur db:5433");
    CHECK(explain_connection_error("could not translate host name \"db\" to address", t) ==
          "hôte « db » inconnu");
    CHECK(explain_connection_error("something else password=leak", t) ==
          "connexion impossible : something else password=***");
}
