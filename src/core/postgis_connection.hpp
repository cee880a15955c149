#pragma once
// Connecting to PostGIS: a libpq check first (so that "connection refused", "authentication
// failed" or "no such database" become clear French sentences, never quoting a password),
// then GDAL's PostgreSQL driver for every read and write, and small helpers to run SQL through
// that same GDAL connection (and so inside its transaction).

#include "gdal_handles.hpp"
#include "postgis_target.hpp"

#include <string>
#include <vector>

namespace tecsmap::postgis {

/// Connects once with libpq (credentials from ~/.pgpass, a service file or the environment)
/// and returns what is wrong in French, or an empty string when the server accepts us.
std::string connection_problem(const Target& target);

/// The French explanation of a libpq connection error message (exposed for tests).
std::string explain_connection_error(const std::string& libpq_message, const Target& target);

/// GDAL's PostgreSQL dataset for the target, read-only or for update. Throws Error with the
/// reason (never a password) when it cannot be opened.
gdal::DatasetPtr open_dataset(const Target& target, bool update);

/// Runs a statement that returns no rows on the dataset's connection. Throws Error with the
/// server's message (redacted) when it fails.
void exec(GDALDataset& ds, const std::string& sql);

/// Runs a SELECT on the dataset's connection and returns its rows as text ("" for NULL).
std::vector<std::vector<std::string>> query(GDALDataset& ds, const std::string& sql);

} // namespace tecsmap::postgis
