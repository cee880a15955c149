#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "cog.hpp"
#include "format.hpp"
#include "study.hpp"
#include "territory_builder.hpp"
#include "territory_cache.hpp"

#include <iostream>

namespace tecsmap::cli {

namespace {
const char* kHelp = R"(Usage : tecsmap info ÉTUDE [options]

Construit le territoire de l'étude (communes actuelles du COG, EPCI, CTG) et
affiche ses chiffres : communes, population, EPCI, CTG, surface, avertissements.

Options :
  --all-warnings   affiche tous les avertissements (sinon 5 par type)
  --no-cache       n'utilise pas le cache du territoire (TECSMAP_NO_CACHE=1)
  --quiet          n'affiche pas la progression
  --help           cette aide
)";
} // namespace

int run_info(const Argv& argv) {
    Args args(argv, {}, {"help", "quiet", "all-warnings", "no-cache"});
    if (args.has("help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    apply_cache_flag(args);
    const std::string& study_path = study_argument(args, "info");
    const Study study = load_study(study_path);
    Feedback feedback(make_progress(args.has("quiet")));
    feedback.plan(territory_stages());
    const Territory territory = build_territory_cached(
        study, Cog::bundled(), BoundaryOptions::from_environment(), &feedback);
    std::cout << "Étude : " << study.path << "\nDépartement(s) : " << study.territory_label()
              << "\n";
    print_territory_summary(std::cout, territory);
    std::cout << "\nEPCI :\n";
    for (const Epci& e : territory.epcis)
        std::cout << "  " << e.siren << "  " << e.nom << " — " << e.communes.size() << " communes, "
                  << fr::integer(e.population) << " hab.\n";
    std::cout << "\nCTG :\n";
    for (const Ctg& c : territory.ctgs)
        std::cout << "  " << c.code << "  " << c.name << " — " << c.communes.size() << " communes, "
                  << fr::integer(c.population) << " hab.\n";
    if (!territory.diagnostics.empty()) {
        std::cout << "\nMessages :\n";
        print_diagnostics(std::cout, territory.diagnostics,
                          args.has("all-warnings") ? static_cast<std::size_t>(-1) : 5);
    }
    return kExitOk;
}

} // namespace tecsmap::cli
