#include "inputs.hpp"

#include "../commune_locator.hpp"
#include "../errors.hpp"

namespace tecsmap {

namespace {

// Runs one layer's reading; an unreadable layer either propagates or becomes an Error.
template <typename F>
void read_layer(Diagnostics* layer_errors, const std::string& what, F&& read) {
    if (!layer_errors) {
        read();
        return;
    }
    try {
        read();
    } catch (const InputError& e) {
        layer_errors->add(Severity::Error, "unreadable", what + " — " + e.what());
    } catch (const GeometryError& e) {
        layer_errors->add(Severity::Error, "geometry", what + " : " + e.what());
    } catch (const StudyError& e) {
        layer_errors->add(Severity::Error, "study", e.what());
    }
}

} // namespace

StudyInputs read_inputs(const Study& study, const Territory& territory, const Cog& cog,
                        Feedback* feedback, Diagnostics* layer_errors) {
    feedback_begin(feedback, "lecture des couches");
    StudyInputs in;
    const CommuneLocator locator(territory);
    if (study.structures)
        read_layer(layer_errors, "structures", [&] {
            in.structures = read_structures(*study.structures, territory, locator, cog,
                                            in.rejects, in.diagnostics);
        });
    else
        in.diagnostics.warn("no_structures", "aucune couche de structures ([layers] structures) : "
                                             "la couverture est nulle partout");
    feedback_check(feedback);
    if (study.initiatives)
        read_layer(layer_errors, "initiatives", [&] {
            in.initiatives = read_initiatives(*study.initiatives, territory, locator, cog,
                                              in.rejects, in.diagnostics);
        });
    feedback_check(feedback);
    read_layer(layer_errors, "périmètres", [&] {
        in.perimeters =
            read_perimeters(study.perimeters, territory, cog, in.rejects, in.diagnostics);
    });
    if (study.suggest_candidates) {
        feedback_check(feedback);
        read_layer(layer_errors, "sites candidats", [&] {
            in.candidates = read_candidates(*study.suggest_candidates, territory, locator, cog,
                                            in.rejects, in.diagnostics);
            in.has_candidate_layer = true;
        });
    }
    read_layer(layer_errors, "scénarios", [&] {
        in.scenarios = resolve_scenarios(study, territory, in.structures);
    });
    for (const Initiative& it : in.initiatives)
        in.initiatives_in_territory += it.place.in_territory();
    return in;
}

} // namespace tecsmap
