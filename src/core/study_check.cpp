#include "study_check.hpp"

#include "analysis/scenarios.hpp"
#include "analysis/suggestions.hpp"
#include "errors.hpp"
#include "postgis_target.hpp"
#include "territory_cache.hpp"

#include <filesystem>
#include <set>

namespace tecsmap {

namespace {

// Runs one step; a bad-input exception becomes an Error diagnostic.
template <typename F> bool attempt(Diagnostics& d, const std::string& what, F&& f) {
    try {
        f();
        return true;
    } catch (const Cancelled&) {
        throw;
    } catch (const InputError& e) {
        d.add(Severity::Error, "unreadable", what + " — " + e.what());
    } catch (const StudyError& e) {
        d.add(Severity::Error, "study", e.what());
    } catch (const GeometryError& e) {
        d.add(Severity::Error, "geometry", what + " : " + e.what());
    }
    return false;
}

// Every file named by the study, before any reading: all missing files at once.
bool check_files_exist(const Study& study, Diagnostics& d) {
    bool ok = true;
    for (const auto& [key, file] : study_input_files(study)) {
        // A BAN that cannot be read only costs precision: read_inputs reports it as a warning.
        if (key == "geocoding.ban")
            continue;
        // A PostGIS source is checked by reading it (missing table, geometry column, SRID).
        if (key != "study" && !postgis::is_database_uri(file) && !std::filesystem::exists(file)) {
            d.add(Severity::Error, "missing_file", key + " : fichier introuvable", file);
            ok = false;
        }
    }
    return ok;
}

// One line per problem: a swapped row is reported by its specific diagnostic, a duplicate by
// its reject; other rejects become warnings naming the row.
void report_inputs(const StudyInputs& in, Diagnostics& d) {
    std::set<std::pair<std::string, std::string>> swapped;
    for (const Diagnostic& x : in.diagnostics.items())
        if (x.code == "swapped_coordinates")
            swapped.insert({x.file, x.location});
    for (const RejectedRow& x : in.rejects)
        if (!swapped.count({x.source.file, x.source.location()}))
            d.warn("rejected_row", x.reason + (x.kept ? " (ligne gardée)" : " (ligne écartée)"),
                   x.source.file, x.source.location());
    for (const Diagnostic& x : in.diagnostics.items())
        if (x.code != "duplicate_row") // already reported through the rejects
            d.add(x.severity, x.code, x.message, x.file, x.location);
}

} // namespace

StudyCheck check_study(const std::string& path, const Cog& cog,
                       const BoundaryOptions& boundaries, Feedback* feedback) {
    StudyCheck check;
    Diagnostics& d = check.diagnostics;
    Study study;
    if (!attempt(d, path, [&] { study = load_study(path); }))
        return check;
    check.study = study;
    if (!check_files_exist(study, d))
        return check;
    if (feedback) {
        std::vector<Feedback::Stage> stages = territory_stages();
        stages.push_back({"lecture des couches", 1});
        feedback->plan(stages);
    }
    Territory territory;
    const bool built = attempt(d, "territoire", [&] {
        territory = build_territory_cached(study, cog, boundaries, feedback);
    });
    d.append(territory.diagnostics);
    if (!built)
        return check;
    check.territory = std::make_shared<const Territory>(std::move(territory));
    Diagnostics layer_errors;
    auto inputs = std::make_shared<StudyInputs>(
        read_inputs(study, *check.territory, cog, feedback, &layer_errors));
    d.append(layer_errors);
    report_inputs(*inputs, d);
    // Zone extensions that add nothing, under the study's own parameters (analyse says them
    // under the parameters it runs with).
    note_ignored_extensions(*inputs, covering_structures(inputs->structures, study.parameters),
                            study.parameters.coverage_rule(inputs->has_zones), d);
    if (study.structures && inputs->structures_placement.rows() > 0)
        check.placement.push_back(inputs->structures_placement.summary("structures"));
    if (study.initiatives && inputs->initiatives_placement.rows() > 0)
        check.placement.push_back(inputs->initiatives_placement.summary("initiatives"));
    check.inputs = std::move(inputs);
    check.can_analyse = layer_errors.count(Severity::Error) == 0;
    return check;
}

} // namespace tecsmap
