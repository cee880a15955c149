#include "format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace tecsmap {

namespace {

// Digits of |value| rounded half away from zero to `decimals`, as "1234.50".
std::string rounded_digits(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    // The decimal value nearest to `value` first (so that 2.675 typed in a study, stored as
    // 2.67499999…, still rounds as the 2.675 people typed), then half away from zero.
    char exact[64];
    std::snprintf(exact, sizeof exact, "%.15g", std::abs(value));
    const double v = std::strtod(exact, nullptr);
    const double r = std::round(v * scale) / scale;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, r);
    return buf;
}

std::string group_thousands(const std::string& digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += fr::kThinSpace;
        out += digits[i];
    }
    return out;
}

std::string french(double value, int decimals, bool trim) {
    if (!std::isfinite(value))
        return "—";
    std::string s = rounded_digits(value, decimals);
    std::string int_part = s, frac;
    if (const auto dot = s.find('.'); dot != std::string::npos) {
        int_part = s.substr(0, dot);
        frac = s.substr(dot + 1);
    }
    if (trim)
        while (!frac.empty() && frac.back() == '0')
            frac.pop_back();
    const bool zero =
        int_part.find_first_not_of('0') == std::string::npos && frac.find_first_not_of('0') == std::string::npos;
    std::string out = (value < 0 && !zero) ? "\u2212" : "";
    out += group_thousands(int_part);
    if (!frac.empty())
        out += "," + frac;
    return out;
}

} // namespace

namespace fr {

std::string integer(long long value) {
    const unsigned long long magnitude =
        value < 0 ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    return (value < 0 ? "\u2212" : "") + group_thousands(std::to_string(magnitude));
}

std::string number(double value, int max_decimals) {
    return french(value, max_decimals, true);
}

std::string fixed(double value, int decimals) {
    return french(value, decimals, false);
}

std::string spreadsheet(double value, int decimals) {
    if (!std::isfinite(value))
        return "";
    std::string s = rounded_digits(value, decimals);
    for (char& c : s)
        if (c == '.')
            c = ',';
    const bool zero = s.find_first_not_of("0,") == std::string::npos;
    return (value < 0 && !zero ? "-" : "") + s;
}

std::string km(double kilometres) {
    return number(kilometres, 2) + kThinSpace + "km";
}

std::string percent(double share, int decimals) {
    return fixed(share * 100.0, decimals) + kThinSpace + "%";
}

std::string minutes(double value) {
    return number(value, 1) + kThinSpace + "min";
}

std::string people(double value) {
    return std::isfinite(value) ? integer(static_cast<long long>(std::llround(value))) : "—";
}

} // namespace fr

namespace machine {

std::string number(double value) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

} // namespace machine

} // namespace tecsmap
