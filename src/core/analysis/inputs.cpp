#include "inputs.hpp"

#include "../commune_locator.hpp"
#include "../errors.hpp"
#include "../memory_allocator.hpp"
#include "../paths.hpp"
#include "access_inputs.hpp"

#include <algorithm>
#include <memory>

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

// The BAN named by the study, or null. A file that cannot be used never stops the run: the
// rows fall back to their commune, and the message says what to do.
std::unique_ptr<geocoding::BanIndex> load_ban(const Study& study, const Territory& territory,
                                              const geocoding::CommuneGazetteer& gazetteer,
                                              Diagnostics& diagnostics, Feedback* feedback) {
    if (study.ban.empty())
        return nullptr;
    try {
        return std::make_unique<geocoding::BanIndex>(geocoding::BanIndex::load(
            study.ban, territory.crs,
            [&](const std::string& code) { return gazetteer.current_code(code); }, feedback));
    } catch (const InputError& e) {
        diagnostics.warn("ban_unreadable",
                         std::string(e.what()) +
                             " — les adresses ne sont pas cherchées : les lignes sans "
                             "coordonnées sont placées sur leur commune ([geocoding] ban)",
                         study.ban);
        return nullptr;
    }
}

bool row_flags_all(const std::vector<Structure>& v) {
    return std::any_of(v.begin(), v.end(), [](const Structure& s) { return s.illustrative; });
}

IllustrativeInputs illustrative_of(const Study& study, const StudyInputs& in) {
    IllustrativeInputs out;
    if (study.structures) {
        const Illustrative f = study.structures->illustrative;
        out.structures = f == Illustrative::All || row_flags_all(in.structures);
        out.programme = out.structures || f == Illustrative::Programme;
    }
    if (study.initiatives)
        out.initiatives = study.initiatives->illustrative != Illustrative::No ||
                          std::any_of(in.initiatives.begin(), in.initiatives.end(),
                                      [](const Initiative& i) { return i.illustrative; });
    if (study.zones && study.zones->illustrative != Illustrative::No)
        out.structures = true;
    for (const Perimeter& p : in.perimeters) {
        for (const LayerSource& src : study.perimeters) {
            if (src.illustrative == Illustrative::No)
                continue;
            if (std::find(p.sources.begin(), p.sources.end(), src.path) != p.sources.end())
                out.perimeters[static_cast<std::size_t>(p.kind)] = true;
        }
    }
    return out;
}

} // namespace

bool IllustrativeInputs::perimeter(PerimeterKind kind) const {
    return perimeters[static_cast<std::size_t>(kind)];
}

bool IllustrativeInputs::any() const {
    return structures || programme || initiatives || perimeters[0] || perimeters[1] ||
           perimeters[2];
}

std::string IllustrativeInputs::list() const {
    std::vector<std::string> parts;
    if (structures)
        parts.push_back("structures");
    else if (programme)
        parts.push_back("attributs TECS des structures (bonus, ambassadeurs)");
    if (initiatives)
        parts.push_back("initiatives");
    for (PerimeterKind k : kPerimeterKinds)
        if (perimeter(k))
            parts.push_back(std::string("périmètres ") + to_string(k));
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? "" : i + 1 == parts.size() ? " et " : ", ") + parts[i];
    return out;
}

const StructureZone* StudyInputs::zone_of(std::size_t structure) const {
    // Zones are in structure order (build_zones): a binary search, not a scan per structure.
    auto it =
        std::lower_bound(zones.begin(), zones.end(), structure,
                         [](const StructureZone& z, std::size_t k) { return z.structure < k; });
    return it != zones.end() && it->structure == structure ? &*it : nullptr;
}

namespace {
StudyInputs read_all_layers(const Study& study, const Territory& territory, const Cog& cog,
                            Feedback* feedback, Diagnostics* layer_errors,
                            const StudyInputs* previous, const Study* previous_study) {
    feedback_begin(feedback, "lecture des couches");
    StudyInputs in;
    const CommuneLocator locator(territory);
    // The bundled gazetteer is built once per process; a test COG gets its own.
    std::unique_ptr<geocoding::CommuneGazetteer> own;
    if (&cog != &Cog::bundled())
        own = std::make_unique<geocoding::CommuneGazetteer>(cog, data_dir());
    const geocoding::CommuneGazetteer& gazetteer =
        own ? *own : geocoding::CommuneGazetteer::bundled();
    const auto ban = load_ban(study, territory, gazetteer, in.diagnostics, feedback);
    const PlacementTools tools{territory, locator, cog, gazetteer, ban.get()};
    feedback_check(feedback);
    if (study.structures)
        read_layer(layer_errors, "structures", [&] {
            in.structures = read_structures(*study.structures, tools, in.rejects, in.diagnostics,
                                            &in.structures_placement);
        });
    else
        in.diagnostics.warn("no_structures", "aucune couche de structures ([layers] structures) : "
                                             "la couverture est nulle partout");
    feedback_check(feedback);
    read_layer(layer_errors, "zones de compétence", [&] {
        in.zones = build_zones(in.structures, study.zones, territory, in.rejects, in.diagnostics);
    });
    in.has_zones = !in.zones.empty();
    if (study.zones && in.zones.empty() && !layer_errors)
        in.diagnostics.warn("no_zones", "la couche des zones ne donne la zone d'aucune structure",
                            study.zones->path);
    if (study.initiatives)
        read_layer(layer_errors, "initiatives", [&] {
            in.initiatives = read_initiatives(*study.initiatives, tools, in.rejects, in.diagnostics,
                                              &in.initiatives_placement);
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
        // Extensions that add nothing are said by the analysis (note_ignored_extensions),
        // under the parameters it uses, and by validate.
        in.scenarios = resolve_scenarios(study, territory, in.structures, &cog);
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
    in.illustrative = illustrative_of(study, in);
    return in;
}
} // namespace

StudyInputs read_inputs(const Study& study, const Territory& territory, const Cog& cog,
                        Feedback* feedback, Diagnostics* layer_errors, const StudyInputs* previous,
                        const Study* previous_study) {
    StudyInputs in =
        read_all_layers(study, territory, cog, feedback, layer_errors, previous, previous_study);
    // The commune locators that placed the points (prepared geometries, partly built on worker
    // threads) are gone now: their memory goes back to the system rather than stay in those
    // threads' heaps under the peak of the stages to come.
    return_free_memory();
    return in;
}

} // namespace tecsmap
