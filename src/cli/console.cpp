#include "console.hpp"

#include "analysis/access_inputs.hpp"
#include "coverage_wording.hpp"
#include "args.hpp"
#include "format.hpp"
#include "text.hpp"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

namespace tecsmap::cli {

Feedback::Sink make_progress(bool quiet) {
    if (quiet)
        return {};
    const auto start = std::chrono::steady_clock::now();
    auto last_stage = std::make_shared<std::string>();
    auto last_tenth = std::make_shared<int>(-1);
    return [start, last_stage, last_tenth](const std::string& stage, double overall) {
        const int tenth = static_cast<int>(overall * 10);
        if (stage == *last_stage && tenth == *last_tenth)
            return;
        *last_stage = stage;
        *last_tenth = tenth;
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        char buf[48];
        std::snprintf(buf, sizeof buf, "[%6.2f s] [%3d %%] ", s, static_cast<int>(overall * 100));
        std::cerr << buf << stage << '\n';
    };
}

void print_diagnostics(std::ostream& out, const Diagnostics& diagnostics, std::size_t limit) {
    std::map<std::string, std::size_t> shown;
    for (Severity sev : {Severity::Error, Severity::Warning, Severity::Info}) {
        for (const Diagnostic& d : diagnostics.items()) {
            if (d.severity != sev)
                continue;
            if (++shown[d.code] > limit)
                continue;
            const char* tag = sev == Severity::Error     ? "ERREUR"
                              : sev == Severity::Warning ? "attention"
                                                         : "info";
            out << "  " << tag << " : " << text::printable(format_diagnostic(d)) << '\n';
        }
    }
    for (const auto& [code, n] : shown)
        if (n > limit)
            out << "  (" << n - limit << " autres messages « " << code << " » non affichés)\n";
}

void print_run_messages(std::ostream& out, const StudyRun& run, std::size_t limit) {
    const Diagnostics shown = run_messages(run);
    if (shown.items().empty())
        return;
    out << "\nMessages :\n";
    print_diagnostics(out, shown, limit);
}

void print_help(std::ostream& out, const std::string& help) {
    const std::string marker = "@PARAMETERS@\n";
    const auto at = help.find(marker);
    if (at == std::string::npos) {
        out << help;
        return;
    }
    out << help.substr(0, at) << parameter_help() << help.substr(at + marker.size());
}

void print_territory_summary(std::ostream& out, const Territory& t) {
    out << "Territoire : " << t.communes.size() << " communes, " << fr::integer(t.population())
        << " habitants, " << t.epcis.size() << " EPCI, " << t.ctgs.size() << " CTG, "
        << fr::fixed(t.area_m2() / 1e6, 1) << " km² (" << t.crs << ")\n";
    if (!t.missing.empty())
        out << "  " << t.missing.size()
            << " commune(s) du COG sans polygone, exclues des chiffres\n";
}

namespace {
// Pads a UTF-8 string to `width` display columns (counting code points).
std::string pad(const std::string& s, std::size_t width, bool right = false) {
    std::size_t cols = 0;
    for (unsigned char c : s)
        cols += (c & 0xC0) != 0x80;
    std::string fill(width > cols ? width - cols : 0, ' ');
    return right ? fill + s : s + fill;
}
std::string truncate(const std::string& s, std::size_t max_cols) {
    std::size_t cols = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cols > max_cols)
            break;
    }
    return i < s.size() ? s.substr(0, i) : s;
}
} // namespace

void print_ctg_table(std::ostream& out, const Territory& t, const AnalysisResult& r,
                     const AnalysisParameters& p) {
    out << pad("CTG", 40) << pad("population", 12, true) << pad("struct.", 9, true)
        << pad("initiat.", 10, true) << pad("non couverts", 14, true) << pad("part", 8, true)
        << pad("grappes", 9, true) << pad("PAT", 6, true) << pad("PCAET", 7, true)
        << pad("CTE", 6, true) << '\n';
    for (const CtgIndicators& c : r.ctgs) {
        out << pad(truncate(text::printable(c.ctg_name), 39), 40) << pad(fr::integer(c.population), 12, true)
            << pad(std::to_string(c.n_structures), 9, true)
            << pad(std::to_string(c.n_initiatives), 10, true)
            << pad(fr::people(c.pop_uncovered), 14, true)
            << pad(fr::percent(c.uncovered_share), 8, true)
            << pad(std::to_string(c.n_clusters), 9, true)
            << pad(fr::percent(c.pat_share, 0), 6, true)
            << pad(fr::percent(c.pcaet_share, 0), 7, true)
            << pad(fr::percent(c.cte_share, 0), 6, true) << '\n';
    }
    double unc = 0;
    for (const CtgIndicators& c : r.ctgs)
        unc += c.pop_uncovered;
    const double pop = static_cast<double>(t.population());
    out << pad("Total", 40) << pad(fr::integer(t.population()), 12, true) << "\n"
        << "Population " << uncovered_phrase(r.coverage_rule, p) << " : " << fr::people(unc)
        << " (" << fr::percent(pop > 0 ? unc / pop : 0) << ")\n";
}

void print_access_summary(std::ostream& out, const StudyInputs& in, const AnalysisResult& r) {
    if (const access::PopulationGrid* g = in.population.get()) {
        std::size_t uniform = 0;
        for (const access::CommuneGridReport& c : g->communes)
            uniform += c.uniform;
        out << "\nPopulation par carreaux (" << g->source << ", colonne " << g->column
            << ") : " << g->cells.size() << " carreaux habités, " << fr::people(g->grid_total)
            << " habitants pour " << fr::people(g->cog_total)
            << " au COG (ramenés commune par commune) ; " << g->cells_outside
            << " carreau(x) hors du territoire ignoré(s) (" << fr::people(g->population_outside)
            << " habitants) ; " << uniform << " commune(s) sans carreau\n";
    }
    if (!in.roads || !r.access)
        return;
    const RoadNetwork& roads = *in.roads;
    std::size_t far = 0;
    for (const access::Snap& s : in.structure_snaps)
        far += s.far;
    out << "Réseau routier : " << roads.graph().node_count() << " nœuds, "
        << roads.graph().edge_count() << " tronçons ("
        << (roads.cached.from_cache ? "cache" : "construit depuis l'extrait") << ") ; "
        << speeds_label(roads.settings) << " ; marche " << fr::number(roads.settings.walk_kmh, 1)
        << " km/h";
    if (far > 0)
        out << " ; " << far << " structure(s) à plus de 5 km d'une route";
    out << "\n\n"
        << pad("CTG", 40) << pad("à plus de " + fr::minutes(r.access->threshold_minutes), 18, true)
        << pad("part", 8, true) << pad("médiane", 11, true) << pad("E2SFCA", 10, true) << '\n';
    for (std::size_t k = 0; k < r.ctgs.size(); ++k) {
        const CtgAccess& a = r.access->ctgs[k];
        const double pop = static_cast<double>(r.ctgs[k].population);
        out << pad(truncate(text::printable(r.ctgs[k].ctg_name), 39), 40)
            << pad(fr::people(a.pop_beyond), 18, true)
            << pad(fr::percent(pop > 0 ? a.pop_beyond / pop : 0), 8, true)
            << pad(a.median_minutes ? fr::minutes(*a.median_minutes) : std::string("—"), 11, true)
            << pad(fr::number(a.e2sfca * 10000.0, 2), 10, true) << '\n';
    }
    out << "(E2SFCA : structures pour 10 000 habitants, pondérées par le temps d'accès)\n";
}

void print_suggestions(std::ostream& out, const Territory& t, const SuggestionResult& sr) {
    const LocationResult& loc = sr.location;
    out << "Nouveaux sites proposés (" << loc.sites.size() << ", méthode "
        << (loc.method == LocationMethod::Exact ? "exacte" : "gloutonne")
        << (loc.solver.empty() ? "" : ", " + loc.solver)
        << ") — couverture : " << sr.rule << " ; candidats : " << sr.candidates.size()
        << (sr.candidates_from_layer ? " sites de la couche [suggest] candidates"
                                     : " points représentatifs des communes")
        << "\n";
    out << "Population déjà couverte ("
        << (sr.grid_demand ? "habitants comptés là où ils vivent, carroyage de population"
                           : "chaque commune comptée à son point représentatif")
        << ") : "
        << fr::people(loc.pop_covered_existing) << " sur " << fr::people(loc.pop_total) << " ("
        << fr::percent(loc.pop_total > 0 ? loc.pop_covered_existing / loc.pop_total : 0)
        << ")\n";
    out << pad("rang", 5) << pad("site", 34) << pad("CTG", 30) << pad("nouveaux couverts", 19, true)
        << pad("cumul", 12, true) << pad("écart max.", 12, true) << '\n';
    for (const SuggestedSite& s : loc.sites) {
        const CandidateSite& c = sr.candidates[s.candidate];
        const Commune& cm = t.communes[c.commune];
        const std::string site =
            c.name == cm.nom ? cm.nom + " (" + cm.insee + ")" : c.name + ", " + cm.nom;
        out << pad(std::to_string(s.rank), 5) << pad(truncate(text::printable(site), 33), 34)
            << pad(truncate(text::printable(t.ctgs[cm.ctg].name), 29), 30)
            << pad(fr::people(s.pop_newly_covered), 19, true)
            << pad(fr::people(s.pop_covered_cumulative), 12, true)
            << pad(s.method == LocationMethod::Exact ? std::string("optimal")
                                                     : fr::people(s.bound),
                   12, true)
            << '\n';
    }
    if (loc.method == LocationMethod::Greedy)
        out << "Méthode gloutonne" << (loc.time_budget_exhausted ? " (temps de calcul épuisé)" : "")
            << " : l'optimum couvrirait au plus " << fr::people(loc.upper_bound)
            << " habitants de plus que les structures existantes (colonne « écart max. » : "
               "écart prouvé à l'optimum)\n";
    out << "\nMeilleur site unique par CTG (pour la population de la CTG elle-même) :\n";
    out << pad("CTG", 40) << pad("site", 34) << pad("couverts", 12, true)
        << pad("non couverts avant", 20, true) << '\n';
    for (const GroupBestSite& b : sr.best_per_ctg) {
        // Nobody left to cover, or nobody a candidate reaches (e.g. too far from any road).
        std::string site = b.pop_uncovered_before > 0.5 ? "aucun candidat ne couvre ces habitants"
                                                        : "aucun (rien à couvrir)";
        if (b.candidate != GroupBestSite::npos) {
            const CandidateSite& c = sr.candidates[b.candidate];
            const Commune& cm = t.communes[c.commune];
            site = c.name == cm.nom ? cm.nom + " (" + cm.insee + ")" : c.name + ", " + cm.nom;
        }
        out << pad(truncate(text::printable(t.ctgs[b.group].name), 39), 40)
            << pad(truncate(text::printable(site), 33), 34)
            << pad(fr::people(b.pop_newly_covered), 12, true)
            << pad(fr::people(b.pop_uncovered_before), 20, true) << '\n';
    }
}

void print_scenarios(std::ostream& out, const Territory& t,
                     const std::vector<ScenarioOutcome>& scenarios) {
    if (scenarios.empty())
        return;
    out << "Scénarios (habitants non couverts ; part couverte) :\n";
    out << pad("CTG", 32);
    for (const ScenarioOutcome& o : scenarios)
        out << pad(truncate(text::printable(o.name), 21), 22, true);
    out << '\n';
    for (std::size_t k = 0; k < t.ctgs.size(); ++k) {
        out << pad(truncate(text::printable(t.ctgs[k].name), 31), 32);
        for (const ScenarioOutcome& o : scenarios)
            out << pad(fr::people(o.ctg_pop_uncovered[k]) + " ; " +
                           fr::percent(o.ctg_covered_share(t, k), 0),
                       22, true);
        out << '\n';
    }
    out << pad("Ensemble", 32);
    for (const ScenarioOutcome& o : scenarios)
        out << pad(fr::people(o.pop_uncovered) + " ; " + fr::percent(o.covered_share(t), 0), 22,
                   true);
    out << '\n';
}

void print_hotspot_summary(std::ostream& out, const AnalysisResult& r) {
    int hot = 0, cold = 0, islands = 0;
    for (const CommuneFigures& f : r.communes) {
        hot += f.hotspot > 0;
        cold += f.hotspot < 0;
        islands += f.gi_island;
    }
    out << "Points chauds : " << r.hotspot_method << " — " << r.hotspot_tested
        << " communes testées";
    if (islands > 0)
        out << ", " << islands << " sans voisine (non classées)";
    if (hot + cold == 0)
        out << " ; aucune commune significative au seuil de 90 % après contrôle du FDR\n";
    else
        out << " ; " << hot << " point(s) chaud(s), " << cold
            << " point(s) froid(s) significatif(s) (FDR 10 %)\n";
}

} // namespace tecsmap::cli
