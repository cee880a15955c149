#pragma once
// The analysis parameters: one value type, validated once where each value enters (study file,
// command line, map view field), with French messages that say where the bad value came from.
// Ranges and labels live in one table (parameter_spec) read by the study parser, the CLI, the
// map view's fields (which accept exactly the valid range) and the docs.

#include "errors.hpp"

#include <array>
#include <string>

namespace tecsmap {

enum class ParameterId { CoverageRadiusKm, ClusterEpsKm, ClusterMinPoints };

struct ParameterSpec {
    ParameterId id;
    const char* key;      ///< study key in [analysis], e.g. "coverage_radius_km"
    const char* cli_flag; ///< "--radius-km"
    const char* label;    ///< French label, e.g. "rayon de couverture"
    const char* unit;     ///< "km", "" for counts
    double min;           ///< inclusive
    double max;           ///< inclusive
    bool whole;           ///< a whole number (min_points)
    double default_value;
};

/// Every parameter, in the order they are shown.
const std::array<ParameterSpec, 3>& parameter_specs();
const ParameterSpec& parameter_spec(ParameterId id);

/// Where a value came from, for messages: « drome.toml, ligne 19 », « option --radius-km »,
/// « champ « Rayon de couverture » ».
struct ParameterOrigin {
    enum class Kind { Default, StudyFile, CommandLine, MapView };
    Kind kind = Kind::Default;
    std::string where;

    static ParameterOrigin study(const std::string& file, int line);
    static ParameterOrigin command_line(const std::string& flag);
    static ParameterOrigin map_view(const std::string& field);
};

/// A value out of its range. StudyFile origins are study errors (exit 3); command-line origins
/// are usage errors (exit 2): the CLI maps them.
class ParameterError : public StudyError {
public:
    ParameterError(ParameterOrigin origin, const std::string& message)
        : StudyError(message)
        , origin_(std::move(origin)) {}
    const ParameterOrigin& origin() const noexcept { return origin_; }

private:
    ParameterOrigin origin_;
};

class AnalysisParameters {
public:
    /// The documented defaults (valid by construction).
    AnalysisParameters() = default;

    double coverage_radius_km() const { return coverage_radius_km_; }
    double coverage_radius_m() const { return coverage_radius_km_ * 1000.0; }
    double cluster_eps_km() const { return cluster_eps_km_; }
    double cluster_eps_m() const { return cluster_eps_km_ * 1000.0; }
    int cluster_min_points() const { return cluster_min_points_; }

    double get(ParameterId id) const;
    /// Sets a value after checking it (finite, in range, whole where required); throws
    /// ParameterError naming the origin, the parameter, the value and the valid range.
    void set(ParameterId id, double value, const ParameterOrigin& origin);
    const ParameterOrigin& origin(ParameterId id) const;

    bool operator==(const AnalysisParameters& o) const;

private:
    double coverage_radius_km_ = 10.0;
    double cluster_eps_km_ = 5.0;
    int cluster_min_points_ = 3;
    std::array<ParameterOrigin, 3> origins_{};
};

/// « 2,5 à 200 km » / « 1 à 1 000 » for messages and tooltips.
std::string describe_range(const ParameterSpec& spec);

} // namespace tecsmap
