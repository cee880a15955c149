#include "inputs.hpp"

#include "../commune_locator.hpp"
#include "../errors.hpp"
#include "access_inputs.hpp"

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
                        Feedback* feedback, Diagnostics* layer_errors, const StudyInputs* previous,
                        const Study* previous_study) {
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

    // Accessibility inputs: reused from the previous reading when their sources are the same.
    const bool same_grid = previous && previous_study &&
                           previous_study->population == study.population &&
                           (previous->population || !study.population);
    const bool same_roads = same_grid && previous_study->accessibility == study.accessibility &&
                            (previous->roads || !study.accessibility.enabled());
    if (same_grid)
        in.population = previous->population;
    else if (study.population)
        read_layer(layer_errors, "grille de population", [&] {
            in.population = read_population_grid(*study.population, territory, feedback);
        });
    if (in.population) {
        in.rejects.insert(in.rejects.end(), in.population->rejects.begin(),
                          in.population->rejects.end());
        report_population_grid(*in.population, territory, in.diagnostics);
    }
    if (same_roads)
        in.roads = previous->roads;
    else if (study.accessibility.enabled())
        read_layer(layer_errors, "réseau routier", [&] {
            in.roads =
                read_road_network(study.accessibility, territory, in.population.get(), feedback);
        });
    if (in.roads) {
        in.diagnostics.append(in.roads->diagnostics);
        in.structure_snaps = snap_structures(*in.roads, in.structures, in.rejects);
    }
    return in;
}

} // namespace tecsmap
