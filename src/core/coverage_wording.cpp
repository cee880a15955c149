#include "coverage_wording.hpp"

#include "format.hpp"

#include <algorithm>

namespace tecsmap {

namespace {

bool has(const AnalysisParameters& p, StructureType t) {
    const auto& v = p.coverage_types();
    return std::find(v.begin(), v.end(), t) != v.end();
}

} // namespace

std::string of_covering_structures_phrase(const AnalysisParameters& p) {
    const bool cs = has(p, StructureType::CS), evs = has(p, StructureType::EVS),
               other = has(p, StructureType::Other);
    if (other)
        return "d'une structure (centre social, EVS ou autre lieu)";
    if (cs && evs)
        return "d'un centre social ou d'un EVS";
    if (cs)
        return "d'un centre social";
    return "d'un espace de vie sociale";
}

namespace {

std::string of_structures(const AnalysisParameters& p) {
    return of_covering_structures_phrase(p);
}

} // namespace

std::string covering_structures_phrase(const AnalysisParameters& p) {
    const bool cs = has(p, StructureType::CS), evs = has(p, StructureType::EVS),
               other = has(p, StructureType::Other);
    if (other)
        return "une structure (centre social, EVS ou autre lieu)";
    if (cs && evs)
        return "un centre social ou un EVS";
    if (cs)
        return "un centre social";
    return "un espace de vie sociale";
}

std::string uncovered_phrase(CoverageRule rule, const AnalysisParameters& p) {
    switch (rule) {
    case CoverageRule::Zones:
        return "hors des zones de compétence " + of_structures(p);
    case CoverageRule::ZonesAndDistance:
        return "hors des zones de compétence et à plus de " + fr::km(p.coverage_radius_km()) + " " +
               of_structures(p);
    case CoverageRule::Time:
        return "à plus de " + fr::minutes(p.coverage_minutes()) + " par la route " + of_structures(p);
    case CoverageRule::Distance:
        break;
    }
    return "à plus de " + fr::km(p.coverage_radius_km()) + " " + of_structures(p);
}

std::string rule_phrase(CoverageRule rule, const AnalysisParameters& p) {
    switch (rule) {
    case CoverageRule::Zones:
        return "zones de compétence agréées";
    case CoverageRule::ZonesAndDistance:
        return "zones de compétence agréées ou rayon de " + fr::km(p.coverage_radius_km());
    case CoverageRule::Time:
        return "temps de route : " + fr::minutes(p.coverage_minutes());
    case CoverageRule::Distance:
        break;
    }
    return "rayon de couverture : " + fr::km(p.coverage_radius_km());
}

} // namespace tecsmap
