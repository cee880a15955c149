#pragma once
// A study input read from PostGIS instead of a file: a table ("schema.table", or "table" in the
// URI's ?schema=, else public) or a read-only SQL query ("SELECT …" / "WITH …"). The result is
// the same VectorTable that read_vector_table gives for a file, so every later check (fields,
// rejects, CRS) is the same. Credentials come only from ~/.pgpass, a service file or the
// environment (see postgis_target.hpp); messages never carry a password.

#include "vector_table.hpp"

#include <string>

namespace tecsmap {

/// True when `table_or_sql` is a query rather than a table name (starts with SELECT or WITH).
bool is_sql_query(const std::string& table_or_sql);

/// Reads a PostGIS table or query. Throws StudyError for a malformed URI and InputError (named
/// after the URI without password) for: connection refused, authentication failed, unknown
/// database, missing table, no read permission, no geometry column, SRID 0, an SRID unknown to
/// spatial_ref_sys, several SRIDs in one column, a query the server rejects.
VectorTable open_database_layer(const std::string& uri, const std::string& table_or_sql);

} // namespace tecsmap
