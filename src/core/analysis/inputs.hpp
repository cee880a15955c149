#pragma once
// What a study's layers hold once read and placed in the territory: the inputs of the analysis.
// The same reading serves `analyse`, `validate` and the map view.

#include "../cog.hpp"
#include "../feedback.hpp"
#include "../perimeters.hpp"
#include "../points.hpp"
#include "../study.hpp"
#include "../territory.hpp"

#include <vector>

namespace tecsmap {

struct StudyInputs {
    std::vector<Structure> structures;
    std::vector<Initiative> initiatives;
    std::vector<Perimeter> perimeters;
    Rejects rejects;         ///< rejected or corrected rows of every layer
    Diagnostics diagnostics; ///< reading problems (warnings, information)
    int initiatives_in_territory = 0;
    bool has_zones = false; ///< agreed intervention zones were given (default rule zones+distance)
};

/// Reads and places every layer of the study. A layer that cannot be read at all throws
/// (InputError naming the file) unless `layer_errors` is given: then the problem is recorded
/// there as an Error diagnostic and the other layers are still read (what `validate` wants).
StudyInputs read_inputs(const Study& study, const Territory& territory, const Cog& cog,
                        Feedback* feedback = nullptr, Diagnostics* layer_errors = nullptr);

} // namespace tecsmap
