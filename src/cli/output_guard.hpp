#pragma once
// Outputs must never destroy inputs: an --out naming one of the study's files (the same file
// after resolving links) is refused before any work.

#include "study.hpp"

#include <string>
#include <vector>

namespace tecsmap::cli {

/// Throws UsageError (exit 2) naming the output and the study key of the input it would
/// overwrite.
void refuse_outputs_over_inputs(const Study& study, const std::vector<std::string>& outputs);

} // namespace tecsmap::cli
