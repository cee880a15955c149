#pragma once
// The closed vocabularies of the model as types: perimeter kinds, how a point was placed, the
// agrément type of a structure. Their text forms are part of the output contract (GeoPackage
// values), so they are spelt in exactly one place.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tecsmap {

enum class PerimeterKind { PAT, PCAET, CTE };
/// The three kinds, in the order figures are shown.
inline constexpr std::array<PerimeterKind, 3> kPerimeterKinds{
    PerimeterKind::PAT, PerimeterKind::PCAET, PerimeterKind::CTE};
/// "PAT", "PCAET", "CTE".
const char* to_string(PerimeterKind kind);
/// Accepts any case and spacing ("pat", " Pcaet "); nullopt otherwise.
std::optional<PerimeterKind> parse_perimeter_kind(std::string_view text);

/// How a point was placed, most precise first. The text forms are the `located_by` values.
enum class PlacementMethod { None, Coordinates, Address, Commune };
/// "coordinates", "address", "commune"; "" for None (written as NULL).
const char* to_string(PlacementMethod method);

/// Agrément type of a structure. The text forms are the `type` values of the structures layer.
enum class StructureType { CS, EVS, Other };
/// "CS", "EVS", "autre".
const char* to_string(StructureType type);
/// "CS", "EVS", "autre" (exact, as written by to_string); nullopt otherwise.
std::optional<StructureType> parse_structure_type_code(std::string_view text);

} // namespace tecsmap
