#pragma once
// The analysis parameters: one value type, validated once where each value enters (study file,
// command line, map view field), with French messages that say where the bad value came from.
// Ranges and labels live in one table (parameter_specs) read by the study parser, the CLI, the
// map view's fields (which accept exactly the valid range), run_info and the docs.

#include "errors.hpp"
#include "vocabulary.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

enum class ParameterId {
    CoverageRadiusKm,
    ClusterEpsKm,
    ClusterMinPoints,
    CoverageMinutes,
    HotspotPermutations,
    HotspotSeed,
    SuggestNew,
};
inline constexpr std::size_t kNumericParameterCount = 7;

struct ParameterSpec {
    ParameterId id;
    const char* section;  ///< study section: "analysis", "suggest"
    const char* key;      ///< study key in the section, e.g. "coverage_radius_km"
    const char* cli_flag; ///< "--radius-km"
    const char* label;    ///< French label, e.g. "rayon de couverture"
    const char* unit;     ///< "km", "min", "" for counts
    double min;           ///< inclusive
    double max;           ///< inclusive
    bool whole;           ///< a whole number (min_points, permutations…)
    double default_value;
};

/// Every numeric parameter, in the order they are shown.
const std::array<ParameterSpec, kNumericParameterCount>& parameter_specs();
const ParameterSpec& parameter_spec(ParameterId id);

/// How coverage is decided (issue 11 zones, issue 12 travel times).
enum class CoverageRule {
    Distance,         ///< straight-line distance ≤ radius
    Zones,            ///< inside an agreed intervention zone
    ZonesAndDistance, ///< inside a zone, or within the radius
    Time,             ///< minutes by road ≤ coverage_minutes
};
/// "distance", "zones", "zones+distance", "temps".
const char* to_string(CoverageRule rule);
std::optional<CoverageRule> parse_coverage_rule(std::string_view text);

/// The variable of the hot-spot statistic.
enum class HotspotVariable {
    Rate,  ///< initiatives per 10 000 inhabitants
    Count, ///< number of initiatives
};
/// "rate", "count".
const char* to_string(HotspotVariable variable);
std::optional<HotspotVariable> parse_hotspot_variable(std::string_view text);

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

    double coverage_radius_km() const { return values_[0]; }
    double coverage_radius_m() const { return values_[0] * 1000.0; }
    double cluster_eps_km() const { return values_[1]; }
    double cluster_eps_m() const { return values_[1] * 1000.0; }
    int cluster_min_points() const { return static_cast<int>(values_[2]); }
    double coverage_minutes() const { return values_[3]; }
    int hotspot_permutations() const { return static_cast<int>(values_[4]); }
    std::uint64_t hotspot_seed() const { return static_cast<std::uint64_t>(values_[5]); }
    /// New sites to suggest in `analyse` ([suggest] new); 0: no suggestions.
    int suggest_new() const { return static_cast<int>(values_[6]); }

    double get(ParameterId id) const;
    /// Sets a value after checking it (finite, in range, whole where required); throws
    /// ParameterError naming the origin, the parameter, the value and the valid range.
    void set(ParameterId id, double value, const ParameterOrigin& origin);

    /// The rule asked for, or the default: zones+distance when the study has zones, else
    /// distance.
    CoverageRule coverage_rule(bool study_has_zones) const;
    /// The rule as written in the study or on the command line (nullopt: the default).
    const std::optional<CoverageRule>& coverage_rule_setting() const { return coverage_rule_; }
    void set_coverage_rule(CoverageRule rule, const ParameterOrigin& origin);

    /// Structure types that count for coverage (default CS and EVS); never empty.
    const std::vector<StructureType>& coverage_types() const { return coverage_types_; }
    bool covers(StructureType type) const;
    /// Throws ParameterError when `types` is empty.
    void set_coverage_types(std::vector<StructureType> types, const ParameterOrigin& origin);

    HotspotVariable hotspot_variable() const { return hotspot_variable_; }
    void set_hotspot_variable(HotspotVariable variable, const ParameterOrigin& origin);
    /// Empirical-Bayes smoothing of the rates before Gi* (default off).
    bool hotspot_empirical_bayes() const { return hotspot_eb_; }
    void set_hotspot_empirical_bayes(bool on, const ParameterOrigin& origin);

    /// Origin of a value by its study key ("coverage_radius_km", "coverage_types"…).
    const ParameterOrigin& origin(const std::string& key) const;
    const ParameterOrigin& origin(ParameterId id) const;

    bool operator==(const AnalysisParameters& o) const;

    // Parameter groups, for a re-analysis that keeps what a change does not affect
    // (analysis.hpp, reanalyse()). Together with suggest_new() they cover every parameter:
    // equal groups and equal suggest_new() is operator==.
    /// Radius, minutes, coverage rule and types: coverage, gaps, suggestions, scenarios.
    bool same_coverage(const AnalysisParameters& o) const;
    /// DBSCAN eps and minimum points: the clusters.
    bool same_clusters(const AnalysisParameters& o) const;
    /// Permutations, seed, variable and Empirical-Bayes smoothing: the hot spots.
    bool same_hotspots(const AnalysisParameters& o) const;

private:
    std::array<double, kNumericParameterCount> values_{10.0, 5.0, 3, 15.0, 999, 123456789, 0};
    std::optional<CoverageRule> coverage_rule_;
    std::vector<StructureType> coverage_types_{StructureType::CS, StructureType::EVS};
    HotspotVariable hotspot_variable_ = HotspotVariable::Rate;
    bool hotspot_eb_ = false;
    std::map<std::string, ParameterOrigin> origins_;
};

/// « 0,1 à 200 km » / « 1 à 10 000 » for messages and tooltips.
std::string describe_range(const ParameterSpec& spec);

} // namespace tecsmap
