#include "study_run.hpp"

#include "../errors.hpp"

namespace tecsmap {

AnalysisParameters ParameterOverrides::apply(AnalysisParameters p) const {
    if (coverage_radius_km)
        p.coverage_radius_km = *coverage_radius_km;
    if (cluster_eps_km)
        p.cluster_eps_km = *cluster_eps_km;
    if (cluster_min_points)
        p.cluster_min_points = *cluster_min_points;
    if (p.coverage_radius_km <= 0 || p.cluster_eps_km <= 0 || p.cluster_min_points < 1)
        throw StudyError(
            "paramètres invalides : le rayon et eps doivent être > 0, min_points >= 1");
    return p;
}

StudyRun run_study(const std::string& study_path, const ParameterOverrides& overrides,
                   const ProgressFn& progress) {
    StudyRun run;
    run.study = load_study(study_path);
    const AnalysisParameters params = overrides.apply(run.study.parameters);
    run.territory = std::make_shared<const Territory>(
        build_territory(run.study, Cog::bundled(), BoundaryOptions::from_environment(), progress));
    run.result = rerun_analysis(run.study, *run.territory, params, progress);
    return run;
}

std::shared_ptr<const AnalysisResult> rerun_analysis(const Study& study, const Territory& territory,
                                                     const AnalysisParameters& parameters,
                                                     const ProgressFn& progress) {
    return std::make_shared<const AnalysisResult>(
        analyse(study, territory, Cog::bundled(), parameters, progress));
}

} // namespace tecsmap
