#pragma once
// Loads a study, builds its territory and runs the analysis: what `analyse`, `render`, `atlas`
// and the map view all start from. The results are shared, immutable snapshots.

#include "analysis.hpp"

#include <memory>
#include <optional>

namespace tecsmap {

struct ParameterOverrides {
    std::optional<double> coverage_radius_km;
    std::optional<double> cluster_eps_km;
    std::optional<int> cluster_min_points;
    AnalysisParameters apply(AnalysisParameters p) const;
};

struct StudyRun {
    Study study;
    std::shared_ptr<const Territory> territory;
    std::shared_ptr<const AnalysisResult> result;
};

/// Throws StudyError/InputError/GeometryError like the functions it calls.
StudyRun run_study(const std::string& study_path, const ParameterOverrides& overrides = {},
                   const ProgressFn& progress = {});

/// Re-runs only the analysis (new parameters) on an existing territory.
std::shared_ptr<const AnalysisResult> rerun_analysis(const Study& study, const Territory& territory,
                                                     const AnalysisParameters& parameters,
                                                     const ProgressFn& progress = {});

} // namespace tecsmap
