#pragma once
// The throwaway PostgreSQL + PostGIS cluster of the `postgis` ctest fixture (pg_cluster.sh):
// where it is, SQL through psql as its superuser, and a GeoPackage of the Drôme study.

#include <string>

namespace tecsmap::test::pg {

/// Value of an `export` line of the cluster's state file (PGHOST, PGPORT...). FAILs the test
/// when the cluster is not running.
std::string state(const std::string& key);
/// URI of the cluster for `user` over the private socket (trust for the superuser).
std::string socket_uri(const std::string& schema, const std::string& user = "postgres");
/// URI over TCP 127.0.0.1 (password required: ~/.pgpass or PGPASSWORD).
std::string tcp_uri(const std::string& schema, const std::string& user);
/// Runs SQL as the superuser (psql -tA, ON_ERROR_STOP) and returns its output, trimmed.
std::string psql(const std::string& sql);
/// Drops the schema (and its QGIS styles) left by an earlier run of the same test.
void drop_schema(const std::string& schema);
/// tecsmap analyse of the bundled Drôme study, done once per process, in the scratch dir.
const std::string& drome_gpkg();

} // namespace tecsmap::test::pg
