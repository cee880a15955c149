#pragma once
// The accessibility inputs of a study (issue 12): the population grid ([territory] population)
// and the road network ([accessibility] roads) with every demand point and structure snapped
// to it. Read once with the other inputs, shared (immutable) by every re-analysis.

#include "../access/graph_cache.hpp"
#include "../access/population_grid.hpp"
#include "../access/snapping.hpp"
#include "../diagnostics.hpp"
#include "../feedback.hpp"
#include "../points.hpp"
#include "../rejects.hpp"
#include "../study.hpp"
#include "../territory.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tecsmap {

/// The road network of a study, ready for the searches of the analysis.
struct RoadNetwork {
    AccessibilitySettings settings; ///< as given by the study
    access::SpeedTable speeds;      ///< the default table with the study's overrides
    access::CachedRoadGraph cached; ///< the graph (from the disk cache or built) and its key
    std::unique_ptr<access::Snapper> snapper;
    std::vector<access::Snap> communes; ///< representative points, parallel to the communes
    std::vector<access::Snap> parts;    ///< population grid parts (empty without a grid)
    Diagnostics diagnostics;            ///< cache notes, points far from any road

    const access::RoadGraph& graph() const { return cached.graph; }
};

/// Stages of reading the accessibility inputs of `study` (none when it has none).
std::vector<Feedback::Stage> access_input_stages(const Study& study);

/// Reads [territory] population. Throws InputError naming the file (missing, no CRS, no
/// population column…); unusable rows are in the grid's `rejects`.
std::shared_ptr<const access::PopulationGrid> read_population_grid(const PopulationSource& source,
                                                                   const Territory& territory,
                                                                   Feedback* feedback = nullptr);
/// What a grid reading reports: cells outside the territory, communes left uniform, totals.
void report_population_grid(const access::PopulationGrid& grid, const Territory& territory,
                            Diagnostics& diagnostics);

/// Reads the road network of [accessibility] (graph from the cache or built) and snaps the
/// communes' representative points and the grid's parts (`grid` may be null). Throws InputError
/// naming the extract (missing, truncated, no road in the territory).
std::shared_ptr<const RoadNetwork> read_road_network(const AccessibilitySettings& settings,
                                                     const Territory& territory,
                                                     const access::PopulationGrid* grid,
                                                     Feedback* feedback = nullptr);

/// Snaps the structures (parallel to `structures`); a structure more than 5 km from any road
/// is kept and listed in `rejects` with the distance (its minutes include the walk).
std::vector<access::Snap> snap_structures(const RoadNetwork& roads,
                                          const std::vector<Structure>& structures,
                                          Rejects& rejects);

/// "table par défaut" or "table par défaut ; primary 70, track 15 km/h (étude)": which speeds
/// were used, for legends, summaries and run_info.
std::string speeds_label(const AccessibilitySettings& settings);
/// The merged table as text: "motorway=110;motorway_link=60;…" (run_info).
std::string speeds_table_text(const access::SpeedTable& speeds);

} // namespace tecsmap
