#pragma once
// Numbers as people read them (French) and as machines read them. Every figure printed by the
// CLI, drawn on a map or shown in the map view goes through here, so that one value is written
// the same way everywhere: 2.5 km is « 2,5 km » in the legend, the subtitle, the atlas, the
// info panel and the terminal alike. Rounding is half away from zero on the decimal value
// (2.25 → « 2,3 »), never printf's binary-dependent half-to-even.

#include <string>

namespace tecsmap::fr {

/// Narrow no-break space (U+202F): French thousands separator and space before « % ».
inline constexpr const char* kThinSpace = "\u202F";

/// 524207 → « 524 207 » (narrow no-break spaces), −1500 → « −1 500 » (true minus sign).
std::string integer(long long value);
/// Rounded to `max_decimals`, trailing zeros dropped: 2.5 → « 2,5 », 10.0 → « 10 »,
/// 1234.56 → « 1 234,56 ». Non-finite values print as « — ».
std::string number(double value, int max_decimals = 2);
/// Always `decimals` digits after the comma: (0.5, 1) → « 0,5 », (12, 1) → « 12,0 ».
std::string fixed(double value, int decimals);
/// For French spreadsheets (CSV): decimal comma, no thousands separator, `decimals` digits:
/// (1234.5, 1) → « 1234,5 », which LibreOffice and Excel read back as a number.
std::string spreadsheet(double value, int decimals);
/// A distance in kilometres: 2.5 → « 2,5 km », 10 → « 10 km », 0.25 → « 0,25 km ».
std::string km(double kilometres);
/// A share in [0, 1] as a percentage: 0.1234 → « 12,3 % ».
std::string percent(double share, int decimals = 1);
/// Minutes: 12.5 → « 12,5 min ».
std::string minutes(double value);
/// A rounded count of people: 1234.6 → « 1 235 ».
std::string people(double value);

} // namespace tecsmap::fr

namespace tecsmap::machine {

/// Shortest text that reads back to the same double, with a dot: 10000 → "10000",
/// 2.5 → "2.5", 0.1 → "0.1". For machine-read tables (run_info, JSON).
std::string number(double value);

} // namespace tecsmap::machine
