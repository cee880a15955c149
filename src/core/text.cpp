#include "text.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tecsmap::text {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        if (c < 0x80)
            n = 0;
        else if ((c >> 5) == 0x6 && c >= 0xC2)
            n = 1;
        else if ((c >> 4) == 0xE)
            n = 2;
        else if ((c >> 3) == 0x1E && c <= 0xF4)
            n = 3;
        else
            return false;
        if (i + n >= s.size() && n > 0)
            return false; // truncated sequence
        for (std::size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
                return false;
        i += n + 1;
    }
    return true;
}

std::string cp1252_to_utf8(std::string_view s) {
    std::string in(s);
    char* out = CPLRecode(in.c_str(), "CP1252", CPL_ENC_UTF8);
    std::string r(out ? out : "");
    CPLFree(out);
    return r;
}

std::string normalize_name(std::string_view s) {
    // Fold the accented letters French column names use; anything else non-ASCII is dropped.
    static const std::pair<std::string_view, char> folds[] = {
        {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'},
        {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'},
        {"ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'}, {"À", 'a'}, {"Â", 'a'}, {"Î", 'i'},
        {"Ô", 'o'}, {"Û", 'u'}, {"Ç", 'c'}, {"œ", 'o'}};
    std::string out;
    const std::string t = trim(s);
    for (std::size_t i = 0; i < t.size();) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            if (std::isalnum(c))
                out += static_cast<char>(std::tolower(c));
            else if (!out.empty() && out.back() != '_')
                out += '_';
            ++i;
            continue;
        }
        bool folded = false;
        for (const auto& [from, to] : folds) {
            if (t.compare(i, from.size(), from) == 0) {
                out += to;
                i += from.size();
                folded = true;
                break;
            }
        }
        if (!folded)
            ++i;
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

std::optional<double> parse_number(std::string_view raw) {
    std::string s;
    for (char c : trim(raw)) {
        if (c == ' ' || c == '\t')
            continue; // thousands separators typed as spaces
        s += (c == ',') ? '.' : c;
    }
    // "\xC2\xA0" (no-break space) is a common thousands separator too.
    for (std::size_t p; (p = s.find("\xC2\xA0")) != std::string::npos;)
        s.erase(p, 2);
    if (s.empty())
        return std::nullopt;
    double v = 0;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (*b == '+')
        ++b;
    auto [ptr, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || ptr != e || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<std::string> normalize_insee(std::string_view raw) {
    std::string s = trim(raw);
    // Spreadsheets may turn 26281 into "26281.0".
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0)
        s.resize(s.size() - 2);
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (s.size() == 4 && std::all_of(s.begin(), s.end(), ::isdigit))
        s = "0" + s;
    if (s.size() != 5)
        return std::nullopt;
    const bool corsica = (s[0] == '2' && (s[1] == 'A' || s[1] == 'B'));
    for (std::size_t i = 0; i < 5; ++i) {
        if (corsica && i == 1)
            continue;
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return std::nullopt;
    }
    return s;
}

std::string normalize_departement(std::string_view raw) {
    std::string s = trim(raw);
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (s.size() == 1 && std::isdigit(static_cast<unsigned char>(s[0])))
        s = "0" + s;
    return s;
}

std::string departement_of(const std::string& insee) {
    if (insee.rfind("97", 0) == 0)
        return insee.substr(0, 3);
    return insee.substr(0, 2);
}

std::string printable(std::string_view s) {
    static const std::string replacement = "\xEF\xBF\xBD"; // U+FFFD
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            out += replacement;
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            out += replacement; // a C1 control (U+0080..U+009F), e.g. CSI
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += sep;
        out += parts[i];
    }
    return out;
}

std::string fr_integer(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += "\u202F"; // narrow no-break space, as French typography wants
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string fr_decimal(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s(buf);
    for (char& c : s)
        if (c == '.')
            c = ',';
    return s;
}

} // namespace tecsmap::text
