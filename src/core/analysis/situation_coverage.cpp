#include "situation_coverage.hpp"

#include "../errors.hpp"
#include "../format.hpp"
#include "../strtree.hpp"
#include "coverage_relation.hpp"

namespace tecsmap {

CoverageZones covering_zones(const Territory& territory, const StudyInputs& in,
                             const std::vector<bool>& covers, std::size_t* without_zone) {
    CoverageZones zones;
    std::size_t missing = 0;
    zones.commune_covered.assign(territory.communes.size(), false);
    for (std::size_t k = 0; k < in.structures.size(); ++k) {
        if (k >= covers.size() || !covers[k])
            continue;
        const StructureZone* z = in.zone_of(k);
        if (!z) {
            ++missing;
            continue;
        }
        for (std::size_t i : z->communes)
            zones.commune_covered[i] = true;
        if (z->layer_geometry)
            zones.polygons.push_back(z->layer_geometry.get());
    }
    if (without_zone)
        *without_zone = missing;
    return zones;
}

std::vector<char> inside_zones(const CoverageZones& zones, const std::vector<XY>& points,
                               const std::vector<std::size_t>& commune) {
    std::vector<char> inside(points.size(), 0);
    // Polygons through an STRtree on their envelopes, tested prepared.
    geos::StrTree index;
    std::vector<geos::PreparedPtr> prepared;
    for (std::size_t z = 0; z < zones.polygons.size(); ++z) {
        index.insert(z, geos::envelope(zones.polygons[z]));
        prepared.push_back(geos::prepare(zones.polygons[z]));
    }
    for (std::size_t k = 0; k < points.size(); ++k) {
        if (!zones.commune_covered.empty() && commune[k] < zones.commune_covered.size() &&
            zones.commune_covered[commune[k]]) {
            inside[k] = 1;
            continue;
        }
        if (zones.polygons.empty())
            continue;
        const XY q = points[k];
        const geos::GeomPtr pt = geos::point(q.x, q.y);
        for (std::size_t z : index.query({q.x, q.y, q.x, q.y}))
            if (GEOSPreparedIntersects_r(geos::ctx(), prepared[z].get(), pt.get()) == 1) {
                inside[k] = 1;
                break;
            }
    }
    return inside;
}

namespace {

// People where they live (population grid) under a geometric rule: a part is covered when its
// point is within the radius of a site (when the rule uses distance) or inside a zone.
std::vector<char> grid_demand_geometric(const Territory& territory, const StudyInputs& in,
                                        const std::vector<XY>& sites, const AnalysisParameters& p,
                                        bool use_discs, const CoverageZones& zones,
                                        CoverageResult& cov, bool with_gaps,
                                        Diagnostics& diagnostics) {
    const access::PopulationGrid& grid = *in.population;
    std::vector<XY> points;
    std::vector<std::size_t> communes;
    points.reserve(grid.parts.size());
    communes.reserve(grid.parts.size());
    for (const access::GridPart& part : grid.parts) {
        points.push_back(part.point);
        communes.push_back(part.commune);
    }
    std::vector<char> covered = use_discs
                                    ? covered_within_radius(points, sites, p.coverage_radius_m())
                                    : std::vector<char>(points.size(), 0);
    if (!zones.empty()) {
        const std::vector<char> in_zone = inside_zones(zones, points, communes);
        for (std::size_t k = 0; k < covered.size(); ++k)
            covered[k] = covered[k] || in_zone[k];
    }
    std::vector<GridDemand> demand;
    demand.reserve(grid.parts.size());
    for (std::size_t k = 0; k < grid.parts.size(); ++k)
        demand.push_back({grid.parts[k].point, grid.parts[k].commune, grid.parts[k].population,
                          covered[k] != 0});
    std::vector<bool> uniform(territory.communes.size());
    for (std::size_t i = 0; i < uniform.size(); ++i)
        uniform[i] = grid.communes[i].uniform;
    const double unplaced = apply_grid_demand(territory, demand, uniform, cov);
    // Without a gap layer every uncovered part is "unplaced": nothing to report then.
    if (unplaced > 0.5 && with_gaps)
        diagnostics.warn("grid_outside_gaps", fr::people(unplaced) +
                                                  " habitants non couverts de la grille hors de "
                                                  "toute zone non couverte (arrondis des disques)");
    return covered;
}

} // namespace

SituationCoverage situation_coverage(const Territory& territory, const StudyInputs& in,
                                     const AnalysisParameters& p, CoverageRule rule,
                                     const Situation& situation,
                                     const AccessibilityResult* access, bool with_gaps,
                                     Diagnostics& diagnostics, Feedback* feedback) {
    SituationCoverage out;
    // The covering structures, then the hypothetical sites.
    std::vector<XY> sites;
    for (std::size_t k = 0; k < in.structures.size(); ++k)
        if (k < situation.covers.size() && situation.covers[k] && in.structures[k].place.xy)
            sites.push_back(*in.structures[k].place.xy);
    sites.insert(sites.end(), situation.added.begin(), situation.added.end());

    if (rule == CoverageRule::Time) {
        if (!in.roads)
            throw StudyError("couverture en temps de trajet (coverage = « temps ») sans réseau "
                             "routier : ajoutez [accessibility] roads à l'étude");
        // The analysis's minutes serve the current situation; a changed one is searched again.
        const bool own_minutes = !access || !situation.added.empty() ||
                                 !situation.zone_additions.empty();
        AccessibilityResult own;
        if (own_minutes)
            own = travel_minutes(territory, in, p, situation.covers, situation.added, feedback);
        out.coverage = time_coverage(territory, in, own_minutes ? own : *access, sites,
                                     out.grid_part_covered, feedback, with_gaps);
        return out;
    }
    const bool use_zones = rule == CoverageRule::Zones || rule == CoverageRule::ZonesAndDistance;
    const bool use_discs = rule != CoverageRule::Zones;
    CoverageZones zones;
    std::vector<geos::GeomPtr> added_discs; // the new sites' discs, as zones (rule « zones »)
    if (use_zones) {
        zones = covering_zones(territory, in, situation.covers);
        for (const ResolvedExtension& e : situation.zone_additions)
            if (e.structure < situation.covers.size() && situation.covers[e.structure])
                for (std::size_t i : e.communes)
                    zones.commune_covered.at(i) = true;
        if (!use_discs)
            for (const XY& s : situation.added) {
                added_discs.push_back(coverage_disc(s, p.coverage_radius_m()));
                zones.polygons.push_back(added_discs.back().get());
            }
    }
    out.coverage = compute_coverage(territory, sites, p.coverage_radius_m(), use_discs, zones,
                                    feedback, with_gaps);
    if (in.population)
        out.grid_part_covered = grid_demand_geometric(territory, in, sites, p, use_discs, zones,
                                                      out.coverage, with_gaps, diagnostics);
    return out;
}

} // namespace tecsmap
