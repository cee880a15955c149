#pragma once
// People where they live: INSEE's 200 m population grid (Filosofi "carreaux", GeoPackage in
// EPSG:3035; any GDAL source in any CRS PROJ can transform) split between the communes of the
// territory by area, then reconciled to the COG populations.

#include "feedback.hpp"
#include "geos_handles.hpp"
#include "kdtree.hpp"
#include "rejects.hpp"
#include "territory.hpp"

#include <string>
#include <vector>

namespace tecsmap::access {

struct GridCell {
    std::string id;            ///< Idcar_200m (or the feature id when the column is absent)
    XY centre;                 ///< centroid of the cell, metric CRS
    double raw_population = 0; ///< the grid's value
    std::size_t first_part = 0, part_count = 0; ///< its parts in PopulationGrid::parts
    geos::GeomPtr geometry; ///< the cell's polygon, metric CRS (for a cells layer)
};

/// The piece of a cell in one commune: a demand point of the analyses (docs/methods.md,
/// "People where they live").
struct GridPart {
    std::size_t cell = 0;
    std::size_t commune = 0;   ///< index into Territory::communes
    XY centre;                 ///< the cell's centre (centroid)
    /// Where the part's people are counted: the cell's centre when it lies in the part's
    /// commune (boundary included), else a point on the surface of cell ∩ commune (GEOS
    /// PointOnSurface). Always inside the part's commune.
    XY point;
    double area_share = 0;     ///< area(cell ∩ commune) / area(cell)
    double raw_population = 0; ///< cell value × area_share
    double population = 0;     ///< after reconciliation to the COG
    /// cell ∩ commune (polygonal, metric CRS) when the cell is not wholly in the commune; null
    /// when it is (the part is then the cell itself): see part_geometry().
    geos::GeomPtr geometry;
};

struct CommuneGridReport {
    double grid_population = 0; ///< sum of the raw parts in the commune
    long long cog_population = 0;
    double difference = 0; ///< grid_population - cog_population
    std::size_t cells = 0; ///< cells with a part in the commune
    bool uniform = false;  ///< no populated cell: keeps the uniform-within-commune rule
};

struct PopulationGrid {
    std::string source;
    std::string column;                      ///< the population column actually read
    std::vector<GridCell> cells;             ///< cells with a part in the territory
    std::vector<GridPart> parts;             ///< grouped by cell, communes ascending
    std::vector<CommuneGridReport> communes; ///< one per Territory::communes
    std::size_t cells_read = 0;              ///< cells read around the territory (spatial filter)
    std::size_t cells_outside = 0;           ///< of those, cells in no commune: dropped
    double population_outside = 0; ///< raw population of dropped cells and outer fractions
    double grid_total = 0;         ///< raw population inside the territory
    double cog_total = 0;          ///< COG population of the territory's communes
    Rejects rejects;               ///< unusable rows (no geometry, bad value...)
};

/// The polygon of a part: its own geometry for a border part, else its cell's.
const GEOSGeometry* part_geometry(const PopulationGrid& grid, const GridPart& part);

/// Reads the grid (first layer, or `layer`), keeping the cells within the territory's
/// bounding box + 1 km (spatial filter; farther cells are not read). `column` is matched
/// case-insensitively ("Ind" by default). Throws InputError in French naming the file when it
/// cannot be opened, lacks the column, has no CRS or one PROJ cannot transform to the
/// territory's CRS.
PopulationGrid load_population_grid(const std::string& source, const Territory& territory,
                                    const std::string& column = "Ind", Feedback* feedback = nullptr,
                                    const std::string& layer = {});

} // namespace tecsmap::access
