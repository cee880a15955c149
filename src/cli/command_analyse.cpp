#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "analysis/study_run.hpp"
#include "atomic_output.hpp"
#include "coverage_wording.hpp"
#include "format.hpp"
#include "gpkg_writer.hpp"
#include "map_style.hpp"
#include "output_guard.hpp"
#include "postgis_target.hpp"
#include "publish_run.hpp"
#include "run_info.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

namespace tecsmap::cli {

namespace {
const char* kHelp = R"(Usage : tecsmap analyse ÉTUDE --out FICHIER.gpkg [options]

Construit le territoire, lit les structures, les initiatives et les périmètres
de l'étude, calcule la couverture, les grappes d'initiatives (DBSCAN par CTG),
les points chauds (Gi* avec permutations et contrôle du taux de fausses
découvertes), les parts de population en PAT/PCAET/CTE, les indicateurs par
CTG et par année, les nouveaux sites proposés ([suggest] new > 0 ou --new N) et
la comparaison des scénarios ([[scenario]]), puis écrit un GeoPackage (couches
stylées pour QGIS), FICHIER-ctg_indicators.csv et
FICHIER-ctg_indicators_by_year.csv (séparateur « ; », virgule décimale, UTF-8
avec BOM).

Les registres (CSV, XLSX, ODS) sont placés hors ligne : coordonnées, sinon
adresse dans la Base Adresse Nationale ([geocoding] ban), sinon commune ; les
statistiques de placement sont affichées par couche.

Avec [territory] population (grille INSEE de 200 m), les habitants sont comptés
où ils vivent (couche « cells ») ; avec [accessibility] roads (extrait
OpenStreetMap), les temps par la route, l'indice E2SFCA et, sur demande, les
isochrones sont calculés ; coverage = "temps" décide la couverture en minutes
(--minutes). Voir docs/guide-utilisateur.md, « Accessibilité en temps de trajet ».

Le fichier de sortie n'est remplacé que lorsque l'écriture est complète : en cas
d'erreur ou d'interruption, la sortie précédente reste intacte.

Options :
  --out FICHIER.gpkg   GeoPackage à écrire (obligatoire), ou un schéma PostGIS :
                       postgresql://utilisateur@hôte:port/base?schema=drome_2022
                       (publié en une transaction ; mot de passe dans ~/.pgpass,
                       un fichier de service ou PGPASSWORD, jamais dans l'adresse)
@PARAMETERS@
  --no-csv             n'écrit pas les CSV des indicateurs
  --all-warnings       affiche tous les avertissements (sinon 5 par type)
  --no-cache           n'utilise pas le cache du territoire (TECSMAP_NO_CACHE=1)
  --quiet              n'affiche pas la progression
  --help               cette aide

Codes de sortie : 0 succès, 2 ligne de commande invalide, 3 étude ou données
inutilisables, 4 écriture impossible, 130 interruption, 1 autre erreur.
)";
} // namespace

int run_analyse(const Argv& argv) {
    Args args(argv, with_parameter_flags({"out"}),
              {"help", "quiet", "no-csv", "all-warnings", "no-cache"});
    apply_cache_flag(args);
    if (args.has("help")) {
        print_help(std::cout, kHelp);
        return kExitOk;
    }
    const std::string& study_path = study_argument(args, "analyse");
    const auto out = args.value("out");
    if (!out)
        throw UsageError("--out FICHIER.gpkg (ou postgresql://…?schema=…) est obligatoire");
    // A PostGIS schema as the destination: the result is written to a temporary GeoPackage and
    // published in one transaction (postgis_publish.hpp). Never shown with a password.
    std::optional<postgis::Target> database;
    if (postgis::is_database_uri(*out)) {
        try {
            database = postgis::parse_target(*out);
        } catch (const StudyError& e) {
            throw UsageError(std::string("--out : ") + e.what());
        }
        if (database->schema.empty())
            throw UsageError("--out : indiquez le schéma de destination, par exemple "
                             "postgresql://hote/base?schema=drome_2022");
    } else if (std::filesystem::path(*out).extension() != ".gpkg") {
        throw UsageError("--out doit se terminer par .gpkg (ou être une adresse postgresql://) : "
                         "« " +
                         *out + " »");
    }
    const ParameterOverrides overrides = parameter_overrides(args);
    Study study = load_study(study_path);
    const std::string csv =
        args.has("no-csv") || database ? std::string() : indicators_csv_path(*out);
    const std::string csv_years = csv.empty() ? std::string() : indicators_by_year_csv_path(*out);
    if (!database)
        refuse_outputs_over_inputs(study, csv.empty()
                                              ? std::vector<std::string>{*out}
                                              : std::vector<std::string>{*out, csv, csv_years});
    // Every output is checked (directory, rights, name length) before any work.
    std::optional<AtomicOutput> gpkg_out;
    std::optional<AtomicOutput> csv_out, csv_years_out;
    if (!database)
        gpkg_out.emplace(*out);
    if (!csv.empty()) {
        csv_out.emplace(csv);
        csv_years_out.emplace(csv_years);
    }

    Feedback feedback(make_progress(args.has("quiet")));
    const Cog& cog = Cog::bundled();
    const StudyRun run = run_study(std::move(study), cog, overrides, &feedback);
    const Territory& territory = *run.territory;
    const StudyInputs& inputs = *run.inputs;
    const AnalysisResult& result = *run.result;
    const AnalysisParameters& params = run.parameters;

    const std::string shown = database ? database->display() : *out;
    const MapStyle style = load_map_style(default_style_path());
    if (database) {
        // Written to a private temporary GeoPackage, then published in one transaction.
        publish_run(run, style, describe_run(run, cog), *out, &feedback);
    } else {
        feedback.extend_plan({{"écriture de " + shown, 2}});
        feedback.begin("écriture de " + shown);
        write_geopackage(*gpkg_out, run, style, describe_run(run, cog));
        if (csv_out) {
            // The GeoPackage and its CSVs are replaced together or not at all.
            write_indicators_csv(*csv_out, run);
            write_indicators_by_year_csv(*csv_years_out, run);
            commit_together({&*gpkg_out, &*csv_out, &*csv_years_out});
        } else {
            gpkg_out->commit();
        }
    }

    print_territory_summary(std::cout, territory);
    std::cout << "Structures : " << inputs.structures.size()
              << " ; initiatives : " << inputs.initiatives.size() << " (dont "
              << inputs.initiatives_in_territory
              << " dans le territoire) ; périmètres : " << inputs.perimeters.size()
              << " ; grappes : " << result.clusters.size()
              << " ; zones non couvertes : " << result.gaps.size() << "\n";
    std::cout << "Paramètres : rayon " << fr::km(params.coverage_radius_km()) << ", eps "
              << fr::km(params.cluster_eps_km()) << ", min_points " << params.cluster_min_points()
              << "\n";
    std::cout << "Couverture : règle « " << to_string(result.coverage_rule) << " » ("
              << rule_phrase(result.coverage_rule, params)
              << "), structures qui couvrent : " << covering_structures_phrase(params)
              << " ; zones de compétence : " << inputs.zones.size() << "\n";
    for (const geocoding::PlacementStats* s :
         {&inputs.structures_placement, &inputs.initiatives_placement})
        if (s->rows() > 0)
            std::cout << "Placement des "
                      << s->summary(s == &inputs.structures_placement ? "structures"
                                                                      : "initiatives")
                      << "\n";
    if (inputs.illustrative.any())
        std::cout << "Données de démonstration : " << inputs.illustrative.list()
                  << " (chiffres illustratifs, non publiables)\n";
    std::cout << "\n";
    print_ctg_table(std::cout, territory, result, params);
    print_access_summary(std::cout, inputs, result);
    std::cout << "\n";
    print_hotspot_summary(std::cout, result);
    if (result.suggestions) {
        std::cout << "\n";
        print_suggestions(std::cout, territory, *result.suggestions);
    }
    if (!result.scenarios.empty()) {
        std::cout << "\n";
        print_scenarios(std::cout, territory, result.scenarios);
    }
    if (!inputs.rejects.empty())
        std::cout << "\n"
                  << inputs.rejects.size()
                  << " ligne(s) rejetée(s) ou corrigée(s) : voir la couche « rejects » de " << shown
                  << "\n";
    print_run_messages(std::cout, run,
                       args.has("all-warnings") ? static_cast<std::size_t>(-1) : 5);
    std::cout << "\nÉcrit : " << shown << (csv.empty() ? "" : ", " + csv + " et " + csv_years)
              << "\n";
    return kExitOk;
}

} // namespace tecsmap::cli
