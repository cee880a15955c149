#pragma once
// Small text helpers for reading what French spreadsheets export.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tecsmap::text {

std::string trim(std::string_view s);
bool is_valid_utf8(std::string_view s);
/// Windows-1252 bytes to UTF-8 (through GDAL's CPLRecode).
std::string cp1252_to_utf8(std::string_view s);
/// Lower case, accents removed, spaces/hyphens/dots as '_': "Année" -> "annee",
/// "Code INSEE" -> "code_insee". For matching column names.
std::string normalize_name(std::string_view s);
/// A number as typed in a French or English spreadsheet: "4,5", "4.5", " 1 234,5", "1e3".
/// nullopt when the text is not entirely a number.
std::optional<double> parse_number(std::string_view s);
/// An INSEE commune code as text: trims, upper-cases Corsica's letter, restores the leading
/// zero a spreadsheet dropped ("1001" -> "01001"; "1001.0" too). nullopt when not a code.
std::optional<std::string> normalize_insee(std::string_view s);
/// "26", "2A", "971"; restores "1" -> "01".
std::string normalize_departement(std::string_view s);
/// Département of a current INSEE code ("26281" -> "26", "97411" -> "974", "2A004" -> "2A").
std::string departement_of(const std::string& insee);
/// Text safe to print on a terminal: control characters (C0 but newline and tab, DEL, C1) are
/// replaced by U+FFFD, so that a title read from a file cannot move the cursor, recolour or
/// rewrite the terminal (escape-sequence injection).
std::string printable(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// French number formatting for reports: 524 207 ; 12,5.
std::string fr_integer(long long v);
std::string fr_decimal(double v, int decimals);

} // namespace tecsmap::text

namespace tecsmap::text {
/// True for a code of an overseas département (97xxx).
inline bool is_overseas_code(const std::string& insee) {
    return insee.rfind("97", 0) == 0;
}
} // namespace tecsmap::text
