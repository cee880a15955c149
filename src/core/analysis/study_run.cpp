#include "study_run.hpp"

#include "../geocoding/commune_gazetteer.hpp"
#include "../parallel.hpp"
#include "../territory_cache.hpp"
#include "access_inputs.hpp"

#include <future>

namespace tecsmap {

AnalysisParameters ParameterOverrides::apply(AnalysisParameters p) const {
    for (const Value& v : values)
        p.set(v.id, v.value, v.origin);
    return p;
}

std::vector<Feedback::Stage> run_stages(const Study* study) {
    std::vector<Feedback::Stage> stages = territory_stages();
    stages.push_back({"lecture des couches", 1});
    if (study)
        for (const Feedback::Stage& s : access_input_stages(*study))
            stages.push_back(s);
    for (const Feedback::Stage& s : study ? analysis_stages(*study) : analysis_stages())
        stages.push_back(s);
    return stages;
}

StudyRun run_study(const std::string& study_path, const Cog& cog,
                   const ParameterOverrides& overrides, Feedback* feedback) {
    return run_study(load_study(study_path), cog, overrides, feedback);
}

StudyRun run_study(Study study, const Cog& cog, const ParameterOverrides& overrides,
                   Feedback* feedback) {
    StudyRun run;
    run.study = std::move(study);
    run.parameters = overrides.apply(run.study.parameters);
    if (feedback)
        feedback->plan(run_stages(&run.study));
    // The bundled gazetteer (commune names and postcodes, for rows placed by commune or
    // address) is built beside the territory, which leaves a core idle in its serial parts:
    // read_inputs needs it next. An error there is raised again where read_inputs asks for it.
    // One thread more than TECSMAP_THREADS for a moment (only when it allows two or more).
    std::future<void> gazetteer;
    if (&cog == &Cog::bundled() && thread_count() > 1 &&
        (run.study.structures || run.study.initiatives || run.study.suggest_candidates))
        gazetteer = std::async(std::launch::async, [] {
            try {
                geocoding::CommuneGazetteer::bundled();
            } catch (...) {
            }
        });
    // Through the territory cache (territory_cache.hpp): a warm run reads it back. After a
    // build, the cache file is written beside the reading of the layers and the analysis (one
    // thread, streamed), which leave a core idle in their serial parts; waited for before
    // returning. One thread more than TECSMAP_THREADS meanwhile (only when it allows two).
    CachedTerritory territory = obtain_territory_cached(
        run.study, cog, BoundaryOptions::from_environment(), feedback, thread_count() > 1);
    run.territory = territory.territory();
    run.inputs =
        std::make_shared<const StudyInputs>(read_inputs(run.study, *run.territory, cog, feedback));
    run.result = std::make_shared<const AnalysisResult>(
        analyse(*run.territory, *run.inputs, run.parameters, feedback));
    territory.finish();
    return run;
}

namespace {
// Whether read_inputs would give the same inputs: the layers, sources and scenarios it reads.
// Parameters are not read there: the notes on scenario extensions are the analysis's, under
// the parameters it runs with. The study's path and the scenarios' line numbers only name
// places in messages.
bool same_layers(const Study& a, const Study& b) {
    return a.structures == b.structures && a.initiatives == b.initiatives &&
           a.perimeters == b.perimeters && a.zones == b.zones && a.ban == b.ban &&
           a.population == b.population && a.accessibility == b.accessibility &&
           a.suggest_candidates == b.suggest_candidates && a.scenarios == b.scenarios;
}
} // namespace

Diagnostics run_messages(const StudyRun& run) {
    Diagnostics shown;
    for (const Diagnostics* part : {run.territory ? &run.territory->diagnostics : nullptr,
                                    run.inputs ? &run.inputs->diagnostics : nullptr,
                                    run.result ? &run.result->diagnostics : nullptr})
        if (part)
            for (const Diagnostic& d : part->items())
                if (d.severity != Severity::Info)
                    shown.add(d.severity, d.code, d.message, d.file, d.location);
    return shown;
}

StudyRun rerun_study(const StudyRun& base, const Study& study,
                     const AnalysisParameters& parameters, const Cog& cog, Feedback* feedback) {
    StudyRun run;
    run.study = study;
    run.parameters = parameters;
    run.territory = base.territory;
    const bool reread = !base.inputs || !same_layers(base.study, study);
    if (feedback) {
        std::vector<Feedback::Stage> stages;
        if (reread)
            stages.push_back({"lecture des couches", 1});
        for (const Feedback::Stage& s : analysis_stages(study))
            stages.push_back(s);
        feedback->plan(stages);
    }
    // The population grid and the road network are reused when their sources did not change.
    run.inputs =
        reread ? std::make_shared<const StudyInputs>(read_inputs(
                     study, *run.territory, cog, feedback, nullptr, base.inputs.get(), &base.study))
               : base.inputs;
    // Same inputs: the stages the changed parameters do not affect are kept (reanalyse).
    run.result = std::make_shared<const AnalysisResult>(
        !reread && base.result ? reanalyse(*run.territory, *run.inputs, run.parameters,
                                           *base.result, base.parameters, feedback)
                               : analyse(*run.territory, *run.inputs, run.parameters, feedback));
    return run;
}

} // namespace tecsmap
