#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "analysis/study_run.hpp"
#include "atlas.hpp"
#include "exporter.hpp"
#include "map_data.hpp"
#include "map_page.hpp"

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

Options :
  --theme THÈME     thème de la carte (obligatoire)
  --out FICHIER     .png, .svg ou .pdf (obligatoire)
  --ctg CODE        zoom sur une CTG, les autres estompées
  --dpi N           résolution du PNG (défaut 300)
  --size A4|A3      format de page (défaut A4)
  --landscape       page à l'italienne
  --commune-labels  noms des communes même à petite échelle
  --radius-km R, --eps-km E, --min-points N   paramètres de l'analyse
  --quiet           n'affiche pas la progression
  --help            cette aide
)";

const char* kAtlasHelp = R"(Usage : tecsmap atlas ÉTUDE --out atlas.pdf [options]

Écrit l'atlas PDF des CTG : une couverture, une vue d'ensemble du territoire,
une page par CTG (carte centrée, chiffres clés, initiatives par année) et une
page de méthodes et sources. Texte vectoriel, en français.

Options :
  --out FICHIER.pdf  atlas à écrire (obligatoire)
  --radius-km R, --eps-km E, --min-points N   paramètres de l'analyse
  --quiet            n'affiche pas la progression
  --help             cette aide
)";

} // namespace

int run_render(const Argv& argv) {
    Args args(argv, {"theme", "out", "ctg", "dpi", "size", "radius-km", "eps-km", "min-points"},
              {"help", "quiet", "landscape", "commune-labels"});
    if (args.has("help")) {
        std::cout << kRenderHelp;
        return kExitOk;
    }
    if (args.positional().size() != 1)
        throw UsageError("tecsmap render attend un fichier d'étude (voir tecsmap render --help)");
    const auto theme_name = args.value("theme");
    if (!theme_name)
        throw UsageError(
            "--theme est obligatoire (gaps, clusters, hotspots, perimeters, structures)");
    const auto theme = render::parse_theme(*theme_name);
    if (!theme)
        throw UsageError("thème « " + *theme_name +
                         " » inconnu (gaps, clusters, hotspots, perimeters, structures)");
    const auto out = args.value("out");
    if (!out)
        throw UsageError("--out FICHIER (.png, .svg ou .pdf) est obligatoire");
    if (!render::format_for(*out))
        throw UsageError("--out doit se terminer par .png, .svg ou .pdf : « " + *out + " »");
    const double dpi = args.number("dpi").value_or(300);
    const render::PageSpec page =
        render::page_spec(args.value("size").value_or("A4"), args.has("landscape"), dpi);

    const ProgressFn progress = make_progress(args.has("quiet"));
    const StudyRun run = run_study(args.positional()[0], parameter_overrides(args), progress);
    if (progress)
        progress("préparation de la carte", 0);
    const auto data = render::make_map_data(run.study, run.territory, run.result);
    const QString ctg = QString::fromStdString(args.value("ctg").value_or(""));
    if (!ctg.isEmpty() && data->ctg_index(ctg) == static_cast<std::size_t>(-1))
        throw UsageError("CTG « " + ctg.toStdString() + " » inconnue (voir tecsmap info)");
    render::MapSettings settings = render::default_settings(*theme, *data, ctg);
    settings.commune_labels = args.has("commune-labels");
    QString title = render::theme_title(*theme);
    title += ctg.isEmpty()
                 ? QStringLiteral(" — ") + QString::fromStdString(run.study.territory_label())
                 : QStringLiteral(" — ") + run.territory->ctgs[data->ctg_index(ctg)].name.c_str();
    if (progress)
        progress("dessin de " + *out, 0);
    render::export_map(*out, settings, *data, page,
                       {title, render::parameters_subtitle(*theme, run.result->parameters)});
    std::cout << "Écrit : " << *out << "\n";
    return kExitOk;
}

int run_atlas(const Argv& argv) {
    Args args(argv, {"out", "radius-km", "eps-km", "min-points"}, {"help", "quiet"});
    if (args.has("help")) {
        std::cout << kAtlasHelp;
        return kExitOk;
    }
    if (args.positional().size() != 1)
        throw UsageError("tecsmap atlas attend un fichier d'étude (voir tecsmap atlas --help)");
    const auto out = args.value("out");
    if (!out || render::format_for(*out) != render::Format::Pdf)
        throw UsageError("--out FICHIER.pdf est obligatoire");
    const ProgressFn progress = make_progress(args.has("quiet"));
    const StudyRun run = run_study(args.positional()[0], parameter_overrides(args), progress);
    const auto data = render::make_map_data(run.study, run.territory, run.result);
    const int pages = render::write_atlas(*out, *data, progress);
    std::cout << "Écrit : " << *out << " (" << pages << " pages)\n";
    return kExitOk;
}

} // namespace tecsmap::cli
