#include "accessibility.hpp"

#include "../access/e2sfca.hpp"
#include "../access/travel_times.hpp"
#include "../errors.hpp"
#include "access_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tecsmap {

namespace {

constexpr const char* kTimesStage = "temps d'accès par la route";
constexpr const char* kE2sfcaStage = "indice d'accessibilité (E2SFCA)";
constexpr const char* kIsochroneStage = "isochrones";

access::E2sfcaParams e2sfca_params(E2sfcaDecay decay) {
    access::E2sfcaParams p;
    p.decay = decay == E2sfcaDecay::Gaussian ? access::E2sfcaParams::Decay::gaussian
                                             : access::E2sfcaParams::Decay::bands;
    return p;
}

// The demand points of the E2SFCA and of the per-CTG figures: the grid parts of the communes
// that have cells, the representative points of the others (all of them without a grid). Each
// is an index into the nearest-structure demand list (communes first, then parts).
struct PeoplePoints {
    std::vector<std::size_t> demand;  ///< index into communes ++ parts
    std::vector<double> population;   ///< people at that point
    std::vector<std::size_t> commune; ///< commune of each point
};

PeoplePoints people_points(const Territory& t, const access::PopulationGrid* grid) {
    PeoplePoints pp;
    const std::size_t n = t.communes.size();
    for (std::size_t i = 0; i < n; ++i)
        if (!grid || grid->communes[i].uniform) {
            pp.demand.push_back(i);
            pp.population.push_back(static_cast<double>(t.communes[i].population));
            pp.commune.push_back(i);
        }
    if (grid)
        for (std::size_t k = 0; k < grid->parts.size(); ++k) {
            const access::GridPart& part = grid->parts[k];
            if (grid->communes[part.commune].uniform)
                continue; // cannot happen (a part makes its commune non-uniform) unless 0 people
            pp.demand.push_back(n + k);
            pp.population.push_back(part.population);
            pp.commune.push_back(part.commune);
        }
    return pp;
}

} // namespace

std::vector<Feedback::Stage> accessibility_stages(bool isochrones) {
    std::vector<Feedback::Stage> stages{{kTimesStage, 1}, {kE2sfcaStage, 1}};
    if (isochrones)
        stages.push_back({kIsochroneStage, 20});
    return stages;
}

std::optional<double> weighted_median(std::vector<std::pair<std::optional<double>, double>> items) {
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        if (!a.first || !b.first)
            return a.first.has_value() && !b.first.has_value();
        return *a.first < *b.first;
    });
    double total = 0;
    for (const auto& [v, w] : items)
        total += w;
    if (!(total > 0))
        return std::nullopt;
    double cumulated = 0;
    for (const auto& [v, w] : items) {
        cumulated += w;
        if (w > 0 && cumulated >= total / 2)
            return v;
    }
    return items.back().first;
}

AccessibilityResult compute_accessibility(const Territory& t, const StudyInputs& in,
                                          const AnalysisParameters& p,
                                          const std::vector<bool>& covers, Feedback* feedback) {
    if (!in.roads)
        throw StudyError("temps d'accès demandés sans réseau routier ([accessibility] roads)");
    const RoadNetwork& roads = *in.roads;
    const access::RoadGraph& g = roads.graph();
    const access::PopulationGrid* grid = in.population.get();
    const std::size_t n = t.communes.size();
    AccessibilityResult r;
    r.threshold_minutes = p.coverage_minutes();

    // The covering structures, as seeds (their index among the inputs kept aside).
    std::vector<std::size_t> seeds;
    std::vector<access::Snap> seed_snaps;
    std::vector<double> supply;
    for (std::size_t k = 0; k < in.structures.size(); ++k)
        if (covers[k] && in.structures[k].place.xy) {
            seeds.push_back(k);
            seed_snaps.push_back(in.structure_snaps[k]);
            supply.push_back(in.structures[k].capacity.value_or(1.0));
        }

    // Nearest structure of every demand point: communes' representative points, then parts.
    feedback_begin(feedback, kTimesStage);
    std::vector<access::Snap> demand(roads.communes);
    demand.insert(demand.end(), roads.parts.begin(), roads.parts.end());
    std::vector<TravelFigures> figures(demand.size());
    if (!seeds.empty()) {
        const access::NearestStructure near =
            access::nearest_structure(g, demand, seed_snaps, feedback);
        for (std::size_t i = 0; i < demand.size(); ++i) {
            TravelFigures& f = figures[i];
            if (near.structure[i] == access::no_structure)
                continue;
            f.minutes = near.minutes[i];
            f.structure = seeds[near.structure[i]];
            f.route_m = near.route_length_m[i];
        }
    }
    for (std::size_t i = 0; i < demand.size(); ++i)
        figures[i].snap_m = demand[i].distance_m;

    // E2SFCA over the people: catchments of the covering structures.
    feedback_begin(feedback, kE2sfcaStage);
    const PeoplePoints people = people_points(t, grid);
    const access::E2sfcaParams ep = e2sfca_params(roads.settings.e2sfca_decay);
    std::vector<access::Snap> people_snaps;
    people_snaps.reserve(people.demand.size());
    for (std::size_t d : people.demand)
        people_snaps.push_back(demand[d]);
    const auto within =
        access::times_within(g, people_snaps, seed_snaps, ep.catchment_minutes(), feedback);
    const access::E2sfcaResult e2 = access::compute_e2sfca(within, supply, people.population, ep);
    for (std::size_t q = 0; q < people.demand.size(); ++q)
        figures[people.demand[q]].e2sfca = e2.index[q];
    r.structure_ratio.assign(in.structures.size(), 0.0);
    for (std::size_t j = 0; j < seeds.size(); ++j)
        r.structure_ratio[seeds[j]] = e2.ratio[j];

    // Communes: the representative point's figures; with cells, the index is the people-
    // weighted mean of the commune's points; people beyond the threshold, per commune and CTG.
    r.communes.assign(figures.begin(), figures.begin() + static_cast<std::ptrdiff_t>(n));
    r.parts.assign(figures.begin() + static_cast<std::ptrdiff_t>(n), figures.end());
    std::vector<double> index(people.demand.size());
    for (std::size_t q = 0; q < people.demand.size(); ++q)
        index[q] = figures[people.demand[q]].e2sfca;
    r.commune_e2sfca = access::weighted_mean_by_group(index, people.population, people.commune, n);
    for (double& v : r.commune_e2sfca)
        if (std::isnan(v))
            v = 0;
    r.commune_pop_beyond.assign(n, 0.0);
    std::vector<std::vector<std::pair<std::optional<double>, double>>> by_ctg(t.ctgs.size());
    r.ctgs.assign(t.ctgs.size(), {});
    for (std::size_t q = 0; q < people.demand.size(); ++q) {
        const TravelFigures& f = figures[people.demand[q]];
        const std::size_t c = people.commune[q];
        const std::size_t k = t.communes[c].ctg;
        const double w = people.population[q];
        if (f.beyond(r.threshold_minutes)) {
            r.commune_pop_beyond[c] += w;
            r.ctgs[k].pop_beyond += w;
        }
        r.ctgs[k].e2sfca += w * f.e2sfca;
        by_ctg[k].push_back({f.minutes, w});
    }
    for (std::size_t k = 0; k < t.ctgs.size(); ++k) {
        const double pop = static_cast<double>(t.ctgs[k].population);
        r.ctgs[k].e2sfca = pop > 0 ? r.ctgs[k].e2sfca / pop : 0;
        r.ctgs[k].median_minutes = weighted_median(std::move(by_ctg[k]));
    }

    if (!roads.settings.isochrone_minutes.empty() && !seeds.empty()) {
        feedback_begin(feedback, kIsochroneStage);
        access::IsochroneParams ip;
        ip.minutes = roads.settings.isochrone_minutes;
        ip.walk_kmh = roads.settings.walk_kmh;
        r.isochrones = access::isochrones(g, seed_snaps, ip, feedback);
        for (access::Isochrone& iso : r.isochrones)
            iso.structure = seeds[iso.structure];
    }
    return r;
}

CoverageResult time_coverage(const Territory& t, const StudyInputs& in,
                             const AccessibilityResult& a, const std::vector<XY>& structure_points,
                             std::vector<char>& part_covered, Feedback* feedback,
                             bool with_gaps) {
    const std::size_t n = t.communes.size();
    const access::PopulationGrid* grid = in.population.get();
    CoverageResult r;
    r.dist_nearest_m.assign(n, std::numeric_limits<double>::quiet_NaN());
    r.covered_share.assign(n, 1.0);
    r.pop_uncovered.assign(n, 0.0);
    const KdTree tree(structure_points);
    std::vector<double> uncovered_area(n, 0.0);
    std::vector<UncoveredPiece> pieces;
    for (std::size_t i = 0; i < n; ++i) {
        const Commune& c = t.communes[i];
        if (tree.size() > 0)
            r.dist_nearest_m[i] = tree.nearest(c.representative).distance;
        if ((!grid || grid->communes[i].uniform) && a.communes[i].beyond(a.threshold_minutes)) {
            r.pop_uncovered[i] = static_cast<double>(c.population);
            uncovered_area[i] = c.area_m2;
            pieces.push_back({c.geometry.get(), static_cast<double>(c.population), true});
        }
    }
    if (grid) {
        part_covered.assign(grid->parts.size(), 1);
        for (std::size_t k = 0; k < grid->parts.size(); ++k) {
            const access::GridPart& part = grid->parts[k];
            if (grid->communes[part.commune].uniform) {
                // No one lives in the commune's cells: the commune's own point decides.
                part_covered[k] = !a.communes[part.commune].beyond(a.threshold_minutes);
                continue;
            }
            if (!a.parts[k].beyond(a.threshold_minutes))
                continue;
            part_covered[k] = 0;
            const GEOSGeometry* geometry = access::part_geometry(*grid, part);
            r.pop_uncovered[part.commune] += part.population;
            uncovered_area[part.commune] += geos::area(geometry);
            pieces.push_back({geometry, part.population});
        }
    }
    for (std::size_t i = 0; i < n; ++i)
        r.covered_share[i] = std::clamp(1.0 - uncovered_area[i] / t.communes[i].area_m2, 0.0, 1.0);
    feedback_check(feedback);
    if (with_gaps)
        r.gaps = gaps_from_pieces(pieces, feedback);
    return r;
}

AccessibilityResult travel_minutes(const Territory& t, const StudyInputs& in,
                                   const AnalysisParameters& p, const std::vector<bool>& covers,
                                   const std::vector<XY>& added, Feedback* feedback) {
    if (!in.roads)
        throw StudyError("temps d'accès demandés sans réseau routier ([accessibility] roads)");
    const RoadNetwork& roads = *in.roads;
    AccessibilityResult r;
    r.threshold_minutes = p.coverage_minutes();
    // The seeds in compute_accessibility's order (the covering structures), then the sites.
    std::vector<std::size_t> seeds;
    std::vector<access::Snap> seed_snaps;
    for (std::size_t k = 0; k < in.structures.size(); ++k)
        if (k < covers.size() && covers[k] && in.structures[k].place.xy) {
            seeds.push_back(k);
            seed_snaps.push_back(in.structure_snaps[k]);
        }
    for (const access::Snap& s : roads.snapper->snap_all(added, roads.settings.walk_kmh)) {
        seeds.push_back(Territory::npos);
        seed_snaps.push_back(s);
    }
    std::vector<access::Snap> demand(roads.communes);
    demand.insert(demand.end(), roads.parts.begin(), roads.parts.end());
    std::vector<TravelFigures> figures(demand.size());
    if (!seeds.empty()) {
        const access::NearestStructure near =
            access::nearest_structure(roads.graph(), demand, seed_snaps, feedback);
        for (std::size_t i = 0; i < demand.size(); ++i) {
            if (near.structure[i] == access::no_structure)
                continue;
            figures[i].minutes = near.minutes[i];
            figures[i].structure = seeds[near.structure[i]];
            figures[i].route_m = near.route_length_m[i];
        }
    }
    for (std::size_t i = 0; i < demand.size(); ++i)
        figures[i].snap_m = demand[i].distance_m;
    const std::size_t n = t.communes.size();
    r.communes.assign(figures.begin(), figures.begin() + static_cast<std::ptrdiff_t>(n));
    r.parts.assign(figures.begin() + static_cast<std::ptrdiff_t>(n), figures.end());
    return r;
}

} // namespace tecsmap
