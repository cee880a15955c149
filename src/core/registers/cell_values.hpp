#pragma once
// Cell values of registers as spreadsheets hold them: dates (Excel serial numbers, French or
// ISO text, what GDAL's spreadsheet drivers print for date cells), yes/no answers and hours.

#include <optional>
#include <string>
#include <string_view>

namespace tecsmap::registers {

/// A date to ISO 8601, "YYYY-MM-DD" (or "YYYY-MM", "YYYY" when the cell says no more).
/// Accepts: an Excel serial number (1900 date system, 60 = the non-existent 1900-02-29 is
/// refused; fractional part = time, ignored) from 1 to 2958465; 4-digit integers 1900–2100 as a
/// year; "15/03/2021", "15-03-2021", "15.03.2021", "15/03/21" (20xx); "2021-03-15",
/// "2021/03/15" and "2021-03-15T10:00:00" or "2021/03/15 10:00:00" (GDAL's text for a date
/// cell); "03/2021"; "15 mars 2021", "1er mars 2021", "mars 2021". nullopt otherwise, and for
/// impossible dates (31/02/2021).
std::optional<std::string> parse_date(std::string_view raw);

/// oui/non, o/n, yes/no, x (ticked), 1/0, vrai/faux. nullopt for anything else or empty.
std::optional<bool> parse_yes_no(std::string_view raw);

/// Hours per month: "8", "7,5", "8 h", "8h30" (8.5), "8 heures". nullopt otherwise.
std::optional<double> parse_hours(std::string_view raw);

} // namespace tecsmap::registers
