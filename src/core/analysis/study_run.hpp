#pragma once
// Loads a study, builds its territory, reads its layers and runs the analysis: what `analyse`,
// `render`, `atlas` and the map view all start from. A run is a set of shared, immutable
// snapshots: the territory and the inputs are reused when only the parameters change.

#include "analysis.hpp"

#include <memory>
#include <vector>

namespace tecsmap {

/// Values given on the command line or in the map view, applied over the study's.
struct ParameterOverrides {
    struct Value {
        ParameterId id;
        double value;
        ParameterOrigin origin;
    };
    std::vector<Value> values;
    /// Applies every override (each validated by AnalysisParameters::set).
    AnalysisParameters apply(AnalysisParameters parameters) const;
};

struct StudyRun {
    Study study;
    AnalysisParameters parameters; ///< the study's, with the overrides applied
    std::shared_ptr<const Territory> territory;
    std::shared_ptr<const StudyInputs> inputs;
    std::shared_ptr<const AnalysisResult> result;
};

/// The stages of a whole run (territory, layers, analysis), for a progress plan; with a study,
/// its accessibility stages (population grid, road network, minutes…) included.
std::vector<Feedback::Stage> run_stages(const Study* study = nullptr);

/// Throws StudyError/InputError/GeometryError like the functions it calls, Cancelled when the
/// feedback is cancelled. `cog` is the reference tables (Cog::bundled() in the programs).
StudyRun run_study(const std::string& study_path, const Cog& cog,
                   const ParameterOverrides& overrides = {}, Feedback* feedback = nullptr);
/// Same from an already loaded study.
StudyRun run_study(Study study, const Cog& cog, const ParameterOverrides& overrides = {},
                   Feedback* feedback = nullptr);

/// A new run on the same territory: with new parameters, and new layers when `study` names
/// other layers than `base.study` (its inputs are then read again). On the same layers, the
/// analysis keeps the stages the changed parameters do not affect (reanalyse()).
StudyRun rerun_study(const StudyRun& base, const Study& study,
                     const AnalysisParameters& parameters, const Cog& cog,
                     Feedback* feedback = nullptr);

/// The warnings and errors of a run, the territory's, then the layers', then the analysis's
/// (information messages left out): what `analyse` prints and the map view lists.
Diagnostics run_messages(const StudyRun& run);

} // namespace tecsmap
