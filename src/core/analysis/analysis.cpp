#include "analysis.hpp"

#include "../parallel.hpp"
#include "commune_locator.hpp"
#include "dbscan.hpp"
#include "gi_star.hpp"
#include "perimeter_overlay.hpp"

#include <cmath>
#include <map>

namespace tecsmap {

namespace {

void join_to_communes(const CommuneLocator& locator, const Territory& territory,
                      PointPlacement& place) {
    place.in_territory = false;
    place.insee.clear();
    place.ctg_code.clear();
    if (!place.xy)
        return;
    const std::size_t i = locator.locate(*place.xy);
    if (i == Territory::npos)
        return;
    place.in_territory = true;
    place.insee = territory.communes[i].insee;
    place.ctg_code = territory.ctgs[territory.communes[i].ctg].code;
}

// A point outside the territory is legitimate for a structure (it serves across the border) but
// suspicious for an initiative; either way, when swapping x and y would put it inside, say so.
void diagnose_outside(const CommuneLocator& locator, const PointPlacement& place,
                      const std::string& layer, const std::string& label, AnalysisResult& r) {
    if (place.in_territory)
        return;
    const bool swapped_inside =
        place.swapped_xy && locator.locate(*place.swapped_xy) != Territory::npos;
    if (swapped_inside) {
        const std::string why = "longitude et latitude (ou x et y) probablement inversées : la "
                                "position inversée tombe dans le territoire";
        r.diagnostics.warn("swapped_coordinates", label + " : " + why, place.file, place.location);
        if (place.xy) // an unplaced row is already in the rejects; the message adds the cause
            r.rejects.push_back({layer, place.file, place.location, label, why, true});
    } else if (place.xy) {
        r.diagnostics.add(layer == "structures" ? Severity::Info : Severity::Warning,
                          "outside_territory", label + " : hors du territoire étudié", place.file,
                          place.location);
    }
}

geos::GeomPtr cluster_hull(const std::vector<XY>& members) {
    std::vector<geos::GeomPtr> pts;
    for (const XY& p : members)
        pts.push_back(geos::point(p.x, p.y));
    std::vector<GEOSGeometry*> raw;
    for (auto& p : pts)
        raw.push_back(p.release()); // owned by the multipoint below
    geos::GeomPtr mp =
        geos::take(GEOSGeom_createCollection_r(geos::ctx(), GEOS_MULTIPOINT, raw.data(),
                                               static_cast<unsigned>(raw.size())),
                   "multipoint");
    geos::GeomPtr hull = geos::convex_hull(mp.get());
    // A hull of one point or of collinear points is not polygonal: buffer it by 250 m.
    if (GEOSGeomTypeId_r(geos::ctx(), hull.get()) != GEOS_POLYGON)
        hull = geos::buffer(hull.get(), 250.0, 8);
    return hull;
}

void compute_clusters(const Territory& territory, AnalysisResult& r) {
    // Initiatives of each CTG, in input order.
    std::map<std::string, std::vector<std::size_t>> by_ctg;
    for (std::size_t i = 0; i < r.initiatives.size(); ++i) {
        r.initiatives[i].cluster_id.reset();
        const PointPlacement& p = r.initiatives[i].place;
        if (p.in_territory)
            by_ctg[p.ctg_code].push_back(i);
    }
    // CTGs are independent: cluster them on all cores, then gather in CTG order.
    std::vector<std::vector<Cluster>> per_ctg(territory.ctgs.size());
    std::vector<std::vector<std::optional<int>>> labels(territory.ctgs.size());
    parallel_for(territory.ctgs.size(), [&](std::size_t k) {
        auto it = by_ctg.find(territory.ctgs[k].code);
        if (it == by_ctg.end())
            return;
        std::vector<XY> pts;
        for (std::size_t i : it->second)
            pts.push_back(*r.initiatives[i].place.xy);
        const DbscanResult d =
            dbscan(pts, r.parameters.cluster_eps_km * 1000.0, r.parameters.cluster_min_points);
        std::vector<std::vector<XY>> members(static_cast<std::size_t>(d.cluster_count));
        for (std::size_t m = 0; m < pts.size(); ++m)
            if (d.labels[m])
                members[static_cast<std::size_t>(*d.labels[m] - 1)].push_back(pts[m]);
        for (int c = 0; c < d.cluster_count; ++c) {
            const auto& mem = members[static_cast<std::size_t>(c)];
            per_ctg[k].push_back(
                {territory.ctgs[k].code, c + 1, static_cast<int>(mem.size()), cluster_hull(mem)});
        }
        labels[k] = d.labels;
    });
    r.clusters.clear();
    for (std::size_t k = 0; k < territory.ctgs.size(); ++k) {
        auto it = by_ctg.find(territory.ctgs[k].code);
        if (it != by_ctg.end())
            for (std::size_t m = 0; m < it->second.size(); ++m)
                r.initiatives[it->second[m]].cluster_id = labels[k][m];
        for (Cluster& c : per_ctg[k])
            r.clusters.push_back(std::move(c));
    }
}

void compute_indicators(const Territory& territory, AnalysisResult& r) {
    r.ctgs.assign(territory.ctgs.size(), {});
    for (std::size_t k = 0; k < territory.ctgs.size(); ++k) {
        const Ctg& ctg = territory.ctgs[k];
        CtgIndicators& ind = r.ctgs[k];
        ind.ctg_code = ctg.code;
        ind.ctg_name = ctg.name;
        ind.population = ctg.population;
        ind.n_communes = static_cast<int>(ctg.communes.size());
        long long pat = 0, pcaet = 0, cte = 0;
        for (std::size_t i : ctg.communes) {
            const CommuneFigures& f = r.communes[i];
            const long long pop = territory.communes[i].population;
            ind.pop_uncovered += f.pop_uncovered;
            ind.area_km2 += territory.communes[i].area_m2 / 1e6;
            pat += f.in_pat ? pop : 0;
            pcaet += f.in_pcaet ? pop : 0;
            cte += f.in_cte ? pop : 0;
        }
        const double pop = static_cast<double>(ind.population);
        ind.uncovered_share = pop > 0 ? ind.pop_uncovered / pop : 0;
        ind.pat_share = pop > 0 ? static_cast<double>(pat) / pop : 0;
        ind.pcaet_share = pop > 0 ? static_cast<double>(pcaet) / pop : 0;
        ind.cte_share = pop > 0 ? static_cast<double>(cte) / pop : 0;
    }
    for (const Structure& s : r.structures) {
        if (!s.place.in_territory)
            continue;
        CtgIndicators& ind = r.ctgs[territory.ctg_index(s.place.ctg_code)];
        ++ind.n_structures;
        ind.n_cs += s.type == "CS";
        ind.n_evs += s.type == "EVS";
        ind.n_ambassadors += s.ambassador.value_or(false);
    }
    for (const Initiative& it : r.initiatives)
        if (it.place.in_territory)
            ++r.ctgs[territory.ctg_index(it.place.ctg_code)].n_initiatives;
    for (const Cluster& c : r.clusters)
        ++r.ctgs[territory.ctg_index(c.ctg_code)].n_clusters;
    for (CtgIndicators& ind : r.ctgs)
        ind.initiatives_per_10k =
            ind.population > 0 ? ind.n_initiatives * 10000.0 / static_cast<double>(ind.population)
                               : 0;
}

} // namespace

void join_points(const Territory& territory, AnalysisResult& r) {
    const CommuneLocator locator(territory);
    for (Structure& s : r.structures) {
        join_to_communes(locator, territory, s.place);
        diagnose_outside(locator, s.place, "structures", s.name, r);
    }
    r.initiatives_in_territory = 0;
    for (Initiative& it : r.initiatives) {
        join_to_communes(locator, territory, it.place);
        r.initiatives_in_territory += it.place.in_territory;
        diagnose_outside(locator, it.place, "initiatives", it.title, r);
    }
}

void compute_figures(const Territory& territory, AnalysisResult& r, const ProgressFn& progress) {
    auto report = [&](const char* stage) {
        if (progress)
            progress(stage, 0);
    };
    report("rattachement des points aux communes");
    join_points(territory, r);

    const std::size_t n = territory.communes.size();
    r.communes.assign(n, {});

    report("couverture");
    std::vector<XY> structure_points;
    for (const Structure& s : r.structures)
        if (s.place.xy)
            structure_points.push_back(*s.place.xy);
    CoverageResult cov = compute_coverage(territory, structure_points,
                                          r.parameters.coverage_radius_km * 1000.0, progress);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isnan(cov.dist_nearest_m[i]))
            r.communes[i].dist_nearest_m = cov.dist_nearest_m[i];
        r.communes[i].covered_share = cov.covered_share[i];
        r.communes[i].pop_uncovered = cov.pop_uncovered[i];
    }
    r.gaps = std::move(cov.gaps);

    report("grappes d'initiatives (DBSCAN)");
    compute_clusters(territory, r);

    report("points chauds (Gi*)");
    std::vector<double> counts(n, 0.0);
    for (const Initiative& it : r.initiatives)
        if (it.place.in_territory)
            counts[territory.commune_index(it.place.insee)] += 1;
    const std::vector<double> z = gi_star(counts, queen_neighbours(territory));
    for (std::size_t i = 0; i < n; ++i) {
        r.communes[i].n_initiatives = static_cast<int>(counts[i]);
        r.communes[i].gi_star_z = z[i];
        r.communes[i].hotspot = hotspot_class(z[i]);
    }
    if (!r.initiatives.empty() && r.initiatives_in_territory < 30)
        r.diagnostics.warn("few_initiatives",
                           "seulement " + std::to_string(r.initiatives_in_territory) +
                               " initiatives dans le territoire : les points chauds (Gi*) sont "
                               "fragiles en dessous de 30, à interpréter avec prudence");

    report("périmètres PAT, PCAET, CTE");
    overlay_perimeters(territory, r);

    report("indicateurs par CTG");
    compute_indicators(territory, r);
}

AnalysisResult analyse(const Study& study, const Territory& territory, const Cog& cog,
                       const AnalysisParameters& parameters, const ProgressFn& progress) {
    AnalysisResult r;
    r.parameters = parameters;
    if (progress)
        progress("lecture des couches", 0);
    if (study.structures)
        r.structures = read_structures(*study.structures, territory, cog, r.rejects, r.diagnostics);
    else
        r.diagnostics.warn("no_structures", "aucune couche de structures ([layers] structures) : "
                                            "la couverture est nulle partout");
    if (study.initiatives)
        r.initiatives =
            read_initiatives(*study.initiatives, territory, cog, r.rejects, r.diagnostics);
    r.perimeters = read_perimeters(study.perimeters, territory, cog, r.rejects, r.diagnostics);
    compute_figures(territory, r, progress);
    return r;
}

} // namespace tecsmap
