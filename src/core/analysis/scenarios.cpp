#include "scenarios.hpp"

#include "../commune_locator.hpp"
#include "../crs.hpp"
#include "../errors.hpp"
#include "../format.hpp"
#include "../gdal_handles.hpp"
#include "../text.hpp"
#include "incremental_coverage.hpp"
#include "inputs.hpp"
#include "situation_coverage.hpp"

#include <algorithm>

namespace tecsmap {

namespace {

std::string where(const Study& study, const Scenario& sc) {
    return study.path + (sc.line > 0 ? ", ligne " + std::to_string(sc.line) : std::string()) +
           " : scénario « " + sc.name + " »";
}

} // namespace

std::vector<ResolvedScenario> resolve_scenarios(const Study& study, const Territory& territory,
                                                const std::vector<Structure>& structures,
                                                const Cog* cog) {
    std::vector<ResolvedScenario> out;
    if (study.scenarios.empty())
        return out;
    const CommuneLocator locator(territory);
    const gdal::SrsPtr metric = gdal::make_srs(territory.crs);
    // A commune by its code, an old code mapped to today's commune.
    auto commune_of = [&](const std::string& given) {
        const auto code = text::normalize_insee(given);
        std::size_t i = code ? territory.commune_index(*code) : Territory::npos;
        if (i == Territory::npos && code && cog) {
            const CodeMapping m = cog->map_code(*code);
            if (m.kind == CodeMapping::Kind::Old && m.current.size() == 1)
                i = territory.commune_index(m.current.front());
        }
        return i;
    };
    for (const Scenario& sc : study.scenarios) {
        ResolvedScenario r{sc.name, sc.description, {}, {}};
        r.study_path = study.path;
        for (const ScenarioSite& site : sc.add) {
            ResolvedSite rs;
            rs.name = site.name;
            if (!site.commune.empty()) {
                const std::size_t i = commune_of(site.commune);
                if (i == Territory::npos)
                    throw StudyError(where(study, sc) + " : commune « " + site.commune +
                                     " » absente du territoire étudié");
                rs.xy = territory.communes[i].representative;
                rs.commune = i;
                if (rs.name.empty())
                    rs.name = territory.communes[i].nom;
            } else {
                rs.xy = {*site.x, *site.y};
                if (!site.crs.empty()) {
                    gdal::SrsPtr from;
                    try {
                        from = gdal::make_srs(site.crs);
                    } catch (const StudyError& e) {
                        throw StudyError(where(study, sc) + " : " + e.what());
                    }
                    const Transformer to_metric(*from, *metric);
                    if (!to_metric.transform(rs.xy))
                        throw StudyError(where(study, sc) + " : site (" +
                                         machine::number(*site.x) + ", " +
                                         machine::number(*site.y) + ") impossible à convertir de " +
                                         site.crs + " vers " + territory.crs);
                }
                rs.commune = locator.locate(rs.xy);
                if (rs.name.empty())
                    rs.name = rs.commune != Territory::npos ? territory.communes[rs.commune].nom
                                                            : "site hypothétique";
            }
            r.add.push_back(std::move(rs));
        }
        // A structure by name: exact, then ignoring case and accents.
        auto structures_named = [&](const std::string& name) {
            std::vector<std::size_t> found;
            for (std::size_t k = 0; k < structures.size(); ++k)
                if (structures[k].name == name)
                    found.push_back(k);
            if (found.empty()) {
                const std::string wanted = text::normalize_name(name);
                for (std::size_t k = 0; k < structures.size(); ++k)
                    if (text::normalize_name(structures[k].name) == wanted)
                        found.push_back(k);
            }
            if (found.empty()) {
                // A site the scenario adds is not a structure of the layer: it has no zone yet.
                const bool added = std::any_of(
                    sc.add.begin(), sc.add.end(), [&](const ScenarioSite& s) {
                        return text::normalize_name(s.name) == text::normalize_name(name);
                    });
                throw StudyError(
                    where(study, sc) + " : la structure « " + name +
                    " » est introuvable dans la couche des structures" +
                    (study.structures ? " (" + study.structures->path + ")" : "") +
                    (added ? " : c'est un site ajouté par le scénario, qui n'a pas encore de zone "
                             "de compétence à étendre"
                           : " : corrigez son nom ou retirez-la du scénario"));
            }
            return found;
        };
        for (const std::string& name : sc.remove) {
            const std::vector<std::size_t> found = structures_named(name);
            r.remove.insert(r.remove.end(), found.begin(), found.end());
        }
        for (const ZoneExtension& z : sc.extend) {
            std::vector<std::size_t> communes;
            for (const std::string& c : z.communes) {
                const std::size_t i = commune_of(c);
                if (i == Territory::npos)
                    throw StudyError(where(study, sc) + " : extension de la zone de « " +
                                     z.structure + " » : commune « " + c +
                                     " » absente du territoire étudié");
                communes.push_back(i);
            }
            std::sort(communes.begin(), communes.end());
            communes.erase(std::unique(communes.begin(), communes.end()), communes.end());
            for (std::size_t k : structures_named(z.structure))
                r.extend.push_back({k, communes});
        }
        std::sort(r.remove.begin(), r.remove.end());
        r.remove.erase(std::unique(r.remove.begin(), r.remove.end()), r.remove.end());
        out.push_back(std::move(r));
    }
    return out;
}

double ScenarioOutcome::ctg_covered_share(const Territory& t, std::size_t k) const {
    const double pop = static_cast<double>(t.ctgs[k].population);
    return pop > 0 ? std::clamp(1.0 - ctg_pop_uncovered[k] / pop, 0.0, 1.0) : 0.0;
}

double ScenarioOutcome::covered_share(const Territory& t) const {
    const double pop = static_cast<double>(t.population());
    return pop > 0 ? std::clamp(1.0 - pop_uncovered / pop, 0.0, 1.0) : 0.0;
}

ExtensionCheck check_extensions(const ResolvedScenario& sc, const StudyInputs& in,
                                const std::vector<bool>& covers, CoverageRule rule) {
    ExtensionCheck out;
    if (sc.extend.empty())
        return out;
    const std::string head = "scénario « " + sc.name + " » : ";
    if (rule != CoverageRule::Zones && rule != CoverageRule::ZonesAndDistance) {
        out.notes.push_back(head + "l'extension de zone est sans effet avec la règle de "
                                   "couverture « " + std::string(to_string(rule)) + " »");
        return out;
    }
    // Each (structure, commune) once, whatever the number of entries that name it.
    std::vector<std::pair<std::size_t, std::size_t>> added;
    for (const ResolvedExtension& e : sc.extend) {
        const Structure& s = in.structures[e.structure];
        if (e.structure >= covers.size() || !covers[e.structure]) {
            out.notes.push_back(head + "« " + s.name + " » ne couvre pas (" +
                                to_string(s.type) + ") : l'extension de sa zone est sans effet");
            continue;
        }
        if (std::binary_search(sc.remove.begin(), sc.remove.end(), e.structure)) {
            out.notes.push_back(head + "« " + s.name + " » est retirée par le même scénario : "
                                                       "l'extension de sa zone est sans effet");
            continue;
        }
        const StructureZone* zone = in.zone_of(e.structure);
        std::size_t already = 0;
        for (std::size_t c : e.communes) {
            if (zone && std::find(zone->communes.begin(), zone->communes.end(), c) !=
                            zone->communes.end()) {
                ++already;
                continue;
            }
            added.emplace_back(e.structure, c);
        }
        if (already > 0)
            out.notes.push_back(head + std::to_string(already) +
                                " commune(s) déjà dans la zone de « " + s.name + " »");
    }
    std::sort(added.begin(), added.end());
    out.effective = static_cast<std::size_t>(std::unique(added.begin(), added.end()) - added.begin());
    return out;
}

void note_ignored_extensions(const StudyInputs& in, const std::vector<bool>& covers,
                             CoverageRule rule, Diagnostics& diagnostics) {
    for (const ResolvedScenario& sc : in.scenarios)
        for (std::string& note : check_extensions(sc, in, covers, rule).notes)
            diagnostics.warn("scenario_extend_ignored", std::move(note), sc.study_path);
}

std::vector<ScenarioOutcome> compare_scenarios(const Territory& territory,
                                               const StudyInputs& in,
                                               const AnalysisParameters& p, CoverageRule rule,
                                               const std::vector<bool>& structure_covers,
                                               const std::vector<double>& current_pop_uncovered,
                                               const std::vector<ResolvedScenario>& scenarios,
                                               Feedback* feedback) {
    // Per CTG, summed in the same order as ctg_indicators.
    auto outcome = [&](std::string name, std::string description, std::size_t added,
                       std::size_t removed, const std::vector<double>& pop_uncovered) {
        ScenarioOutcome o{std::move(name), std::move(description), added, removed,
                          territory.sum_per_ctg(pop_uncovered), 0.0};
        for (double v : o.ctg_pop_uncovered)
            o.pop_uncovered += v;
        return o;
    };
    std::vector<ScenarioOutcome> out;
    out.push_back(outcome("Situation actuelle", "structures de l'étude", 0, 0,
                          current_pop_uncovered));
    if (rule == CoverageRule::Distance && !in.population) {
        // Discs only: one incremental coverage, each scenario applied and undone (only the
        // communes its discs reach are recomputed; bit-identical to a full coverage).
        std::vector<XY> covering;
        std::vector<std::size_t> position(in.structures.size(), Territory::npos);
        for (std::size_t k = 0; k < in.structures.size(); ++k)
            if (k < structure_covers.size() && structure_covers[k] && in.structures[k].place.xy) {
                position[k] = covering.size();
                covering.push_back(*in.structures[k].place.xy);
            }
        IncrementalCoverage cov(territory, covering, p.coverage_radius_m(), feedback);
        for (const ResolvedScenario& sc : scenarios) {
            feedback_check(feedback);
            std::vector<IncrementalCoverage::SiteId> ids;
            for (std::size_t k : sc.remove)
                if (position[k] != Territory::npos)
                    cov.set_structure_active(position[k], false);
            for (const ResolvedSite& s : sc.add)
                ids.push_back(cov.add_site(s.xy));
            out.push_back(outcome(sc.name, sc.description, sc.add.size(), sc.remove.size(),
                                  cov.pop_uncovered()));
            for (IncrementalCoverage::SiteId id : ids)
                cov.remove_site(id);
            for (std::size_t k : sc.remove)
                if (position[k] != Territory::npos)
                    cov.set_structure_active(position[k], true);
        }
        return out;
    }
    for (const ResolvedScenario& sc : scenarios) {
        feedback_check(feedback);
        Situation situation{structure_covers, {}, {}};
        situation.covers.resize(in.structures.size(), false);
        for (std::size_t k : sc.remove)
            if (k < situation.covers.size())
                situation.covers[k] = false;
        for (const ResolvedSite& s : sc.add)
            situation.added.push_back(s.xy);
        for (const ResolvedExtension& e : sc.extend)
            situation.zone_additions.push_back(e);
        const std::size_t zone_communes =
            check_extensions(sc, in, structure_covers, rule).effective;
        // The figures only: no gap layer, and the grid's rounding notes are the analysis's.
        Diagnostics ignored;
        const SituationCoverage cov = situation_coverage(territory, in, p, rule, situation,
                                                         nullptr, false, ignored, feedback);
        out.push_back(outcome(sc.name, sc.description, sc.add.size(), sc.remove.size(),
                              cov.coverage.pop_uncovered));
        out.back().zone_communes_added = zone_communes;
    }
    return out;
}

} // namespace tecsmap
