#pragma once
// Rows that were rejected or corrected while reading inputs. They are never lost: the analysis
// writes them to the `rejects` layer with where they came from and why.

#include "source_ref.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct RejectedRow {
    std::string layer;  ///< structures, initiatives, perimeters
    SourceRef source;   ///< file and line (or feature)
    std::string raw;    ///< the raw values, "champ=valeur; ..."
    std::string reason; ///< French explanation
    bool kept = false;  ///< true when the row was corrected and kept, false when dropped
};

using Rejects = std::vector<RejectedRow>;

} // namespace tecsmap
