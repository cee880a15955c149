#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "analysis/evolution.hpp"
#include "analysis/study_run.hpp"
#include "atlas.hpp"
#include "atomic_output.hpp"
#include "errors.hpp"
#include "exporter.hpp"
#include "map_data.hpp"
#include "map_page.hpp"
#include "map_style.hpp"
#include "neighbour_outlines.hpp"
#include "output_guard.hpp"
#include "run_clock.hpp"

#include <algorithm>

#include <iostream>

namespace tecsmap::cli {

namespace {

const char* kRenderHelp = R"(Usage : tecsmap render ÉTUDE --theme THÈME --out FICHIER [options]

Dessine une carte prête à projeter : titre, sous-titre avec les paramètres,
légende des classes dessinées, échelle, flèche du nord, sources et date.
Le format (.png, .svg ou .pdf) suit l'extension du fichier.

Thèmes :
  gaps         zones à plus de R km d'une structure (couverture)
  clusters     grappes d'initiatives (DBSCAN par CTG)
  hotspots     points chauds et froids des initiatives (Gi*)
  perimeters   périmètres PAT, PCAET et CTE
  structures   structures par type, ambassadeurs TECS entourés
  evolution    initiatives par CTG, année N comparée à N−1 (--year N)
  acces        minutes par la route jusqu'à la structure la plus proche, par
               commune ou par carreau habité, isochrones (étude avec
               [accessibility] roads ; voir docs/guide-utilisateur.md)
  e2sfca       indice d'accessibilité E2SFCA (offre des structures pour
               10 000 habitants atteignant en 30 min), par commune ou par
               carreau habité, en quintiles (étude avec [accessibility] roads)

Options :
  --theme THÈME     thème de la carte (obligatoire)
  --out FICHIER     .png, .svg ou .pdf (obligatoire)
  --ctg CODE        zoom sur une CTG, les autres estompées
  --dpi N           résolution du PNG, 30 à 1200 (défaut 300)
  --size A4|A3      format de page (défaut A4)
  --landscape       page à l'italienne
  --commune-labels  noms des communes même à petite échelle
  --year N          thème evolution : l'année N (défaut : la dernière datée)
@PARAMETERS@
  --no-cache        n'utilise pas le cache du territoire (TECSMAP_NO_CACHE=1)
  --quiet           n'affiche pas la progression
  --help            cette aide
)";

const char* kAtlasHelp = R"(Usage : tecsmap atlas ÉTUDE --out atlas.pdf [options]

Écrit l'atlas PDF des CTG : une couverture, une vue d'ensemble du territoire,
avec un réseau routier deux pages d'accès (temps par la route, indice E2SFCA),
une page par CTG (carte centrée, chiffres clés, initiatives par année, tableau
du programme TECS par année), une page « Scénarios » quand l'étude en contient,
et une page de méthodes et sources. Texte vectoriel, en français.

Options :
  --out FICHIER.pdf  atlas à écrire (obligatoire)
@PARAMETERS@
  --no-cache         n'utilise pas le cache du territoire (TECSMAP_NO_CACHE=1)
  --quiet            n'affiche pas la progression
  --help             cette aide
)";

} // namespace

namespace {

// The map inputs of a finished run: the surroundings, the COG version and the date are read
// here, in the CLI, so that the renderer stays free of files and clocks.
std::shared_ptr<const render::MapData> map_data(const StudyRun& run, const Cog& cog,
                                                Feedback& feedback) {
    feedback.begin("préparation de la carte");
    Diagnostics ignored; // a missing outline file only loses the faded neighbours
    auto neighbours = std::make_shared<const std::vector<DepartementOutline>>(
        load_neighbour_outlines(*run.territory, BoundaryOptions::from_environment(), ignored));
    return std::make_shared<const render::MapData>(
        render::MapSource{run, std::move(neighbours), cog.version(), french_date(run_time())});
}

} // namespace

int run_render(const Argv& argv) {
    Args args(argv, with_parameter_flags({"theme", "out", "ctg", "dpi", "size", "year"}),
              {"help", "quiet", "landscape", "commune-labels", "no-cache"});
    apply_cache_flag(args);
    if (args.has("help")) {
        print_help(std::cout, kRenderHelp);
        return kExitOk;
    }
    const std::string& study_path = study_argument(args, "render");
    const auto theme_name = args.value("theme");
    if (!theme_name)
        throw UsageError(
            "--theme est obligatoire (gaps, clusters, hotspots, perimeters, structures, "
            "evolution, acces, e2sfca)");
    const auto theme = render::parse_theme(*theme_name);
    if (!theme)
        throw UsageError("thème « " + *theme_name +
                         " » inconnu (gaps, clusters, hotspots, perimeters, structures, "
                         "evolution, acces, e2sfca)");
    std::optional<int> year;
    if (const auto y = args.number("year")) {
        if (*theme != render::Theme::Evolution)
            throw UsageError("--year ne s'emploie qu'avec --theme evolution");
        if (*y != static_cast<int>(*y) || *y < 1900 || *y > 2100)
            throw UsageError("--year : une année entre 1900 et 2100");
        year = static_cast<int>(*y);
    }
    const auto out = args.value("out");
    if (!out)
        throw UsageError("--out FICHIER (.png, .svg ou .pdf) est obligatoire");
    if (!render::format_for(*out))
        throw UsageError("--out doit se terminer par .png, .svg ou .pdf : « " + *out + " »");
    render::PageSpec page;
    try {
        page = render::page_spec(args.value("size").value_or("A4"), args.has("landscape"),
                                 args.number("dpi").value_or(300));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--size/--dpi : ") + e.what());
    }
    const ParameterOverrides overrides = parameter_overrides(args);
    const MapStyle style = load_map_style(default_style_path());
    Study study = load_study(study_path);
    if (render::is_access_theme(*theme) && !study.accessibility.enabled())
        throw StudyError(study.path + " : le thème « " + *theme_name +
                         " » demande un réseau routier : "
                                      "ajoutez [accessibility] roads = \"extrait.osm.pbf\" à "
                                      "l'étude (voir docs/guide-utilisateur.md)");
    refuse_outputs_over_inputs(study, {*out});
    { const AtomicOutput check(*out); } // directory, rights and name length, before any work

    Feedback feedback(make_progress(args.has("quiet")));
    const Cog& cog = Cog::bundled();
    const StudyRun run = run_study(std::move(study), cog, overrides, &feedback);
    feedback.extend_plan({{"préparation de la carte", 1}, {"dessin de " + *out, 1}});
    const auto data = map_data(run, cog, feedback);
    const QString ctg = QString::fromStdString(args.value("ctg").value_or(""));
    if (!ctg.isEmpty() && data->ctg_index(ctg) == static_cast<std::size_t>(-1))
        throw UsageError("CTG « " + ctg.toStdString() + " » inconnue (voir tecsmap info)");
    render::MapSettings settings = render::default_settings(*theme, *data, style, ctg);
    settings.commune_labels = args.has("commune-labels");
    settings.year = year;
    if (*theme == render::Theme::Evolution) {
        const std::vector<int> years = initiative_years(run.inputs->initiatives);
        if (years.empty())
            std::cerr << "tecsmap : aucune initiative datée (colonne année) : la carte "
                         "d'évolution sera vide\n";
        else if (year && std::find(years.begin(), years.end(), *year) == years.end() &&
                 std::find(years.begin(), years.end(), *year - 1) == years.end())
            throw UsageError("--year " + std::to_string(*year) +
                             " : aucune initiative datée de cette année ni de la précédente "
                             "(années présentes : " +
                             std::to_string(years.front()) + " à " + std::to_string(years.back()) +
                             ")");
    }
    feedback.begin("dessin de " + *out);
    render::export_map(*out, settings, *data, page, render::page_texts(*theme, *data, ctg, year));
    std::cout << "Écrit : " << *out << "\n";
    print_run_messages(std::cout, run);
    return kExitOk;
}

int run_atlas(const Argv& argv) {
    Args args(argv, with_parameter_flags({"out"}), {"help", "quiet", "no-cache"});
    apply_cache_flag(args);
    if (args.has("help")) {
        print_help(std::cout, kAtlasHelp);
        return kExitOk;
    }
    const std::string& study_path = study_argument(args, "atlas");
    const auto out = args.value("out");
    if (!out || render::format_for(*out) != render::Format::Pdf)
        throw UsageError("--out FICHIER.pdf est obligatoire");
    const ParameterOverrides overrides = parameter_overrides(args);
    const MapStyle style = load_map_style(default_style_path());
    Study study = load_study(study_path);
    refuse_outputs_over_inputs(study, {*out});
    { const AtomicOutput check(*out); } // directory, rights and name length, before any work
    Feedback feedback(make_progress(args.has("quiet")));
    const Cog& cog = Cog::bundled();
    const StudyRun run = run_study(std::move(study), cog, overrides, &feedback);
    feedback.extend_plan({{"préparation de la carte", 1}, {"atlas", 4}});
    const auto data = map_data(run, cog, feedback);
    feedback.begin("atlas");
    const int pages = render::write_atlas(*out, *data, style, &feedback);
    std::cout << "Écrit : " << *out << " (" << pages << " pages)\n";
    print_run_messages(std::cout, run);
    return kExitOk;
}

} // namespace tecsmap::cli
