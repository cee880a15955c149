// open_database_layer against the throwaway server: tables and queries read like files, and
// every problem a study can have with a PostGIS input named in a French message.

#include "errors.hpp"
#include "postgis_fixture.hpp"
#include "postgis_publish.hpp"
#include "postgis_source.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace tecsmap;
using namespace tecsmap::test;

namespace {

// The message of the InputError thrown when reading.
std::string read_error(const std::string& uri, const std::string& what) {
    try {
        open_database_layer(uri, what);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("no error for " << what);
    return {};
}

void prepare_inputs() {
    static bool done = false;
    if (done)
        return;
    pg::drop_schema("inputs");
    publish_to_postgis(pg::drome_gpkg(), pg::socket_uri("inputs"));
    pg::psql(R"SQL(
        CREATE TABLE inputs.no_geom (id int, name text);
        CREATE TABLE inputs.srid_zero (id serial PRIMARY KEY, geom geometry(Point));
        INSERT INTO inputs.srid_zero (geom) VALUES (ST_Point(850000, 6400000));
        CREATE TABLE inputs.srid_unknown (id serial PRIMARY KEY, geom geometry);
        INSERT INTO inputs.srid_unknown (geom) VALUES (ST_SetSRID(ST_Point(1, 2), 990000));
        CREATE TABLE inputs.srid_mixed (id serial PRIMARY KEY, geom geometry);
        INSERT INTO inputs.srid_mixed (geom) VALUES (ST_SetSRID(ST_Point(850000, 6400000), 2154)),
                                                    (ST_SetSRID(ST_Point(5, 45), 4326));
        CREATE TABLE inputs.hidden (id serial PRIMARY KEY, geom geometry(Point, 2154));
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader_test') THEN
                DROP OWNED BY reader_test; DROP ROLE reader_test;
            END IF;
            CREATE ROLE reader_test LOGIN PASSWORD 'Lecture-Secrete-42';
        END $$;
        GRANT USAGE ON SCHEMA inputs TO reader_test;
        GRANT SELECT ON inputs.structures TO reader_test;
    )SQL");
    done = true;
}

} // namespace

TEST_CASE("a PostGIS table reads like the GeoPackage layer", "[postgis]") {
    prepare_inputs();
    const VectorTable t = open_database_layer(pg::socket_uri(""), "inputs.structures");
    CHECK(t.rows.size() == 30);
    CHECK(t.layer_name == "inputs.structures");
    CHECK(t.path.find("postgresql://postgres@") == 0);
    CHECK_FALSE(t.is_csv);
    REQUIRE(t.srs);
    CHECK(std::string(t.srs->GetAuthorityCode(nullptr)) == "2154");
    CHECK(t.find_field({"type"}).has_value());
    CHECK(t.find_field({"name"}).has_value());
    for (const SourceRow& row : t.rows)
        CHECK(row.geometry);
    CHECK(t.location(t.rows.front()).rfind("entité ", 0) == 0);

    // The schema may come from the URI; read_vector_table hands database paths over.
    const VectorTable u = read_vector_table(pg::socket_uri("inputs"), "communes");
    CHECK(u.rows.size() == 362);
    // GDAL's PG: form works the same.
    const VectorTable v =
        read_vector_table("PG:host=" + pg::state("PGHOST") + " port=" + pg::state("PGPORT") +
                              " dbname=tecsmap user=postgres schemas=inputs",
                          "ctg");
    CHECK(v.rows.size() == 16);
}

TEST_CASE("a PostGIS query reads its rows, read-only", "[postgis]") {
    prepare_inputs();
    const VectorTable t = open_database_layer(
        pg::socket_uri(""),
        "SELECT fid, name, type, geom FROM inputs.structures WHERE type = 'CS'");
    CHECK(t.rows.size() ==
          std::stoul(pg::psql("SELECT count(*) FROM inputs.structures WHERE type = 'CS'")));
    CHECK(t.layer_name == "requête SQL");
    REQUIRE(t.srs);
    CHECK(std::string(t.srs->GetAuthorityCode(nullptr)) == "2154");
    const VectorTable w = open_database_layer(
        pg::socket_uri(""),
        "WITH c AS (SELECT * FROM inputs.communes WHERE population > 10000) SELECT insee, geom "
        "FROM c");
    CHECK(w.rows.size() ==
          std::stoul(pg::psql("SELECT count(*) FROM inputs.communes WHERE population > 10000")));

    CHECK(read_error(pg::socket_uri(""), "SELECT nope FROM inputs.structures")
              .find("requête SQL refusée par le serveur") != std::string::npos);
    // A query without geometry reads attributes only (e.g. a perimeter list).
    const VectorTable names = open_database_layer(pg::socket_uri(""), "SELECT name FROM inputs.structures");
    CHECK(names.rows.size() == 30);
    CHECK_FALSE(names.srs);
    // Nothing a query does can write: data-modifying WITH, functions with side effects.
    CHECK(read_error(pg::socket_uri(""),
                     "WITH d AS (DELETE FROM inputs.structures RETURNING *) SELECT * FROM d")
              .find("refusée par le serveur") != std::string::npos);
    CHECK(read_error(pg::socket_uri(""),
                     "SELECT nextval('inputs.structures_fid_seq') AS n, geom FROM "
                     "inputs.structures;")
              .find("read-only") != std::string::npos);
    CHECK(pg::psql("SELECT count(*) FROM inputs.structures") == "30");
}

TEST_CASE("PostGIS input problems get clear messages", "[postgis]") {
    prepare_inputs();
    const std::string uri = pg::socket_uri("");
    const std::string shown =
        "postgresql://postgres@" + pg::state("PGHOST") + ":" + pg::state("PGPORT") + "/tecsmap : ";
    CHECK(read_error(uri, "inputs.absente") ==
          shown + "table « inputs.absente » absente de la base « tecsmap »");
    CHECK(read_error(pg::socket_uri("inputs"), "absente") ==
          shown.substr(0, shown.size() - 3) +
              "?schema=inputs : table « inputs.absente » absente de la base « tecsmap »");
    // A table without geometry is read as attributes; the layer's reader says what it needs.
    CHECK(open_database_layer(uri, "inputs.no_geom").fields.size() > 0);
    CHECK(read_error(uri, "inputs.srid_zero").find("n'a pas de SRID (0)") != std::string::npos);
    CHECK(read_error(uri, "inputs.srid_unknown")
              .find("SRID 990000 de la colonne « geom » inconnu de spatial_ref_sys") !=
          std::string::npos);
    CHECK(read_error(uri, "inputs.srid_mixed").find("plusieurs SRID (2154, 4326)") !=
          std::string::npos);
    CHECK(read_error(uri, "").find("précisez la table") != std::string::npos);
    CHECK(read_error(uri, "SELECT geom FROM inputs.srid_mixed").find("plusieurs SRID") !=
          std::string::npos);
}

TEST_CASE("PostGIS connection problems: refused, authentication, permissions", "[postgis]") {
    prepare_inputs();
    const std::string secret = "Lecture-Secrete-42";
    CHECK(read_error("postgresql://reader_test@127.0.0.1:1/tecsmap", "inputs.structures")
              .find("connexion refusée : aucun serveur PostgreSQL n'écoute sur 127.0.0.1:1") !=
          std::string::npos);

    // Password from the environment: wrong, missing, right.
    const std::string uri = pg::tcp_uri("", "reader_test");
    setenv("PGPASSFILE", "/nonexistent/pgpass", 1);
    setenv("PGPASSWORD", "pas-le-bon", 1);
    const std::string wrong = read_error(uri, "inputs.structures");
    CHECK(wrong.find("authentification refusée pour le rôle « reader_test »") != std::string::npos);
    unsetenv("PGPASSWORD");
    CHECK(read_error(uri, "inputs.structures").find("aucun n'a été trouvé") != std::string::npos);
    setenv("PGPASSWORD", secret.c_str(), 1);
    const VectorTable t = open_database_layer(uri, "inputs.structures");
    CHECK(t.rows.size() == 30);
    CHECK(t.path.find(secret) == std::string::npos);
    // Authenticated, but not allowed to read that table.
    const std::string denied = read_error(uri, "inputs.hidden");
    CHECK(denied.find("lecture refusée au rôle « reader_test »") != std::string::npos);
    CHECK(denied.find(secret) == std::string::npos);
    unsetenv("PGPASSWORD");
    unsetenv("PGPASSFILE");
}
