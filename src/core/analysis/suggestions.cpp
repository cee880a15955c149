#include "suggestions.hpp"

#include "../errors.hpp"
#include "../paths.hpp"
#include "../point_table.hpp"
#include "../points.hpp"
#include "../text.hpp"
#include "inputs.hpp"

#include <memory>

namespace tecsmap {

std::vector<CandidateSite> commune_candidates(const Territory& territory) {
    std::vector<CandidateSite> out;
    out.reserve(territory.communes.size());
    for (std::size_t i = 0; i < territory.communes.size(); ++i)
        out.push_back({territory.communes[i].representative, i, territory.communes[i].nom, {}});
    return out;
}

std::vector<CandidateSite> read_candidates(const LayerSource& source, const Territory& territory,
                                           const CommuneLocator& locator, const Cog& cog,
                                           Rejects& rejects, Diagnostics& diagnostics) {
    // The register reader with its columns (nom, coordinates...); a test COG gets its own
    // gazetteer, the bundled one is shared.
    std::unique_ptr<geocoding::CommuneGazetteer> own;
    if (&cog != &Cog::bundled())
        own = std::make_unique<geocoding::CommuneGazetteer>(cog, data_dir());
    const PlacementTools tools{territory, locator, cog,
                               own ? *own : geocoding::CommuneGazetteer::bundled(), nullptr};
    PointTable pt(source, tools, registers::RegisterKind::Structures, "candidats");
    pt.report_layer(diagnostics);
    std::vector<CandidateSite> out;
    std::size_t outside = 0;
    for (std::size_t r = 0; r < pt.table().rows.size(); ++r) {
        const SourceRow& row = pt.table().rows[r];
        CandidateSite c;
        c.name = pt.value(row, registers::Role::Name);
        c.source = pt.table().ref(row);
        // A candidate is a precise place: no fallback on an address or a commune's point.
        Diagnostics quiet;
        const RowOutcome o = pt.place(r, c.name, quiet);
        const bool by_coordinates = o.place.method == PlacementMethod::Coordinates;
        const std::string problem = o.problem;
        const Placement pl = by_coordinates ? o.place : Placement{};
        if (!pl.xy) {
            rejects.push_back(pt.reject(row,
                                        problem.empty()
                                            ? std::string("site candidat sans coordonnées")
                                            : "site candidat sans coordonnées utilisables (" +
                                                  problem + ")",
                                        false));
            continue;
        }
        if (!pl.in_territory()) {
            ++outside;
            rejects.push_back(pt.reject(
                row,
                "site candidat hors du territoire étudié" +
                    (problem.empty() ? std::string() : " (" + problem + ")"),
                false));
            continue;
        }
        c.xy = *pl.xy;
        c.commune = pl.commune;
        if (c.name.empty())
            c.name = territory.communes[c.commune].nom;
        out.push_back(std::move(c));
    }
    if (out.empty())
        throw InputError(source.path,
                         "aucun site candidat dans le territoire étudié (" +
                             std::to_string(pt.table().rows.size()) + " ligne(s) lue(s), " +
                             std::to_string(outside) +
                             " hors du territoire) : vérifiez le système de coordonnées de la "
                             "couche ([suggest] candidates = { path = \"...\", crs = \"...\" })");
    if (outside > 0)
        diagnostics.warn("candidates_outside",
                         std::to_string(outside) +
                             " site(s) candidat(s) hors du territoire écarté(s) (couche « rejects »)",
                         source.path);
    return out;
}

SuggestionResult suggest_new_sites(const Territory& territory,
                                   std::vector<CandidateSite> candidates, bool from_layer,
                                   const DemandPoints& demand, const SiteCoverage& coverage,
                                   const SuggestionRequest& request, Feedback* feedback) {
    const std::string& what = request.new_sites_label;
    if (request.new_sites == 0)
        throw StudyError(what + " = 0 : indiquez au moins 1 nouveau site à proposer");
    if (request.new_sites > candidates.size())
        throw StudyError(what + " = " + std::to_string(request.new_sites) +
                         " : plus de nouveaux sites que de sites candidats (" +
                         std::to_string(candidates.size()) +
                         (from_layer ? " dans la couche [suggest] candidates" : " communes") + ")");
    SuggestionResult r;
    r.candidates = std::move(candidates);
    r.candidates_from_layer = from_layer;
    r.rule = coverage.describe();

    std::vector<XY> sites;
    sites.reserve(r.candidates.size());
    for (const CandidateSite& c : r.candidates)
        sites.push_back(c.xy);
    CoverageInstance instance;
    instance.demand_weight = demand.weight;
    instance.candidate_covers = coverage.covers(sites);
    instance.covered_by_existing = coverage.already_covered();
    feedback_check(feedback);

    LocationOptions options;
    options.new_sites = request.new_sites;
    options.time_budget_s = request.time_budget_s;
    options.exact = request.exact;
    r.location = suggest_sites(instance, options, feedback);

    std::vector<std::size_t> candidate_ctg, demand_ctg;
    for (const CandidateSite& c : r.candidates)
        candidate_ctg.push_back(territory.communes[c.commune].ctg);
    for (std::size_t i : demand.commune)
        demand_ctg.push_back(territory.communes[i].ctg);
    r.best_per_ctg =
        best_site_per_group(instance, candidate_ctg, demand_ctg, territory.ctgs.size());
    return r;
}

std::vector<bool> covering_structures(const std::vector<Structure>& structures,
                                      const AnalysisParameters& parameters) {
    std::vector<bool> out(structures.size(), false);
    for (std::size_t k = 0; k < structures.size(); ++k)
        out[k] = structures[k].place.xy.has_value() && parameters.covers(structures[k].type);
    return out;
}

Scenario scenario_from_suggestions(const SuggestionResult& sr, const Territory& territory,
                                   const std::string& name) {
    Scenario sc;
    sc.name = name;
    sc.description = std::to_string(sr.location.sites.size()) + " site(s) proposé(s) par tecsmap "
                     "suggest (méthode " +
                     (sr.location.method == LocationMethod::Exact ? "exacte" : "gloutonne") + ")";
    for (const SuggestedSite& s : sr.location.sites) {
        const CandidateSite& c = sr.candidates[s.candidate];
        ScenarioSite site;
        site.x = c.xy.x;
        site.y = c.xy.y;
        site.name = "Suggestion " + std::to_string(s.rank) + " : " +
                    (c.commune != Territory::npos && c.name != territory.communes[c.commune].nom
                         ? c.name + ", " + territory.communes[c.commune].nom
                         : c.name);
        sc.add.push_back(std::move(site));
    }
    return sc;
}

SuggestionResult suggest_for_study(const Territory& territory, const StudyInputs& in,
                                   const std::vector<bool>& structure_covers,
                                   const AnalysisParameters& parameters,
                                   const SuggestionRequest& request, Feedback* feedback) {
    const DemandPoints demand = study_demand(territory, in);
    const StudySiteCoverage coverage(territory, in, parameters,
                                     parameters.coverage_rule(in.has_zones), structure_covers,
                                     demand);
    SuggestionResult r =
        suggest_new_sites(territory,
                          in.has_candidate_layer ? in.candidates : commune_candidates(territory),
                          in.has_candidate_layer, demand, coverage, request, feedback);
    r.grid_demand = in.population != nullptr;
    return r;
}

} // namespace tecsmap
