#include "cell_values.hpp"

#include "../geocoding/name_normalize.hpp"
#include "../text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <vector>

namespace tecsmap::registers {

namespace {

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

std::optional<std::string> iso(int y, int m = 0, int d = 0) {
    if (y < 1900 || y > 2100 || m < 0 || m > 12 || d < 0 || (d > 0 && m == 0))
        return std::nullopt;
    if (m > 0 && d > days_in_month(y, m))
        return std::nullopt;
    char buf[32];
    if (m == 0)
        std::snprintf(buf, sizeof buf, "%04d", y);
    else if (d == 0)
        std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(long long z, int& y, int& m, int& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

int month_of(const std::string& w) {
    static const std::vector<std::vector<std::string>> names = {{"janvier", "janv", "jan"},
                                                                {"fevrier", "fevr", "fev"},
                                                                {"mars", "mar"},
                                                                {"avril", "avr"},
                                                                {"mai"},
                                                                {"juin"},
                                                                {"juillet", "juil"},
                                                                {"aout"},
                                                                {"septembre", "sept", "sep"},
                                                                {"octobre", "oct"},
                                                                {"novembre", "nov"},
                                                                {"decembre", "dec"}};
    for (std::size_t i = 0; i < names.size(); ++i)
        for (const std::string& n : names[i])
            if (w == n)
                return static_cast<int>(i) + 1;
    return 0;
}

// The commonest cells, a bare year-month-day ("2021-03-15", "2021/3/5") and a year alone, are
// read without std::regex (about 1 µs a cell through the regexes below: a 100 000-row register
// paid 0.07 s). bare_ymd takes exactly the strings the `ymd` regex matches with no time part;
// anything else goes to the regexes.
bool bare_ymd(const std::string& s, int& y, int& m, int& d) {
    std::size_t at = 0;
    auto digits = [&](std::size_t min, std::size_t max, int& out) {
        std::size_t n = 0;
        out = 0;
        while (at < s.size() && n < max && s[at] >= '0' && s[at] <= '9') {
            out = out * 10 + (s[at++] - '0');
            ++n;
        }
        return n >= min;
    };
    auto separator = [&] {
        if (at < s.size() && (s[at] == '-' || s[at] == '/' || s[at] == '.')) {
            ++at;
            return true;
        }
        return false;
    };
    return digits(4, 4, y) && separator() && digits(1, 2, m) && separator() && digits(1, 2, d) &&
           at == s.size();
}

} // namespace

std::optional<std::string> parse_date(std::string_view raw) {
    const std::string s = text::trim(raw);
    if (s.empty() || s.size() > 64) // no date is longer; keeps std::regex's recursion shallow
        return std::nullopt;
    if (int y = 0, mo = 0, d = 0; bare_ymd(s, y, mo, d))
        return iso(y, mo, d);
    // Digits alone (a year, an Excel serial day) match none of the regexes, which all need a
    // separator: straight to the numbers below.
    const bool digits_only =
        std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    std::smatch m;
    static const std::regex ymd(
        R"(^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$)");
    static const std::regex dmy(
        R"(^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$)");
    static const std::regex my(R"(^(\d{1,2})[-/.](\d{4})$)");
    if (!digits_only) {
        if (std::regex_match(s, m, ymd))
            return iso(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
        if (std::regex_match(s, m, dmy)) {
            int y = std::stoi(m[3]);
            if (m[3].length() == 2)
                y += 2000; // registers of social centres do not go back to the 1900s in two digits
            return iso(y, std::stoi(m[2]), std::stoi(m[1]));
        }
        if (std::regex_match(s, m, my))
            return iso(std::stoi(m[2]), std::stoi(m[1]));
    }
    // Numbers: a year, or an Excel serial day.
    if (auto v = text::parse_number(s)) {
        const double x = *v;
        if (x == std::floor(x) && x >= 1900 && x <= 2100)
            return iso(static_cast<int>(x));
        if (x >= 1 && x < 2958466) {
            const long long serial = static_cast<long long>(std::floor(x));
            if (serial == 60)
                return std::nullopt; // 1900-02-29, which Lotus and Excel invented
            // Serial 1 = 1900-01-01; after the phantom leap day, day 0 is 1899-12-30.
            const long long days_since_1899_12_30 = serial < 60 ? serial + 1 : serial;
            int y = 0, mo = 0, d = 0;
            civil_from_days(days_since_1899_12_30 - 25569, y, mo, d);
            return iso(y, mo, d);
        }
        return std::nullopt;
    }
    // "15 mars 2021", "1er mars 2021", "mars 2021".
    const std::vector<std::string> ws = geocoding::words(s);
    if (ws.size() == 3 || ws.size() == 2) {
        const bool with_day = ws.size() == 3;
        const std::string day = with_day ? ws[0] : "";
        const int month = month_of(ws[with_day ? 1 : 0]);
        const std::string year = ws.back();
        if (month && year.size() == 4 && std::all_of(year.begin(), year.end(), ::isdigit)) {
            if (!with_day)
                return iso(std::stoi(year), month);
            static const std::regex day_re(R"(^(\d{1,2})(er)?$)");
            std::smatch dm;
            if (std::regex_match(day, dm, day_re))
                return iso(std::stoi(year), month, std::stoi(dm[1]));
        }
    }
    return std::nullopt;
}

std::optional<bool> parse_yes_no(std::string_view raw) {
    const std::string n = geocoding::fold(raw);
    if (n.empty())
        return std::nullopt;
    if (n == "1" || n == "oui" || n == "o" || n == "yes" || n == "y" || n == "true" ||
        n == "vrai" || n == "x")
        return true;
    if (n == "0" || n == "non" || n == "n" || n == "no" || n == "false" || n == "faux")
        return false;
    return std::nullopt;
}

std::optional<double> parse_hours(std::string_view raw) {
    std::string s = text::trim(raw);
    if (s.empty() || s.size() > 64)
        return std::nullopt;
    std::smatch m;
    static const std::regex hm(R"(^(\d{1,3})\s*h\s*(\d{2})$)", std::regex::icase);
    if (std::regex_match(s, m, hm)) {
        const int minutes = std::stoi(m[2]);
        if (minutes >= 60)
            return std::nullopt;
        return std::stoi(m[1]) + minutes / 60.0;
    }
    static const std::regex unit(R"(^(.*?)\s*(h|heures?|hrs?)(\s*/\s*mois|\s+par\s+mois)?$)",
                                 std::regex::icase);
    if (std::regex_match(s, m, unit))
        s = m[1];
    auto v = text::parse_number(s);
    if (!v || *v < 0)
        return std::nullopt;
    return *v;
}

} // namespace tecsmap::registers
