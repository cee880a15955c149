#pragma once
// Builds a Territory from a study: reads the commune polygons, maps old codes to current
// communes, unions merged communes, attaches COG populations, then EPCIs and CTGs.

#include "boundary_source.hpp"
#include "cog.hpp"
#include "feedback.hpp"
#include "study.hpp"
#include "territory.hpp"

namespace tecsmap {

/// The stages build_territory() goes through, for a progress plan.
std::vector<Feedback::Stage> territory_stages();

Territory build_territory(const Study& study, const Cog& cog,
                          const BoundaryOptions& boundaries = BoundaryOptions::from_environment(),
                          Feedback* feedback = nullptr);

/// The same from commune boundary files already obtained (ignored when the study names its own
/// `communes` source): what the territory cache calls after hashing the files. The territory's
/// diagnostics are those of reading and building only, not those of obtaining the files. The
/// caller has entered the stage "lecture des communes" (territory_stages).
Territory build_territory_from_files(const Study& study, const Cog& cog,
                                     const std::vector<BoundaryFile>& files,
                                     Feedback* feedback = nullptr);

/// One source polygon with its code, in the metric CRS (exposed for tests of harmonisation).
struct SourcePolygon {
    std::string code; ///< as read, normalised (leading zero restored)
    geos::GeomPtr geometry;
    std::string file;
    std::string location;
};

/// Harmonises source polygons to the current COG for the given départements and fills
/// territory.communes (+ missing, diagnostics). Exposed for unit tests.
void harmonise_communes(std::vector<SourcePolygon> polygons, const Cog& cog,
                        const std::vector<std::string>& departements, Territory& territory);

/// Whether build_groupings() also unions the territory's outline (Territory::outline), or leaves
/// it to the caller (build_territory_from_files() unions it beside the neighbours).
enum class OutlineStep { Build, Leave };

/// Adds EPCIs and CTGs (optional grouping table `ctg_csv`) to a territory whose communes are set,
/// and its outline unless told to leave it.
void build_groupings(const Cog& cog, const std::string& ctg_csv, Territory& territory,
                     OutlineStep outline = OutlineStep::Build);

} // namespace tecsmap
