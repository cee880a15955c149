#include "parameters.hpp"

#include "format.hpp"

#include <cmath>

namespace tecsmap {

namespace {
// Ranges: a radius under 100 m or over 200 km, an eps under 10 m or over 100 km, or more than
// 10 000 initiatives per cluster are typing mistakes, not analyses.
const std::array<ParameterSpec, 3> kSpecs{{
    {ParameterId::CoverageRadiusKm, "coverage_radius_km", "--radius-km", "rayon de couverture",
     "km", 0.1, 200.0, false, 10.0},
    {ParameterId::ClusterEpsKm, "cluster_eps_km", "--eps-km", "distance DBSCAN (eps)", "km",
     0.01, 100.0, false, 5.0},
    {ParameterId::ClusterMinPoints, "cluster_min_points", "--min-points",
     "nombre minimum d'initiatives d'une grappe (min_points)", "", 1, 10000, true, 3},
}};

std::size_t slot(ParameterId id) {
    return static_cast<std::size_t>(id);
}
} // namespace

const std::array<ParameterSpec, 3>& parameter_specs() {
    return kSpecs;
}

const ParameterSpec& parameter_spec(ParameterId id) {
    return kSpecs[slot(id)];
}

ParameterOrigin ParameterOrigin::study(const std::string& file, int line) {
    return {Kind::StudyFile, file + ", ligne " + std::to_string(line)};
}
ParameterOrigin ParameterOrigin::command_line(const std::string& flag) {
    return {Kind::CommandLine, "option " + flag};
}
ParameterOrigin ParameterOrigin::map_view(const std::string& field) {
    return {Kind::MapView, "champ « " + field + " »"};
}

std::string describe_range(const ParameterSpec& s) {
    const std::string unit = *s.unit ? std::string(fr::kThinSpace) + s.unit : "";
    return fr::number(s.min, 2) + " à " + fr::number(s.max, 2) + unit;
}

double AnalysisParameters::get(ParameterId id) const {
    switch (id) {
    case ParameterId::CoverageRadiusKm:
        return coverage_radius_km_;
    case ParameterId::ClusterEpsKm:
        return cluster_eps_km_;
    case ParameterId::ClusterMinPoints:
        return cluster_min_points_;
    }
    return 0;
}

void AnalysisParameters::set(ParameterId id, double value, const ParameterOrigin& origin) {
    const ParameterSpec& s = parameter_spec(id);
    const std::string prefix = (origin.where.empty() ? std::string() : origin.where + " : ") +
                               s.label + " (" + s.key + ")";
    if (!std::isfinite(value))
        throw ParameterError(origin, prefix + " : valeur non finie, attendu un nombre de " +
                                         describe_range(s));
    if (s.whole && value != std::floor(value))
        throw ParameterError(origin, prefix + " : " + fr::number(value, 6) +
                                         " n'est pas un nombre entier (attendu " +
                                         describe_range(s) + ")");
    if (value < s.min || value > s.max)
        throw ParameterError(origin, prefix + " : " + fr::number(value, 6) +
                                         " hors de l'intervalle valide (" + describe_range(s) +
                                         ")");
    switch (id) {
    case ParameterId::CoverageRadiusKm:
        coverage_radius_km_ = value;
        break;
    case ParameterId::ClusterEpsKm:
        cluster_eps_km_ = value;
        break;
    case ParameterId::ClusterMinPoints:
        cluster_min_points_ = static_cast<int>(value);
        break;
    }
    origins_[slot(id)] = origin;
}

const ParameterOrigin& AnalysisParameters::origin(ParameterId id) const {
    return origins_[slot(id)];
}

bool AnalysisParameters::operator==(const AnalysisParameters& o) const {
    return coverage_radius_km_ == o.coverage_radius_km_ && cluster_eps_km_ == o.cluster_eps_km_ &&
           cluster_min_points_ == o.cluster_min_points_;
}

} // namespace tecsmap
