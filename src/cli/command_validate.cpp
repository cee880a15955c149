#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"

#include "analysis/analysis.hpp"
#include "cog.hpp"
#include "errors.hpp"
#include "study.hpp"
#include "territory_builder.hpp"

#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

namespace tecsmap::cli {

namespace {

const char* kHelp = R"(Usage : tecsmap validate ÉTUDE [--json]

Vérifie l'étude et toutes ses données sans lancer les analyses, et dit
précisément quoi corriger et où (fichier, ligne ou entité) : fichiers absents
ou illisibles, clés inconnues, couches sans système de coordonnées,
coordonnées hors limites, longitude/latitude inversées, Lambert-93 saisi en
degrés, points hors du territoire, codes INSEE inconnus ou anciens, doublons,
géométries invalides (réparées), couches vides, encodage non UTF-8.

Code de sortie : 0 si l'étude peut être analysée (les avertissements sont
affichés), 3 sinon.

Options :
  --json    rapport en JSON (pour les scripts) au lieu du texte
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

void print_json(std::ostream& out, const std::string& study, bool ok, const Diagnostics& d) {
    out << "{\n  \"study\": \"" << json_escape(study)
        << "\",\n  \"can_analyse\": " << (ok ? "true" : "false")
        << ",\n  \"errors\": " << d.count(Severity::Error)
        << ",\n  \"warnings\": " << d.count(Severity::Warning) << ",\n  \"problems\": [";
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

// Runs one reading step; an InputError/StudyError becomes a fatal diagnostic.
template <typename F> bool attempt(Diagnostics& d, const std::string& what, F&& f) {
    try {
        f();
        return true;
    } catch (const InputError& e) {
        d.add(Severity::Error, "unreadable", what + " — " + e.what());
    } catch (const StudyError& e) {
        d.add(Severity::Error, "study", e.what());
    } catch (const GeometryError& e) {
        d.add(Severity::Error, "geometry", what + " : " + e.what());
    }
    return false;
}

} // namespace

int run_validate(const Argv& argv) {
    Args args(argv, {}, {"help", "json"});
    if (args.has("help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (args.positional().size() != 1)
        throw UsageError(
            "tecsmap validate attend un fichier d'étude (voir tecsmap validate --help)");
    const std::string path = args.positional()[0];
    Diagnostics d;
    Study study;
    bool ok = attempt(d, path, [&] { study = load_study(path); });

    if (ok) {
        // Every file named by the study, before any reading: all missing files at once.
        std::vector<std::pair<std::string, std::string>> files;
        if (study.communes)
            files.push_back({"[territory] communes", study.communes->path});
        if (!study.ctg.empty())
            files.push_back({"[territory] ctg", study.ctg});
        if (study.structures)
            files.push_back({"[layers] structures", study.structures->path});
        if (study.initiatives)
            files.push_back({"[layers] initiatives", study.initiatives->path});
        for (const LayerSource& p : study.perimeters)
            files.push_back({"[layers] perimeters", p.path});
        for (const auto& [key, file] : files) {
            if (!std::filesystem::exists(file)) {
                d.add(Severity::Error, "missing_file", key + " : fichier introuvable", file);
                ok = false;
            }
        }
    }
    if (ok) {
        const Cog& cog = Cog::bundled();
        Territory territory;
        ok = attempt(d, "territoire", [&] {
            territory = build_territory(study, cog, BoundaryOptions::from_environment());
        });
        d.append(territory.diagnostics);
        if (ok) {
            AnalysisResult r;
            if (study.structures)
                ok &= attempt(d, "structures", [&] {
                    r.structures = read_structures(*study.structures, territory, cog, r.rejects,
                                                   r.diagnostics);
                });
            if (study.initiatives)
                ok &= attempt(d, "initiatives", [&] {
                    r.initiatives = read_initiatives(*study.initiatives, territory, cog, r.rejects,
                                                     r.diagnostics);
                });
            ok &= attempt(d, "périmètres", [&] {
                r.perimeters =
                    read_perimeters(study.perimeters, territory, cog, r.rejects, r.diagnostics);
            });
            join_points(territory, r);
            // One line per problem: a swapped row is reported by its specific diagnostic, a
            // duplicate by its reject.
            std::set<std::pair<std::string, std::string>> swapped;
            for (const Diagnostic& x : r.diagnostics.items())
                if (x.code == "swapped_coordinates")
                    swapped.insert({x.file, x.location});
            for (const RejectedRow& x : r.rejects)
                if (!swapped.count({x.file, x.location}))
                    d.warn("rejected_row",
                           x.reason + (x.kept ? " (ligne gardée)" : " (ligne écartée)"), x.file,
                           x.location);
            Diagnostics rest;
            for (const Diagnostic& x : r.diagnostics.items())
                if (x.code != "duplicate_row") // already reported through the rejects
                    rest.add(x.severity, x.code, x.message, x.file, x.location);
            d.append(rest);
        }
    }

    if (args.has("json")) {
        print_json(std::cout, path, ok, d);
    } else {
        std::cout << "Validation de " << path << " : "
                  << (ok ? "l'étude peut être analysée" : "l'étude NE PEUT PAS être analysée")
                  << " (" << d.count(Severity::Error) << " erreur(s), "
                  << d.count(Severity::Warning) << " avertissement(s))\n";
        print_diagnostics(std::cout, d, static_cast<std::size_t>(-1));
    }
    return ok ? kExitOk : kExitInput;
}

} // namespace tecsmap::cli
