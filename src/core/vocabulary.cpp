#include "vocabulary.hpp"

#include "text.hpp"

namespace tecsmap {

const char* to_string(PerimeterKind kind) {
    switch (kind) {
    case PerimeterKind::PAT:
        return "PAT";
    case PerimeterKind::PCAET:
        return "PCAET";
    case PerimeterKind::CTE:
        return "CTE";
    }
    return "";
}

std::optional<PerimeterKind> parse_perimeter_kind(std::string_view text) {
    const std::string n = text::normalize_name(text);
    for (PerimeterKind k : kPerimeterKinds)
        if (n == text::normalize_name(to_string(k)))
            return k;
    return std::nullopt;
}

const char* to_string(PlacementMethod method) {
    switch (method) {
    case PlacementMethod::None:
        return "";
    case PlacementMethod::Coordinates:
        return "coordinates";
    case PlacementMethod::Address:
        return "address";
    case PlacementMethod::Commune:
        return "commune";
    }
    return "";
}

const char* to_string(StructureType type) {
    switch (type) {
    case StructureType::CS:
        return "CS";
    case StructureType::EVS:
        return "EVS";
    case StructureType::Other:
        return "autre";
    }
    return "autre";
}

std::optional<StructureType> parse_structure_type_code(std::string_view text) {
    for (StructureType t : {StructureType::CS, StructureType::EVS, StructureType::Other})
        if (text == to_string(t))
            return t;
    return std::nullopt;
}

} // namespace tecsmap
