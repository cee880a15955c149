#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "cog.hpp"
#include "study_check.hpp"

#include <iostream>

namespace tecsmap::cli {

namespace {

const char* kHelp = R"(Usage : tecsmap validate ÉTUDE [--json]

Vérifie l'étude et toutes ses données sans lancer les analyses, et dit
précisément quoi corriger et où (fichier, ligne ou entité) : fichiers absents
ou illisibles, clés inconnues, couches sans système de coordonnées,
coordonnées hors limites, longitude/latitude inversées, Lambert-93 saisi en
degrés, points hors du territoire, codes INSEE inconnus ou anciens, doublons,
géométries invalides (réparées), couches vides, encodage non UTF-8 ; pour
les registres (CSV, XLSX, ODS) : feuille, colonnes reconnues, lignes placées
par coordonnées, par adresse (fichier BAN de [geocoding] ban) ou par commune,
et lignes non placées avec leur raison (statistiques par couche).

Code de sortie : 0 si l'étude peut être analysée (les avertissements sont
affichés), 3 sinon.

Options :
  --json    rapport en JSON (pour les scripts) au lieu du texte
  --no-cache  n'utilise pas le cache du territoire (TECSMAP_NO_CACHE=1)
  --help    cette aide
)";

std::string json_escape(const std::string& s) {
    std::string o;
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            o += "\\\"";
            break;
        case '\\':
            o += "\\\\";
            break;
        case '\n':
            o += "\\n";
            break;
        case '\r':
            o += "\\r";
            break;
        case '\t':
            o += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                o += buf;
            } else {
                o += static_cast<char>(c);
            }
        }
    }
    return o;
}

const char* severity_name(Severity s) {
    return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "info";
}

void print_json(std::ostream& out, const std::string& study, bool ok, const Diagnostics& d,
                const std::vector<std::string>& placement) {
    out << "{\n  \"study\": \"" << json_escape(study)
        << "\",\n  \"can_analyse\": " << (ok ? "true" : "false")
        << ",\n  \"errors\": " << d.count(Severity::Error)
        << ",\n  \"warnings\": " << d.count(Severity::Warning) << ",\n  \"placement\": [";
    for (std::size_t i = 0; i < placement.size(); ++i)
        out << (i ? ", " : "") << "\"" << json_escape(placement[i]) << "\"";
    out << "],\n  \"problems\": [";
    bool first = true;
    for (const Diagnostic& x : d.items()) {
        out << (first ? "\n" : ",\n") << "    {\"severity\": \"" << severity_name(x.severity)
            << "\", \"code\": \"" << json_escape(x.code) << "\", \"file\": \""
            << json_escape(x.file) << "\", \"location\": \"" << json_escape(x.location)
            << "\", \"message\": \"" << json_escape(x.message) << "\"}";
        first = false;
    }
    out << "\n  ]\n}\n";
}

} // namespace

int run_validate(const Argv& argv) {
    Args args(argv, {}, {"help", "json", "no-cache"});
    apply_cache_flag(args);
    if (args.has("help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    const std::string& study_path = study_argument(args, "validate");
    const std::string& path = study_path;
    const StudyCheck check = check_study(path, Cog::bundled());
    const Diagnostics& d = check.diagnostics;
    const bool ok = check.can_analyse;

    if (args.has("json")) {
        print_json(std::cout, path, ok, d, check.placement);
    } else {
        std::cout << "Validation de " << path << " : "
                  << (ok ? "l'étude peut être analysée" : "l'étude NE PEUT PAS être analysée")
                  << " (" << d.count(Severity::Error) << " erreur(s), "
                  << d.count(Severity::Warning) << " avertissement(s))\n";
        if (!check.placement.empty()) {
            std::cout << "Placement des lignes :\n";
            for (const std::string& line : check.placement)
                std::cout << "  " << line << "\n";
        }
        print_diagnostics(std::cout, d, static_cast<std::size_t>(-1));
    }
    return ok ? kExitOk : kExitInput;
}

} // namespace tecsmap::cli
