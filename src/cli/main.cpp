// tecsmap: spatial analysis of the TECS programme for French territories. One try block turns
// every error into a French message and a meaningful exit code (exit_codes.hpp).

#include "args.hpp"
#include "atomic_output.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "exit_codes.hpp"
#include "memory_allocator.hpp"
#include "parameters.hpp"
#include "run_info.hpp"
#include "text.hpp"

#include <QGuiApplication>

#include <csignal>
#include <cstring>
#include <iostream>
#include <unistd.h>

namespace {

const char* kHelp = R"(tecsmap — analyse spatiale du programme TECS (Transition écologique,
citoyenne et solidaire) : couverture par les centres sociaux et EVS, grappes
d'initiatives, points chauds et politiques locales (PAT, PCAET, CTE) par CTG.

Usage : tecsmap COMMANDE [options]     (tecsmap COMMANDE --help pour le détail)

Commandes :
  info ÉTUDE                      chiffres du territoire (communes, EPCI, CTG)
  analyse ÉTUDE --out F.gpkg      toutes les analyses, GeoPackage stylé + CSV
  validate ÉTUDE [--json]         vérifie l'étude et ses données, dit quoi corriger
  render ÉTUDE --theme T --out F  carte PNG/SVG/PDF (gaps, clusters, hotspots,
                                  perimeters, structures, evolution, acces,
                                  e2sfca),
                                  --ctg pour zoomer
  atlas ÉTUDE --out atlas.pdf     atlas PDF : une page par CTG
  suggest ÉTUDE --new N --out F.gpkg
                                  où ouvrir N nouvelles structures pour couvrir
                                  le plus d'habitants (meilleur site par CTG)

Étude par défaut (Drôme) : data/geo/drome.toml

Codes de sortie : 0 succès, 1 erreur inattendue, 2 ligne de commande invalide,
3 étude ou données inutilisables, 4 écriture impossible ; interrompu par un
signal : 128 + numéro du signal (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP, 141 SIGPIPE),
les fichiers de sortie précédents restant intacts.
)";

extern "C" void on_signal(int sig) {
    // Only async-signal-safe work: drop temporary outputs, say so (unless the terminal is
    // gone), leave with the shell's convention 128 + signal number.
    tecsmap::remove_pending_outputs();
    if (sig != SIGPIPE && sig != SIGHUP) {
        const char msg[] =
            "\ntecsmap : interrompu ; les fichiers de sortie précédents sont intacts\n";
        (void)!::write(2, msg, sizeof msg - 1);
    }
    ::_exit(128 + sig);
}

// What the heap asks the kernel for, and what the kernel's mode grants (--version).
std::string huge_pages_text() {
    if (!tecsmap::heap_uses_huge_pages())
        return "";
    const std::string mode = tecsmap::huge_page_mode();
    std::string text = ", tas demandé en pages de 2 Mio (transparent huge pages";
    if (mode == "never")
        text += " désactivées par le noyau : pages de 4 Kio";
    else if (!mode.empty())
        text += ", mode du noyau : " + mode;
    return text + ")";
}

} // namespace

int main(int argc, char** argv) {
    using namespace tecsmap::cli;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
        std::signal(sig, on_signal);
    const std::vector<std::string> all(argv + 1, argv + argc);
    if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
        std::cout << kHelp;
        return all.empty() ? kExitUsage : kExitOk;
    }
    if (all[0] == "--version") {
        std::cout << "tecsmap " << tecsmap::tecsmap_version() << "\n"
                  << "allocateur mémoire : " << tecsmap::allocator_name() << huge_pages_text()
                  << "\n";
        return kExitOk;
    }
    const std::string command = all[0];
    const Argv rest(all.begin() + 1, all.end());
    try {
        if (command == "info")
            return run_info(rest);
        if (command == "analyse" || command == "analyze")
            return run_analyse(rest);
        if (command == "validate")
            return run_validate(rest);
        if (command == "suggest")
            return run_suggest(rest);
        if (command == "render" || command == "atlas") {
            // Fonts and QPainter need a GUI application object; no display is needed.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            int qt_argc = 1;
            char* qt_argv[] = {argv[0], nullptr};
            QGuiApplication app(qt_argc, qt_argv);
            return command == "render" ? run_render(rest) : run_atlas(rest);
        }
        throw UsageError("commande inconnue « " + command + " » (tecsmap --help)");
    } catch (const UsageError& e) {
        std::cerr << "tecsmap : " << tecsmap::text::printable(e.what()) << '\n';
        return kExitUsage;
    } catch (const tecsmap::ParameterError& e) {
        const bool typed = e.origin().kind == tecsmap::ParameterOrigin::Kind::CommandLine;
        std::cerr << "tecsmap : " << (typed ? "" : "erreur dans l'étude : ")
                  << tecsmap::text::printable(e.what()) << '\n';
        return typed ? kExitUsage : kExitInput;
    } catch (const tecsmap::StudyError& e) {
        std::cerr << "tecsmap : erreur dans l'étude : " << tecsmap::text::printable(e.what()) << '\n';
        return kExitInput;
    } catch (const tecsmap::InputError& e) {
        std::cerr << "tecsmap : donnée d'entrée inutilisable : " << tecsmap::text::printable(e.what()) << '\n';
        return kExitInput;
    } catch (const tecsmap::OutputError& e) {
        std::cerr << "tecsmap : écriture impossible : " << tecsmap::text::printable(e.what()) << '\n';
        return kExitOutput;
    } catch (const std::exception& e) {
        std::cerr << "tecsmap : erreur : " << tecsmap::text::printable(e.what()) << '\n';
        return kExitFailure;
    }
}
