#pragma once
// The agreement type of a structure (issue 11, item 3): a centre social (CS), an espace de vie
// sociale (EVS), or another place (autre), from whatever the register writes ("Centre Social
// associatif", "CSX", "E.V.S.", "Agrément EVS"...). Only CS and EVS can cover by default; an
// unknown value becomes "autre" with a warning, never a covering structure.

#include "../vocabulary.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace tecsmap::registers {

using tecsmap::StructureType;
using tecsmap::to_string;

struct StructureTypeResult {
    StructureType type = StructureType::Other;
    std::optional<std::string> warning; ///< French, when the value was not understood
};

StructureTypeResult normalize_structure_type(std::string_view raw);

} // namespace tecsmap::registers
