#include "analysis.hpp"

#include "../errors.hpp"
#include "../format.hpp"
#include "../parallel.hpp"
#include "../strtree.hpp"
#include "coverage_relation.hpp"
#include "dbscan.hpp"
#include "gi_star.hpp"
#include "gi_star_inference.hpp"
#include "perimeter_overlay.hpp"
#include "situation_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace tecsmap {

namespace {

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

void compute_clusters(const Territory& territory, const StudyInputs& in,
                      const AnalysisParameters& p, AnalysisResult& r) {
    // Initiatives of each CTG, in input order.
    std::vector<std::vector<std::size_t>> by_ctg(territory.ctgs.size());
    for (std::size_t i = 0; i < in.initiatives.size(); ++i) {
        const Placement& pl = in.initiatives[i].place;
        if (pl.in_territory())
            by_ctg[ctg_index(territory, pl)].push_back(i);
    }
    // CTGs are independent: cluster them on all cores, then gather in CTG order.
    std::vector<std::vector<Cluster>> per_ctg(territory.ctgs.size());
    std::vector<std::vector<std::optional<int>>> labels(territory.ctgs.size());
    parallel_for(territory.ctgs.size(), [&](std::size_t k) {
        if (by_ctg[k].empty())
            return;
        std::vector<XY> pts;
        for (std::size_t i : by_ctg[k])
            pts.push_back(*in.initiatives[i].place.xy);
        const DbscanResult d = dbscan(pts, p.cluster_eps_m(), p.cluster_min_points());
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
    for (std::size_t k = 0; k < territory.ctgs.size(); ++k) {
        for (std::size_t m = 0; m < by_ctg[k].size(); ++m)
            r.initiatives[by_ctg[k][m]].cluster_id = labels[k][m];
        for (Cluster& c : per_ctg[k])
            r.clusters.push_back(std::move(c));
    }
}

void compute_indicators(const Territory& territory, const StudyInputs& in,
                        const AnalysisParameters& p, AnalysisResult& r) {
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
    for (std::size_t k = 0; k < in.structures.size(); ++k) {
        const Structure& s = in.structures[k];
        if (!s.place.in_territory())
            continue;
        CtgIndicators& ind = r.ctgs[ctg_index(territory, s.place)];
        // A TECS ambassador is counted whatever the agreement type: it is the structure's
        // declaration, not a coverage figure.
        ind.n_ambassadors += s.ambassador.value_or(false);
        // Structures that do not count for coverage are "autres lieux", never structures.
        if (!p.covers(s.type)) {
            ++ind.n_other_places;
            continue;
        }
        ++ind.n_structures;
        ind.n_cs += s.type == StructureType::CS;
        ind.n_evs += s.type == StructureType::EVS;
        ind.n_structures_with_zone += in.zone_of(k) != nullptr;
    }
    for (const Initiative& it : in.initiatives)
        if (it.place.in_territory())
            ++r.ctgs[ctg_index(territory, it.place)].n_initiatives;
    for (const Cluster& c : r.clusters)
        ++r.ctgs[territory.ctg_index(c.ctg_code)].n_clusters;
    for (CtgIndicators& ind : r.ctgs)
        ind.initiatives_per_10k =
            ind.population > 0 ? ind.n_initiatives * 10000.0 / static_cast<double>(ind.population)
                               : 0;
}

// ctg_indicators_by_year: every CTG, every year from the first to the last mentioned.
void compute_years(const Territory& territory, const StudyInputs& in, AnalysisResult& r) {
    std::set<int> years;
    for (const Initiative& it : in.initiatives)
        if (it.place.in_territory() && it.year)
            years.insert(*it.year);
    for (const Structure& s : in.structures)
        if (s.place.in_territory())
            for (int y : s.programme.years())
                years.insert(y);
    if (years.empty())
        return;
    const int first = *years.begin(), last = *years.rbegin();
    const std::size_t span = static_cast<std::size_t>(last - first + 1);
    std::vector<CtgYear> table(territory.ctgs.size() * span);
    for (std::size_t k = 0; k < territory.ctgs.size(); ++k)
        for (std::size_t y = 0; y < span; ++y) {
            table[k * span + y].ctg = k;
            table[k * span + y].year = first + static_cast<int>(y);
        }
    auto cell = [&](std::size_t ctg, int year) -> CtgYear& {
        return table[ctg * span + static_cast<std::size_t>(year - first)];
    };
    for (const Initiative& it : in.initiatives)
        if (it.place.in_territory() && it.year)
            ++cell(ctg_index(territory, it.place), *it.year).initiatives;
    for (const Structure& s : in.structures) {
        if (!s.place.in_territory())
            continue;
        const std::size_t k = ctg_index(territory, s.place);
        for (const auto& [year, v] : s.programme.by_year) {
            if (v.empty())
                continue;
            CtgYear& c = cell(k, year);
            c.bonus_interne += v.bonus_interne.value_or(false);
            c.bonus_externe += v.bonus_externe.value_or(false);
            c.bonus_transversale += v.bonus_transversale.value_or(false);
            c.ambassadors += v.ambassador.value_or(false);
        }
    }
    for (std::size_t k = 0; k < territory.ctgs.size(); ++k)
        for (std::size_t y = 1; y < span; ++y) {
            CtgYear& c = table[k * span + y];
            const int before = table[k * span + y - 1].initiatives;
            c.initiatives_change = c.initiatives - before;
        }
    r.ctg_years = std::move(table);
}

void compute_hotspots(const Territory& territory, const StudyInputs& in,
                      const AnalysisParameters& p, AnalysisResult& r, Feedback* feedback) {
    const std::size_t n = territory.communes.size();
    std::vector<double> counts(n, 0.0), population(n, 0.0);
    for (const Initiative& it : in.initiatives)
        if (it.place.in_territory())
            counts[it.place.commune] += 1;
    for (std::size_t i = 0; i < n; ++i)
        population[i] = static_cast<double>(territory.communes[i].population);
    HotspotOptions options;
    options.variable = p.hotspot_variable();
    options.empirical_bayes = p.hotspot_empirical_bayes();
    options.permutations = p.hotspot_permutations();
    options.seed = p.hotspot_seed();
    const HotspotResult h =
        hotspot_statistics(counts, population, queen_neighbours(territory), options, feedback);
    for (std::size_t i = 0; i < n; ++i) {
        CommuneFigures& f = r.communes[i];
        f.n_initiatives = static_cast<int>(counts[i]);
        f.hotspot_value = h.value[i];
        f.gi_star_z = h.z[i];
        f.gi_p_sim = h.p_sim[i];
        f.gi_q = h.q[i];
        f.gi_island = h.island[i] != 0;
        f.hotspot = h.hotspot[i];
    }
    r.hotspot_method = h.method_label();
    r.hotspot_tested = h.tested;
    if (!in.initiatives.empty() && in.initiatives_in_territory < 30)
        r.diagnostics.warn("few_initiatives",
                           "seulement " + std::to_string(in.initiatives_in_territory) +
                               " initiatives dans le territoire : avec si peu d'événements, les "
                               "tests de points chauds (Gi*, permutations, FDR) n'ont presque "
                               "aucune puissance ; une commune « non significative » n'est pas "
                               "pour autant sans initiative");
    const std::size_t islands =
        static_cast<std::size_t>(std::count(h.island.begin(), h.island.end(), 1));
    if (islands > 0)
        r.diagnostics.info("hotspot_islands",
                           std::to_string(islands) +
                               " commune(s) sans voisine (îles) : jamais classées en point "
                               "chaud ou froid (gi_island = 1)");
}

} // namespace

std::vector<Feedback::Stage> analysis_stages() {
    return {{"couverture", 3},
            {"zones non couvertes", 3},
            {"grappes d'initiatives (DBSCAN)", 1},
            {"points chauds (Gi*)", 1},
            {"périmètres PAT, PCAET, CTE", 1},
            {"indicateurs par CTG", 0.2},
            {"suggestions de nouveaux sites", 0.5},
            {"scénarios", 0.5}};
}

std::vector<Feedback::Stage> analysis_stages(const Study& study) {
    std::vector<Feedback::Stage> stages = analysis_stages();
    if (study.accessibility.enabled()) {
        const auto access = accessibility_stages(!study.accessibility.isochrone_minutes.empty());
        stages.insert(stages.begin() + 1, access.begin(), access.end());
    }
    return stages;
}

namespace {

// Diagnostics [begin, end) of `from` appended to `to`: a kept stage keeps its messages.
void copy_diagnostics(const Diagnostics& from, std::size_t begin, std::size_t end,
                      Diagnostics& to) {
    for (std::size_t k = begin; k < end && k < from.items().size(); ++k) {
        const Diagnostic& d = from.items()[k];
        to.add(d.severity, d.code, d.message, d.file, d.location);
    }
}

// The coverage stage: which structures cover, the rule, minutes by road, per-commune coverage
// and the gap layer.
void compute_coverage_stage(const Territory& territory, const StudyInputs& in,
                            const AnalysisParameters& p, AnalysisResult& r, Feedback* feedback) {
    const std::size_t n = territory.communes.size();
    // The structures that count for coverage (coverage_types), inside or outside the territory.
    r.structure_covers = covering_structures(in.structures, p);
    // The rule: discs of the covering structures, their agreed zones, both, or travel times.
    r.coverage_rule = p.coverage_rule(in.has_zones);
    const CoverageRule rule = r.coverage_rule;
    if (rule == CoverageRule::Time && !in.roads)
        throw StudyError("couverture en temps de trajet (coverage = « temps ») sans réseau "
                         "routier : ajoutez [accessibility] roads à l'étude");
    if (in.roads)
        r.access = std::make_shared<const AccessibilityResult>(
            compute_accessibility(territory, in, p, r.structure_covers, feedback));
    const bool use_zones =
        r.coverage_rule == CoverageRule::Zones || r.coverage_rule == CoverageRule::ZonesAndDistance;
    const bool use_discs = r.coverage_rule != CoverageRule::Zones;
    if (use_zones) {
        std::size_t without_zone = 0;
        covering_zones(territory, in, r.structure_covers, &without_zone);
        if (!in.has_zones)
            r.diagnostics.warn("no_zones",
                               std::string("règle de couverture « ") + to_string(r.coverage_rule) +
                                   " » sans aucune zone de compétence (colonne zone_insee ou "
                                   "couche [layers] zones)" +
                                   (use_discs ? "" : " : aucun habitant n'est couvert"));
        else if (without_zone > 0 && !use_discs)
            r.diagnostics.warn("structures_without_zone",
                               std::to_string(without_zone) +
                                   " structure(s) sans zone de compétence ne couvrent rien avec la "
                                   "règle « zones »");
    } else if (in.has_zones) {
        r.diagnostics.info("zones_ignored", "zones de compétence données mais non utilisées : "
                                            "règle de couverture « " +
                                                std::string(to_string(r.coverage_rule)) + " »");
    }
    SituationCoverage situation =
        situation_coverage(territory, in, p, rule, Situation{r.structure_covers, {}},
                           r.access ? &*r.access : nullptr, true, r.diagnostics, feedback);
    CoverageResult& cov = situation.coverage;
    r.grid_part_covered = std::move(situation.grid_part_covered);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isnan(cov.dist_nearest_m[i]))
            r.communes[i].dist_nearest_m = cov.dist_nearest_m[i];
        r.communes[i].covered_share = cov.covered_share[i];
        r.communes[i].pop_uncovered = cov.pop_uncovered[i];
    }
    r.gaps = std::move(cov.gaps);
}

// The coverage stage of `prev` into `r` (same territory, inputs and coverage parameters).
void keep_coverage_stage(const AnalysisResult& prev, AnalysisResult& r) {
    r.structure_covers = prev.structure_covers;
    r.coverage_rule = prev.coverage_rule;
    r.access = prev.access;
    r.grid_part_covered = prev.grid_part_covered;
    for (std::size_t i = 0; i < r.communes.size(); ++i) {
        r.communes[i].dist_nearest_m = prev.communes[i].dist_nearest_m;
        r.communes[i].covered_share = prev.communes[i].covered_share;
        r.communes[i].pop_uncovered = prev.communes[i].pop_uncovered;
    }
    for (const GapPart& g : prev.gaps)
        r.gaps.push_back({geos::clone(g.geometry.get()), g.area_km2, g.pop_est});
}

void keep_cluster_stage(const AnalysisResult& prev, AnalysisResult& r) {
    for (std::size_t k = 0; k < r.initiatives.size(); ++k)
        r.initiatives[k].cluster_id = prev.initiatives[k].cluster_id;
    for (const Cluster& c : prev.clusters)
        r.clusters.push_back({c.ctg_code, c.cluster_id, c.n_initiatives, geos::clone(c.hull.get())});
}

void keep_hotspot_stage(const AnalysisResult& prev, AnalysisResult& r) {
    for (std::size_t i = 0; i < r.communes.size(); ++i) {
        const CommuneFigures& from = prev.communes[i];
        CommuneFigures& f = r.communes[i];
        f.n_initiatives = from.n_initiatives;
        f.hotspot_value = from.hotspot_value;
        f.gi_star_z = from.gi_star_z;
        f.gi_p_sim = from.gi_p_sim;
        f.gi_q = from.gi_q;
        f.gi_island = from.gi_island;
        f.hotspot = from.hotspot;
    }
    r.hotspot_method = prev.hotspot_method;
    r.hotspot_tested = prev.hotspot_tested;
}

void keep_perimeter_stage(const AnalysisResult& prev, AnalysisResult& r) {
    for (std::size_t i = 0; i < r.communes.size(); ++i) {
        r.communes[i].in_pat = prev.communes[i].in_pat;
        r.communes[i].in_pcaet = prev.communes[i].in_pcaet;
        r.communes[i].in_cte = prev.communes[i].in_cte;
    }
    for (std::size_t k = 0; k < r.initiatives.size(); ++k) {
        r.initiatives[k].in_pat = prev.initiatives[k].in_pat;
        r.initiatives[k].in_pcaet = prev.initiatives[k].in_pcaet;
        r.initiatives[k].in_cte = prev.initiatives[k].in_cte;
    }
}

// What a re-analysis may keep from the previous result (same territory and inputs).
struct Kept {
    const AnalysisResult* coverage = nullptr;
    const AnalysisResult* clusters = nullptr;
    const AnalysisResult* hotspots = nullptr;
    const AnalysisResult* perimeters = nullptr;
    const AnalysisResult* suggestions = nullptr;
};

AnalysisResult run_analysis(const Territory& territory, const StudyInputs& in,
                            const AnalysisParameters& p, const Kept& kept, Feedback* feedback) {
    const std::size_t n = territory.communes.size();
    AnalysisResult r;
    r.communes.assign(n, {});
    r.initiatives.assign(in.initiatives.size(), {});
    // Each stage either runs or is taken from the previous result with its messages; the
    // diagnostics keep the order of a full analysis (stage_ends marks where each stage ends).
    std::size_t stage = 0;
    auto end_stage = [&](const AnalysisResult* from) {
        if (from)
            copy_diagnostics(from->diagnostics, stage == 0 ? 0 : from->stage_ends[stage - 1],
                             from->stage_ends[stage], r.diagnostics);
        r.stage_ends[stage++] = r.diagnostics.items().size();
    };

    feedback_begin(feedback, "couverture");
    if (kept.coverage) {
        keep_coverage_stage(*kept.coverage, r);
        feedback_begin(feedback, "zones non couvertes");
    } else {
        compute_coverage_stage(territory, in, p, r, feedback);
    }
    end_stage(kept.coverage);

    feedback_begin(feedback, "grappes d'initiatives (DBSCAN)");
    if (kept.clusters)
        keep_cluster_stage(*kept.clusters, r);
    else
        compute_clusters(territory, in, p, r);
    end_stage(kept.clusters);

    feedback_begin(feedback, "points chauds (Gi*)");
    if (kept.hotspots)
        keep_hotspot_stage(*kept.hotspots, r);
    else
        compute_hotspots(territory, in, p, r, feedback);
    end_stage(kept.hotspots);

    feedback_begin(feedback, "périmètres PAT, PCAET, CTE");
    if (kept.perimeters)
        keep_perimeter_stage(*kept.perimeters, r);
    else
        overlay_perimeters(territory, in, r);
    end_stage(kept.perimeters);

    feedback_begin(feedback, "indicateurs par CTG");
    compute_indicators(territory, in, p, r);
    compute_years(territory, in, r);

    if (p.suggest_new() > 0) {
        feedback_begin(feedback, "suggestions de nouveaux sites");
        if (kept.suggestions) {
            r.suggestions = kept.suggestions->suggestions;
        } else {
            SuggestionRequest request;
            request.new_sites = static_cast<std::size_t>(p.suggest_new());
            r.suggestions =
                suggest_for_study(territory, in, r.structure_covers, p, request, feedback);
        }
    }
    if (!in.scenarios.empty()) {
        feedback_begin(feedback, "scénarios");
        note_ignored_extensions(in, r.structure_covers, r.coverage_rule, r.diagnostics);
        if (kept.coverage) {
            r.scenarios = kept.coverage->scenarios;
        } else {
            std::vector<double> current(n);
            for (std::size_t i = 0; i < n; ++i)
                current[i] = r.communes[i].pop_uncovered;
            r.scenarios = compare_scenarios(territory, in, p, r.coverage_rule, r.structure_covers,
                                            current, in.scenarios, feedback);
        }
    }
    end_stage(nullptr);
    return r;
}

} // namespace

AnalysisResult analyse(const Territory& territory, const StudyInputs& in,
                       const AnalysisParameters& p, Feedback* feedback) {
    return run_analysis(territory, in, p, Kept{}, feedback);
}

AnalysisResult reanalyse(const Territory& territory, const StudyInputs& in,
                         const AnalysisParameters& p, const AnalysisResult& previous,
                         const AnalysisParameters& previous_parameters, Feedback* feedback) {
    // A result of another territory or of other inputs has nothing to lend (and its per-commune
    // figures would not line up): analyse afresh.
    if (previous.communes.size() != territory.communes.size() ||
        previous.initiatives.size() != in.initiatives.size() ||
        previous.structure_covers.size() != in.structures.size())
        return analyse(territory, in, p, feedback);
    Kept kept;
    const bool same_coverage = p.same_coverage(previous_parameters);
    kept.coverage = same_coverage ? &previous : nullptr;
    kept.clusters = p.same_clusters(previous_parameters) ? &previous : nullptr;
    kept.hotspots = p.same_hotspots(previous_parameters) ? &previous : nullptr;
    kept.perimeters = &previous; // read no parameter
    kept.suggestions =
        same_coverage && p.suggest_new() == previous_parameters.suggest_new() ? &previous : nullptr;
    return run_analysis(territory, in, p, kept, feedback);
}

} // namespace tecsmap
