#pragma once
// The French words for what "covered" means in a run: which structures cover (coverage_types)
// and by which rule (distance, agreed zones, both). Titles, legends, the CLI summary, atlas
// pages and the map view's panels all take their wording here, so that a map never says
// « centre social ou EVS » when the study counts only centres sociaux, nor « à plus de 10 km »
// when coverage follows the agreed zones.

#include "parameters.hpp"

#include <string>

namespace tecsmap {

/// « un centre social ou un EVS », « un centre social », « une structure (CS, EVS ou autre
/// lieu) »: the structures that cover, with their article.
std::string covering_structures_phrase(const AnalysisParameters& parameters);
/// The same after « de »: « d'un centre social ou d'un EVS ».
std::string of_covering_structures_phrase(const AnalysisParameters& parameters);

/// What an uncovered inhabitant is, after « population » or « territoire »: « à plus de 10 km
/// d'un centre social ou d'un EVS », « hors des zones de compétence d'un centre social ou d'un
/// EVS », « hors des zones de compétence et à plus de 10 km d'un centre social ou d'un EVS ».
std::string uncovered_phrase(CoverageRule rule, const AnalysisParameters& parameters);

/// The rule in a few words for subtitles: « rayon de couverture : 10 km », « zones de
/// compétence agréées », « zones de compétence agréées ou rayon de 10 km ».
std::string rule_phrase(CoverageRule rule, const AnalysisParameters& parameters);

} // namespace tecsmap
