// tecsmap suggest: where new structures would cover the most people (issue 13, item 1).
#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "analysis/study_run.hpp"
#include "analysis/suggestions.hpp"
#include "atomic_output.hpp"
#include "format.hpp"
#include "gpkg_writer.hpp"
#include "map_style.hpp"
#include "output_guard.hpp"
#include "run_info.hpp"
#include "territory_builder.hpp"
#include "territory_cache.hpp"
#include "text.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace tecsmap::cli {

namespace {
const char* kHelp = R"(Usage : tecsmap suggest ÉTUDE --new N --out FICHIER.gpkg [options]

Propose où ouvrir N nouvelles structures (centre social ou EVS) pour couvrir le
plus d'habitants possible, les structures existantes restant en place :
localisation à couverture maximale (MCLP), résolue exactement par programmation
linéaire en nombres entiers (CBC) dans le temps imparti, sinon par une méthode
gloutonne dont l'écart prouvé à l'optimum est donné.

Demande : les habitants de chaque commune, placés au point représentatif de la
commune, ou, avec le carroyage de population ([territory] population), les
habitants de chaque carreau là où ils vivent. Candidats : la couche [suggest]
candidates de l'étude (par exemple des locaux proposés par les communes,
reprojetés dans le système de l'étude), sinon le point représentatif de chaque
commune. Couverture : la règle de l'étude — distance à vol d'oiseau au plus
égale au rayon ; zones de compétence des structures existantes (un nouveau site,
sans zone encore, couvre son rayon), seules ou avec la distance ; ou temps de
route au plus égal au seuil ([accessibility] roads).

Écrit un GeoPackage stylé avec les couches site_suggestions (rang, insee,
ctg_code, pop_newly_covered, pop_covered_cumulative, method, bound…) et
best_site_per_ctg (le meilleur site unique de chaque CTG), plus rejects et
run_info ; affiche le classement et le meilleur site de chaque CTG.

Options :
  --new N              nombre de nouveaux sites (1 au plus le nombre de candidats ;
                       défaut : [suggest] new de l'étude)
  --out FICHIER.gpkg   GeoPackage à écrire (obligatoire)
  --greedy             méthode gloutonne seulement (avec son écart prouvé)
  --time-limit S       temps de calcul maximal en secondes (défaut 30)
  --scenario NOM       ajoute aussi les sites proposés à l'étude comme scénario
                       [[scenario]] nommé NOM (à la fin du fichier, le reste est
                       gardé tel quel) : analyse et l'atlas le comparent ensuite
@PARAMETERS@
  --no-cache           n'utilise pas le cache du territoire (TECSMAP_NO_CACHE=1)
  --quiet              n'affiche pas la progression
  --help               cette aide

Le fichier de sortie n'est remplacé que lorsque l'écriture est complète.
Codes de sortie : 0 succès, 2 ligne de commande invalide (--new 0, --new plus
grand que le nombre de candidats…), 3 étude ou données inutilisables (couche de
candidats sans système de coordonnées ou hors du territoire…), 4 écriture
impossible, 130 interruption, 1 autre erreur.
)";
} // namespace

int run_suggest(const Argv& argv) {
    Args args(argv, with_parameter_flags({"out", "time-limit", "scenario"}),
              {"help", "quiet", "greedy", "no-cache"});
    apply_cache_flag(args);
    if (args.has("help")) {
        print_help(std::cout, kHelp);
        return kExitOk;
    }
    const std::string& study_path = study_argument(args, "suggest");
    const auto out = args.value("out");
    if (!out)
        throw UsageError("--out FICHIER.gpkg est obligatoire");
    require_gpkg_extension(*out);
    const std::optional<double> typed_new = args.number("new");
    if (typed_new && *typed_new == 0)
        throw UsageError("--new 0 : indiquez au moins 1 nouveau site à proposer");
    const double time_limit = args.number("time-limit").value_or(30);
    if (!(time_limit > 0 && time_limit <= 86400))
        throw UsageError("--time-limit : un nombre de secondes entre 0 et 86 400");
    const ParameterOverrides overrides = parameter_overrides(args);
    const std::optional<std::string> scenario_name = args.value("scenario");
    if (scenario_name && text::trim(*scenario_name).empty())
        throw UsageError("--scenario : donnez un nom au scénario");
    Study study = load_study(study_path);
    refuse_outputs_over_inputs(study, {*out});
    if (scenario_name)
        for (const Scenario& sc : study.scenarios)
            if (sc.name == *scenario_name)
                throw UsageError("--scenario : l'étude a déjà un scénario « " + *scenario_name +
                                 " » (" + study.path + ", ligne " + std::to_string(sc.line) +
                                 ") : choisissez un autre nom");
    AtomicOutput gpkg_out(*out); // directory, rights and name length, before any work

    StudyRun run;
    run.parameters = overrides.apply(study.parameters);
    if (run.parameters.suggest_new() == 0)
        throw UsageError("--new N est obligatoire : l'étude ne fixe pas [suggest] new");
    run.study = std::move(study);

    Feedback feedback(make_progress(args.has("quiet")));
    std::vector<Feedback::Stage> stages = territory_stages();
    stages.push_back({"lecture des couches", 1});
    stages.push_back({"suggestions de nouveaux sites", 2});
    stages.push_back({"écriture de " + *out, 0.5});
    feedback.plan(stages);
    const Cog& cog = Cog::bundled();
    run.territory = std::make_shared<const Territory>(
        build_territory_cached(run.study, cog, BoundaryOptions::from_environment(), &feedback));
    run.inputs =
        std::make_shared<const StudyInputs>(read_inputs(run.study, *run.territory, cog, &feedback));
    const Territory& territory = *run.territory;
    const StudyInputs& inputs = *run.inputs;

    feedback.begin("suggestions de nouveaux sites");
    SuggestionRequest request;
    request.new_sites = static_cast<std::size_t>(run.parameters.suggest_new());
    request.new_sites_label = typed_new ? "--new" : "[suggest] new";
    request.time_budget_s = time_limit;
    request.exact = !args.has("greedy");
    SuggestionResult sr;
    try {
        sr = suggest_for_study(territory, inputs,
                               covering_structures(inputs.structures, run.parameters),
                               run.parameters, request, &feedback);
    } catch (const StudyError& e) {
        // A count typed on the command line that does not fit the candidates is a usage error.
        if (typed_new)
            throw UsageError(e.what());
        throw;
    }

    feedback.begin("écriture de " + *out);
    write_suggestions_geopackage(gpkg_out, run, sr, load_map_style(default_style_path()),
                                 describe_run(run, cog));
    gpkg_out.commit();
    if (scenario_name)
        append_scenario(study_path, scenario_from_suggestions(sr, territory, *scenario_name));

    print_territory_summary(std::cout, territory);
    std::cout << "Structures qui couvrent : "
              << std::count_if(inputs.structures.begin(), inputs.structures.end(),
                               [&](const Structure& s) {
                                   return s.place.xy && run.parameters.covers(s.type);
                               })
              << " (dans le territoire ou à proximité)\n\n";
    print_suggestions(std::cout, territory, sr);
    if (sr.location.sites.size() < request.new_sites)
        std::cout << "\nSeulement " << sr.location.sites.size() << " site(s) sur "
                  << request.new_sites
                  << " demandé(s) : au-delà, aucun candidat ne couvrirait d'habitant de plus.\n";
    // Only what concerns the suggestions: the candidate layer and the coverage rule.
    Diagnostics all;
    for (const Diagnostic& d : inputs.diagnostics.items())
        if (run.study.suggest_candidates && d.file == run.study.suggest_candidates->path)
            all.add(d.severity, d.code, d.message, d.file, d.location);
    if (all.count(Severity::Warning) + all.count(Severity::Error) > 0) {
        std::cout << "\nMessages :\n";
        Diagnostics shown;
        for (const Diagnostic& d : all.items())
            if (d.severity != Severity::Info)
                shown.add(d.severity, d.code, d.message, d.file, d.location);
        print_diagnostics(std::cout, shown, 5);
    }
    if (!inputs.rejects.empty())
        std::cout << "\n"
                  << inputs.rejects.size()
                  << " ligne(s) rejetée(s) ou corrigée(s) : voir la couche « rejects » de " << *out
                  << "\n";
    std::cout << "\nÉcrit : " << *out << "\n";
    if (scenario_name)
        std::cout << "Scénario « " << *scenario_name << " » ajouté à " << study_path
                  << " (comparé par tecsmap analyse et l'atlas)\n";
    return kExitOk;
}

} // namespace tecsmap::cli
