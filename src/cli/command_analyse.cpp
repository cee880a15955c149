#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "analysis/study_run.hpp"
#include "format.hpp"
#include "gpkg_writer.hpp"
#include "map_style.hpp"
#include "paths.hpp"
#include "run_info.hpp"

#include <filesystem>
#include <iostream>

namespace tecsmap::cli {

namespace {
const char* kHelp = R"(Usage : tecsmap analyse ÉTUDE --out FICHIER.gpkg [options]

Construit le territoire, lit les structures, les initiatives et les périmètres
de l'étude, calcule la couverture, les grappes d'initiatives (DBSCAN par CTG),
les points chauds (Gi*), les parts de population en PAT/PCAET/CTE et les
indicateurs par CTG, puis écrit un GeoPackage (couches stylées pour QGIS) et
FICHIER-ctg_indicators.csv (séparateur « ; », virgule décimale, UTF-8 avec BOM).

Le fichier de sortie n'est remplacé que lorsque l'écriture est complète : en cas
d'erreur ou d'interruption, la sortie précédente reste intacte.

Options :
  --out FICHIER.gpkg   GeoPackage à écrire (obligatoire)
@PARAMETERS@  --no-csv             n'écrit pas le CSV des indicateurs
  --all-warnings       affiche tous les avertissements (sinon 5 par type)
  --quiet              n'affiche pas la progression
  --help               cette aide

Codes de sortie : 0 succès, 2 ligne de commande invalide, 3 étude ou données
inutilisables, 4 écriture impossible, 130 interruption, 1 autre erreur.
)";
} // namespace

int run_analyse(const Argv& argv) {
    Args args(argv, with_parameter_flags({"out"}), {"help", "quiet", "no-csv", "all-warnings"});
    if (args.has("help")) {
        print_help(std::cout, kHelp);
        return kExitOk;
    }
    if (args.positional().size() != 1)
        throw UsageError("tecsmap analyse attend un fichier d'étude (voir tecsmap analyse --help)");
    const auto out = args.value("out");
    if (!out)
        throw UsageError("--out FICHIER.gpkg est obligatoire");
    if (std::filesystem::path(*out).extension() != ".gpkg")
        throw UsageError("--out doit se terminer par .gpkg : « " + *out + " »");
    const ParameterOverrides overrides = parameter_overrides(args);

    Feedback feedback(make_progress(args.has("quiet")));
    const Cog& cog = Cog::bundled();
    const StudyRun run = run_study(args.positional()[0], cog, overrides, &feedback);
    const Territory& territory = *run.territory;
    const StudyInputs& inputs = *run.inputs;
    const AnalysisResult& result = *run.result;
    const AnalysisParameters& params = run.parameters;

    feedback.extend_plan({{"écriture de " + *out, 2}});
    feedback.begin("écriture de " + *out);
    write_geopackage(*out, run, load_map_style(styles_dir() + "/tecsmap.toml"),
                     describe_run(run.study, params, territory, cog));
    std::string csv;
    if (!args.has("no-csv")) {
        csv = (std::filesystem::path(*out).parent_path() /
               (std::filesystem::path(*out).stem().string() + "-ctg_indicators.csv"))
                  .string();
        write_indicators_csv(csv, run);
    }

    print_territory_summary(std::cout, territory);
    std::cout << "Structures : " << inputs.structures.size()
              << " ; initiatives : " << inputs.initiatives.size() << " (dont "
              << inputs.initiatives_in_territory
              << " dans le territoire) ; périmètres : " << inputs.perimeters.size()
              << " ; grappes : " << result.clusters.size()
              << " ; zones non couvertes : " << result.gaps.size() << "\n";
    std::cout << "Paramètres : rayon " << fr::km(params.coverage_radius_km()) << ", eps "
              << fr::km(params.cluster_eps_km()) << ", min_points "
              << params.cluster_min_points() << "\n\n";
    print_ctg_table(std::cout, territory, result, params);
    if (!inputs.rejects.empty())
        std::cout << "\n"
                  << inputs.rejects.size()
                  << " ligne(s) rejetée(s) ou corrigée(s) : voir la couche « rejects » de " << *out
                  << "\n";
    Diagnostics all = territory.diagnostics;
    all.append(inputs.diagnostics);
    all.append(result.diagnostics);
    if (all.count(Severity::Warning) + all.count(Severity::Error) > 0) {
        std::cout << "\nMessages :\n";
        Diagnostics shown;
        for (const Diagnostic& d : all.items())
            if (d.severity != Severity::Info)
                shown.add(d.severity, d.code, d.message, d.file, d.location);
        print_diagnostics(std::cout, shown,
                          args.has("all-warnings") ? static_cast<std::size_t>(-1) : 5);
    }
    std::cout << "\nÉcrit : " << *out << (csv.empty() ? "" : " et " + csv) << "\n";
    return kExitOk;
}

} // namespace tecsmap::cli
