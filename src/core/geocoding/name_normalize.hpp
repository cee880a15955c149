#pragma once
// Normalisation of the names a register and the Base Adresse Nationale write differently:
// street names ("12 bis av. V. Hugo" / "Avenue Victor Hugo"), house-number suffixes and
// commune names ("ST PAUL TROIS CHATEAUX CEDEX" / "Saint-Paul-Trois-Châteaux"). Pure functions
// on UTF-8 text; the rules are listed in docs/methods.md ("Placement des lignes d'un registre").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tecsmap::geocoding {

/// Longest text the address and commune parsers look at (bytes); longer cells are cut.
inline constexpr std::size_t kMaxTextLength = 256;

/// Lower-case ASCII: Latin letters lose their accents (é→e, œ→oe, ß→ss), every other character
/// (punctuation, apostrophes, hyphens, symbols) becomes a space; runs of spaces collapse.
std::string fold(std::string_view utf8);

/// Words of the folded text.
std::vector<std::string> words(std::string_view utf8);

/// The comparison key of a street name: folded words, abbreviations expanded (bd→boulevard,
/// av→avenue, ch/chem→chemin, rte→route, pl→place, imp→impasse, all→allee, st→saint,
/// ste→sainte, fbg→faubourg, lot→lotissement, crs→cours, ...), articles dropped (de, du, des,
/// la, le, les, l, d, au, aux). "Av. de la Libération" → "avenue liberation".
std::string street_key(std::string_view street);

/// The street key without its leading street type ("avenue liberation" → "liberation"), for
/// registers that omit the type. Empty when the key is only a type.
std::string street_key_without_type(const std::string& key);

/// House-number suffix ("indice de répétition") in the BAN's spelling: bis, ter, quater,
/// quinquies, or a single lower-case letter. "B" → "b", "Bis" → "bis", "t" → "t".
std::string normalize_suffix(std::string_view suffix);

/// An address line split into number, suffix and street. "12 bis av. V. Hugo" →
/// {12, "bis", "av. V. Hugo"}; "12-14 rue X" → {12, "", "rue X"}; "rue X" → {nullopt, "", "rue X"}.
/// Parts that are not the street (a building, "BP 12", "CS 30012", "CEDEX", a postcode and a
/// commune appended) are removed when they are recognisable.
struct AddressLine {
    std::optional<int> number;
    std::string suffix; ///< normalised (normalize_suffix)
    std::string street; ///< as written, without number and suffix
};
AddressLine parse_address_line(std::string_view line);

/// The comparison key of a commune name: folded words, st→saint, ste→sainte, lez→les,
/// s/→sur, a leading article moved back in "(La)" forms, "CEDEX" and what follows removed.
/// "ST PAUL TROIS CHATEAUX CEDEX 3" → "saint paul trois chateaux"; "Roche-de-Glun (La)" →
/// "la roche de glun".
std::string commune_key(std::string_view name);

/// True when the commune text carries a CEDEX mention.
bool has_cedex(std::string_view name);

/// A municipal arrondissement written in the ways registers do: "Lyon 3e", "LYON 3EME",
/// "Marseille 13", "Paris 15e arrondissement", "PARIS 01". Returns the city key
/// ("lyon", "marseille", "paris") and the arrondissement number.
struct ArrondissementRef {
    std::string city;
    int number = 0;
};
std::optional<ArrondissementRef> parse_arrondissement(std::string_view name);

/// A French postcode as typed in a spreadsheet: trims, drops a trailing ".0" and inner spaces,
/// restores the leading zero a number format dropped ("7800" → "07800"). nullopt when the text
/// is not a 4- or 5-digit code.
std::optional<std::string> normalize_postcode(std::string_view raw);

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions, no
/// substring edited twice), stopping early above `limit` (returns limit + 1 then).
int edit_distance(std::string_view a, std::string_view b, int limit);

} // namespace tecsmap::geocoding
