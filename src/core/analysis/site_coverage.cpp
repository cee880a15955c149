#include "site_coverage.hpp"

#include "../format.hpp"
#include "coverage_relation.hpp"

namespace tecsmap {

DemandPoints commune_demand(const Territory& territory) {
    DemandPoints d;
    const std::size_t n = territory.communes.size();
    d.xy.reserve(n);
    d.weight.reserve(n);
    d.commune.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        d.xy.push_back(territory.communes[i].representative);
        d.weight.push_back(static_cast<double>(territory.communes[i].population));
        d.commune.push_back(i);
    }
    return d;
}

RadiusSiteCoverage::RadiusSiteCoverage(std::vector<XY> demand, std::vector<XY> existing,
                                       double radius_m)
    : demand_(std::move(demand))
    , existing_(std::move(existing))
    , radius_m_(radius_m) {}

std::vector<std::vector<std::size_t>>
RadiusSiteCoverage::covers(const std::vector<XY>& sites) const {
    return covers_within_radius(demand_, sites, radius_m_);
}

std::vector<char> RadiusSiteCoverage::already_covered() const {
    return covered_within_radius(demand_, existing_, radius_m_);
}

std::string RadiusSiteCoverage::describe() const {
    return "à " + fr::km(radius_m_ / 1000.0) + " au plus à vol d'oiseau";
}

std::unique_ptr<SiteCoverage> make_site_coverage(CoverageRule rule, const DemandPoints& demand,
                                                 const std::vector<XY>& covering_structures,
                                                 const AnalysisParameters& parameters,
                                                 std::string* note) {
    // Zones and travel times plug in here (see the header): until their engines are wired
    // into the analysis, the location model uses the straight-line rule and says so.
    if (rule != CoverageRule::Distance && note)
        *note = std::string("règle de couverture « ") + to_string(rule) +
                " pas encore prise en compte par les suggestions : distance à vol d'oiseau "
                "utilisée (rayon " +
                fr::km(parameters.coverage_radius_km()) + ")";
    return std::make_unique<RadiusSiteCoverage>(demand.xy, covering_structures,
                                                parameters.coverage_radius_m());
}

} // namespace tecsmap
