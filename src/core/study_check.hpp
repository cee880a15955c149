#pragma once
// Checks a study and all its inputs without running the analyses: what `tecsmap validate`
// prints, what the map view shows when a study cannot be opened. The same reading functions as
// the analysis are used (territory_builder, read_inputs), so that what validate accepts,
// analyse accepts.

#include "analysis/inputs.hpp"
#include "boundary_source.hpp"
#include "feedback.hpp"

#include <memory>
#include <optional>

namespace tecsmap {

struct StudyCheck {
    bool can_analyse = false;
    /// Every problem, errors first in reading order: study, files, territory, layers.
    Diagnostics diagnostics;
    std::optional<Study> study;                 ///< when the study file could be parsed
    std::shared_ptr<const Territory> territory; ///< when the territory could be built
    std::shared_ptr<const StudyInputs> inputs;  ///< when the territory could be built
    /// How the rows of each point layer were placed (PlacementStats::summary), one French line
    /// per layer read: « structures : 118 lignes, 12 par coordonnées, … ».
    std::vector<std::string> placement;
};

/// Never throws for bad input (every problem becomes a diagnostic); throws Cancelled.
StudyCheck check_study(const std::string& path, const Cog& cog,
                       const BoundaryOptions& boundaries = BoundaryOptions::from_environment(),
                       Feedback* feedback = nullptr);

} // namespace tecsmap
