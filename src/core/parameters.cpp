#include "parameters.hpp"

#include "format.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>

namespace tecsmap {

namespace {
// Ranges: a radius under 100 m or over 200 km, an eps under 10 m or over 100 km, more than
// 10 000 initiatives per cluster, more than 3 hours by road are typing mistakes, not analyses.
const std::array<ParameterSpec, kNumericParameterCount> kSpecs{{
    {ParameterId::CoverageRadiusKm, "analysis", "coverage_radius_km", "--radius-km",
     "rayon de couverture", "km", 0.1, 200.0, false, 10.0},
    {ParameterId::ClusterEpsKm, "analysis", "cluster_eps_km", "--eps-km",
     "distance DBSCAN (eps)", "km", 0.01, 100.0, false, 5.0},
    {ParameterId::ClusterMinPoints, "analysis", "cluster_min_points", "--min-points",
     "nombre minimum d'initiatives d'une grappe (min_points)", "", 1, 10000, true, 3},
    {ParameterId::CoverageMinutes, "analysis", "coverage_minutes", "--minutes",
     "temps d'accès maximal (couverture en temps)", "min", 1, 180, false, 15},
    {ParameterId::HotspotPermutations, "analysis", "hotspot_permutations", "--permutations",
     "permutations des points chauds (0 : approximation normale)", "", 0, 99999, true, 999},
    {ParameterId::HotspotSeed, "analysis", "hotspot_seed", "--seed",
     "graine des permutations des points chauds", "", 0, 2147483647, true, 123456789},
    {ParameterId::SuggestNew, "suggest", "new", "--new",
     "nombre de nouvelles structures à suggérer (0 : aucune)", "", 0, 1000, true, 0},
}};

std::size_t slot(ParameterId id) {
    return static_cast<std::size_t>(id);
}

const ParameterOrigin& default_origin() {
    static const ParameterOrigin none;
    return none;
}
} // namespace

const std::array<ParameterSpec, kNumericParameterCount>& parameter_specs() {
    return kSpecs;
}

const ParameterSpec& parameter_spec(ParameterId id) {
    return kSpecs[slot(id)];
}

const char* to_string(CoverageRule rule) {
    switch (rule) {
    case CoverageRule::Distance:
        return "distance";
    case CoverageRule::Zones:
        return "zones";
    case CoverageRule::ZonesAndDistance:
        return "zones+distance";
    case CoverageRule::Time:
        return "temps";
    }
    return "distance";
}

std::optional<CoverageRule> parse_coverage_rule(std::string_view text) {
    const std::string t = text::trim(text);
    for (CoverageRule r : {CoverageRule::Distance, CoverageRule::Zones,
                           CoverageRule::ZonesAndDistance, CoverageRule::Time})
        if (t == to_string(r))
            return r;
    return std::nullopt;
}

const char* to_string(HotspotVariable variable) {
    return variable == HotspotVariable::Rate ? "rate" : "count";
}

std::optional<HotspotVariable> parse_hotspot_variable(std::string_view text) {
    const std::string t = text::trim(text);
    if (t == "rate")
        return HotspotVariable::Rate;
    if (t == "count")
        return HotspotVariable::Count;
    return std::nullopt;
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
    return values_[slot(id)];
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
    values_[slot(id)] = value;
    origins_[s.key] = origin;
}

CoverageRule AnalysisParameters::coverage_rule(bool study_has_zones) const {
    if (coverage_rule_)
        return *coverage_rule_;
    return study_has_zones ? CoverageRule::ZonesAndDistance : CoverageRule::Distance;
}

void AnalysisParameters::set_coverage_rule(CoverageRule rule, const ParameterOrigin& origin) {
    coverage_rule_ = rule;
    origins_["coverage"] = origin;
}

bool AnalysisParameters::covers(StructureType type) const {
    return std::find(coverage_types_.begin(), coverage_types_.end(), type) !=
           coverage_types_.end();
}

void AnalysisParameters::set_coverage_types(std::vector<StructureType> types,
                                            const ParameterOrigin& origin) {
    if (types.empty())
        throw ParameterError(origin, (origin.where.empty() ? "" : origin.where + " : ") +
                                         std::string("coverage_types ne peut pas être vide "
                                                     "(par exemple [\"CS\", \"EVS\"])"));
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    coverage_types_ = std::move(types);
    origins_["coverage_types"] = origin;
}

void AnalysisParameters::set_hotspot_variable(HotspotVariable variable,
                                              const ParameterOrigin& origin) {
    hotspot_variable_ = variable;
    origins_["hotspot_variable"] = origin;
}

void AnalysisParameters::set_hotspot_empirical_bayes(bool on, const ParameterOrigin& origin) {
    hotspot_eb_ = on;
    origins_["hotspot_empirical_bayes"] = origin;
}

const ParameterOrigin& AnalysisParameters::origin(const std::string& key) const {
    auto it = origins_.find(key);
    return it == origins_.end() ? default_origin() : it->second;
}

const ParameterOrigin& AnalysisParameters::origin(ParameterId id) const {
    return origin(parameter_spec(id).key);
}

bool AnalysisParameters::operator==(const AnalysisParameters& o) const {
    return values_ == o.values_ && coverage_rule_ == o.coverage_rule_ &&
           coverage_types_ == o.coverage_types_ && hotspot_variable_ == o.hotspot_variable_ &&
           hotspot_eb_ == o.hotspot_eb_;
}

// Every numeric parameter belongs to one group below (or is suggest_new): a new parameter must
// be placed in one, or a re-analysis would keep a stage it changes.
static_assert(kNumericParameterCount == 7, "place the new parameter in a group below");

bool AnalysisParameters::same_coverage(const AnalysisParameters& o) const {
    return coverage_radius_km() == o.coverage_radius_km() &&
           coverage_minutes() == o.coverage_minutes() && coverage_rule_ == o.coverage_rule_ &&
           coverage_types_ == o.coverage_types_;
}

bool AnalysisParameters::same_clusters(const AnalysisParameters& o) const {
    return cluster_eps_km() == o.cluster_eps_km() && cluster_min_points() == o.cluster_min_points();
}

bool AnalysisParameters::same_hotspots(const AnalysisParameters& o) const {
    return hotspot_permutations() == o.hotspot_permutations() &&
           hotspot_seed() == o.hotspot_seed() && hotspot_variable_ == o.hotspot_variable_ &&
           hotspot_eb_ == o.hotspot_eb_;
}

} // namespace tecsmap
