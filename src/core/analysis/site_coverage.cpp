#include "site_coverage.hpp"

#include "../access/travel_times.hpp"
#include "../errors.hpp"
#include "../format.hpp"
#include "access_inputs.hpp"
#include "coverage_relation.hpp"
#include "inputs.hpp"
#include "situation_coverage.hpp"

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
        d.part.push_back(Territory::npos);
    }
    return d;
}

DemandPoints study_demand(const Territory& territory, const StudyInputs& in) {
    const access::PopulationGrid* grid = in.population.get();
    if (!grid)
        return commune_demand(territory);
    DemandPoints d;
    for (std::size_t i = 0; i < territory.communes.size(); ++i)
        if (grid->communes[i].uniform) {
            d.xy.push_back(territory.communes[i].representative);
            d.weight.push_back(static_cast<double>(territory.communes[i].population));
            d.commune.push_back(i);
            d.part.push_back(Territory::npos);
        }
    for (std::size_t k = 0; k < grid->parts.size(); ++k) {
        const access::GridPart& part = grid->parts[k];
        if (grid->communes[part.commune].uniform)
            continue; // its commune's point stands for it (no one lives in its cells)
        d.xy.push_back(part.point);
        d.weight.push_back(part.population);
        d.commune.push_back(part.commune);
        d.part.push_back(k);
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

StudySiteCoverage::StudySiteCoverage(const Territory& territory, const StudyInputs& in,
                                     const AnalysisParameters& p, CoverageRule rule,
                                     const std::vector<bool>& covers, const DemandPoints& demand)
    : rule_(rule)
    , radius_m_(p.coverage_radius_m())
    , minutes_(p.coverage_minutes())
    , demand_(demand.xy) {
    const std::string radius = fr::km(p.coverage_radius_km());
    if (rule == CoverageRule::Time) {
        if (!in.roads)
            throw StudyError("couverture en temps de trajet (coverage = « temps ») sans réseau "
                             "routier : ajoutez [accessibility] roads à l'étude");
        roads_ = in.roads;
        // The demand's own snaps: a commune's point or a grid part, as the analysis snapped them.
        demand_snaps_.reserve(demand.xy.size());
        for (std::size_t d = 0; d < demand.xy.size(); ++d)
            demand_snaps_.push_back(demand.part[d] == Territory::npos
                                        ? roads_->communes.at(demand.commune[d])
                                        : roads_->parts.at(demand.part[d]));
        std::vector<access::Snap> existing;
        for (std::size_t k = 0; k < in.structures.size(); ++k)
            if (k < covers.size() && covers[k] && in.structures[k].place.xy)
                existing.push_back(in.structure_snaps.at(k));
        existing_.assign(demand.xy.size(), 0);
        if (!existing.empty()) {
            const access::NearestStructure near =
                access::nearest_structure(roads_->graph(), demand_snaps_, existing);
            for (std::size_t d = 0; d < existing_.size(); ++d)
                existing_[d] = near.structure[d] != access::no_structure &&
                               near.minutes[d] <= minutes_;
        }
        description_ = "à " + fr::minutes(minutes_) + " au plus par la route";
        return;
    }
    std::vector<XY> existing;
    for (std::size_t k = 0; k < in.structures.size(); ++k)
        if (k < covers.size() && covers[k] && in.structures[k].place.xy)
            existing.push_back(*in.structures[k].place.xy);
    existing_ = rule == CoverageRule::Zones ? std::vector<char>(demand.xy.size(), 0)
                                            : covered_within_radius(demand.xy, existing, radius_m_);
    if (rule == CoverageRule::Zones || rule == CoverageRule::ZonesAndDistance) {
        const std::vector<char> in_zone =
            inside_zones(covering_zones(territory, in, covers), demand.xy, demand.commune);
        for (std::size_t d = 0; d < existing_.size(); ++d)
            existing_[d] = existing_[d] || in_zone[d];
    }
    switch (rule) {
    case CoverageRule::Zones:
        description_ = "dans la zone de compétence d'une structure existante ; un nouveau site, "
                       "sans zone encore, couvre à " +
                       radius + " au plus à vol d'oiseau";
        break;
    case CoverageRule::ZonesAndDistance:
        description_ = "dans la zone de compétence d'une structure existante, ou à " + radius +
                       " au plus à vol d'oiseau d'une structure ou d'un nouveau site";
        break;
    default:
        description_ = "à " + radius + " au plus à vol d'oiseau";
    }
}

std::vector<std::vector<std::size_t>>
StudySiteCoverage::covers(const std::vector<XY>& sites) const {
    if (rule_ != CoverageRule::Time)
        return covers_within_radius(demand_, sites, radius_m_);
    // Minutes from the demand points to each site: one bounded search per site (both cores).
    const auto within = access::times_within(
        roads_->graph(), demand_snaps_,
        roads_->snapper->snap_all(sites, roads_->settings.walk_kmh), minutes_);
    std::vector<std::vector<std::size_t>> out(sites.size());
    for (std::size_t s = 0; s < sites.size(); ++s) {
        out[s].reserve(within[s].size());
        for (const access::TimeEntry& e : within[s])
            out[s].push_back(e.demand);
    }
    return out;
}

} // namespace tecsmap
