#pragma once
// A run's results published into a PostGIS schema: the GeoPackage of the output contract is
// written to a private temporary file, then copied in one transaction (postgis_publish.hpp).
// Shared by `tecsmap analyse --out postgresql://…` and the map view's "Publier dans PostGIS",
// so that both publish exactly the same layers.

#include "analysis/study_run.hpp"
#include "feedback.hpp"
#include "map_style.hpp"
#include "postgis_publish.hpp"
#include "run_info.hpp"

#include <string>

namespace tecsmap {

/// Writes `run` as a GeoPackage into a temporary file (removed whatever happens) and publishes
/// it into the schema named by `target` ("postgresql://user@host/db?schema=s" or
/// "PG:… schemas=s"). Throws StudyError for a target that is malformed, carries a password or
/// names no schema (checked before any work), OutputError when the server refuses (the
/// previous result is then untouched). `feedback` gets two more planned stages: the writing and the
/// publication.
PublishReport publish_run(const StudyRun& run, const MapStyle& style, const RunInfo& info,
                          const std::string& target, Feedback* feedback = nullptr);

/// The checks publish_run() makes before any work: the parsed target's display form (never a
/// password). Throws StudyError as publish_run() does.
std::string checked_publication_target(const std::string& target);

} // namespace tecsmap
