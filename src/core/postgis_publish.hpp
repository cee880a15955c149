#pragma once
// Publishes a finished tecsmap GeoPackage into a PostGIS schema, in ONE transaction: readers see
// either the complete previous result or the complete new one, never a mix, also when the
// process is killed mid-copy (the server rolls the transaction back when the connection drops).
//
// Every layer of the GeoPackage is copied (whatever the writer produces), except layer_styles:
// its QGIS styles go into public.layer_styles (the table QGIS reads for PostgreSQL layers), with
// f_table_catalog = the database and f_table_schema = the schema. A table whose columns are
// unchanged since the previous publication is emptied with DELETE and refilled (so that a reader
// in a REPEATABLE READ transaction keeps seeing the old rows); a new or changed layer is
// (re)created. Tables of an earlier publication that the new result no longer has are dropped.
// Concurrent publications to the same schema are serialised (an advisory lock); different
// schemas never wait for one another.

#include "feedback.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tecsmap {

struct PublishedLayer {
    std::string name;
    long long features = 0;
    bool recreated = false; ///< created or re-created (false: same columns, rows replaced)
};

struct PublishReport {
    std::string target;   ///< the target as shown to users (no password)
    std::string database; ///< current_database() of the server
    std::string schema;
    std::vector<PublishedLayer> layers;
    std::vector<std::string> dropped; ///< tables of an earlier publication no longer produced
    int styles = 0;                   ///< rows written into public.layer_styles
};

/// Copies every layer of `gpkg_path` into the schema named by `target`
/// ("postgresql://user@host:port/db?schema=s" or "PG:dbname=db schemas=s"). The schema is
/// created when missing (when the role may). Throws StudyError for a bad target, InputError for
/// an unreadable GeoPackage, OutputError when the server refuses (the previous result is then
/// untouched); no message ever carries a password. `feedback` reports per-layer progress and
/// may cancel (the transaction is rolled back).
PublishReport publish_to_postgis(const std::string& gpkg_path, const std::string& target,
                                 Feedback* feedback = nullptr);

} // namespace tecsmap
