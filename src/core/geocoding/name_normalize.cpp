#include "name_normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <unordered_map>
#include <unordered_set>

namespace tecsmap::geocoding {

namespace {

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes decode to U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) {
        return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    };
    if (c < 0x80) {
        ++i;
        return c;
    }
    if ((c >> 5) == 0x6 && cont(1)) {
        const char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
        i += 2;
        return cp;
    }
    if ((c >> 4) == 0xE && cont(1) && cont(2)) {
        const char32_t cp = ((c & 0x0F) << 12) |
                            ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                            (static_cast<unsigned char>(s[i + 2]) & 0x3F);
        i += 3;
        return cp;
    }
    if ((c >> 3) == 0x1E && cont(1) && cont(2) && cont(3)) {
        i += 4;
        return 0xFFFD; // outside the Latin ranges that names use
    }
    ++i;
    return 0xFFFD;
}

// The ASCII letters of a Latin-1 supplement or Latin Extended-A letter; "" for anything else.
std::string_view fold_code_point(char32_t cp) {
    // U+00C0..U+00FF, upper and lower case share one table (lower case = upper + 0x20).
    static constexpr std::array<std::string_view, 32> latin1 = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "",  "ss"};
    if (cp >= 0xC0 && cp <= 0xDF)
        return latin1[cp - 0xC0];
    if (cp >= 0xE0 && cp <= 0xFF) {
        if (cp == 0xF7)
            return ""; // division sign
        if (cp == 0xFF)
            return "y";
        if (cp == 0xFE || cp == 0xF0)
            return cp == 0xF0 ? "d" : "";
        return latin1[cp - 0xE0];
    }
    switch (cp) {
    case 0x152:
    case 0x153:
        return "oe";
    case 0x178:
        return "y";
    case 0x160:
    case 0x161:
        return "s";
    case 0x17D:
    case 0x17E:
        return "z";
    default:
        return "";
    }
}

const std::unordered_map<std::string, std::string>& street_abbreviations() {
    static const std::unordered_map<std::string, std::string> m = {
        {"bd", "boulevard"},       {"bld", "boulevard"},
        {"blvd", "boulevard"},     {"boul", "boulevard"},
        {"bvd", "boulevard"},      {"av", "avenue"},
        {"ave", "avenue"},         {"aven", "avenue"},
        {"avn", "avenue"},         {"ch", "chemin"},
        {"chem", "chemin"},        {"che", "chemin"},
        {"chm", "chemin"},         {"rte", "route"},
        {"rt", "route"},           {"r", "rue"},
        {"pl", "place"},           {"plc", "place"},
        {"imp", "impasse"},        {"all", "allee"},
        {"al", "allee"},           {"st", "saint"},
        {"ste", "sainte"},         {"fbg", "faubourg"},
        {"fg", "faubourg"},        {"faub", "faubourg"},
        {"lot", "lotissement"},    {"lotis", "lotissement"},
        {"lotiss", "lotissement"}, {"crs", "cours"},
        {"sq", "square"},          {"res", "residence"},
        {"resid", "residence"},    {"prom", "promenade"},
        {"mte", "montee"},         {"mtee", "montee"},
        {"chsee", "chaussee"},     {"sen", "sentier"},
        {"sent", "sentier"},       {"trav", "traverse"},
        {"qrt", "quartier"},       {"quart", "quartier"},
        {"ham", "hameau"},         {"esp", "esplanade"},
        {"espl", "esplanade"},     {"pass", "passage"},
        {"rpt", "rond point"},     {"dr", "docteur"},
        {"gal", "general"},        {"gen", "general"},
        {"gl", "general"},         {"mal", "marechal"},
        {"pdt", "president"},      {"pres", "president"},
        {"cdt", "commandant"},     {"pr", "professeur"},
        {"prof", "professeur"},    {"cne", "capitaine"},
        {"mgr", "monseigneur"},    {"nd", "notre dame"},
        {"ld", "lieu dit"},        {"lieudit", "lieu dit"}};
    return m;
}

bool is_article(const std::string& w) {
    static const std::unordered_set<std::string> a = {"de",  "du", "des", "la", "le",
                                                      "les", "l",  "d",   "au", "aux"};
    return a.count(w) > 0;
}

bool is_street_type(const std::string& w) {
    static const std::unordered_set<std::string> t = {
        "rue",         "avenue",    "boulevard", "chemin",  "route",     "place",
        "impasse",     "allee",     "square",    "quai",    "cours",     "faubourg",
        "lotissement", "residence", "promenade", "passage", "montee",    "chaussee",
        "sentier",     "traverse",  "quartier",  "hameau",  "esplanade", "parvis",
        "cite",        "voie",      "ruelle",    "venelle", "clos",      "domaine",
        "mail",        "parc",      "rond",      "sente",   "carrefour", "grand rue"};
    return t.count(w) > 0;
}

std::string join_words(const std::vector<std::string>& ws) {
    std::string out;
    for (const std::string& w : ws) {
        if (w.empty())
            continue;
        if (!out.empty())
            out += ' ';
        out += w;
    }
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
}

} // namespace

std::string fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    bool space = true; // no leading space
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t cp = next_code_point(utf8, i);
        std::string_view letters;
        char ascii[2] = {0, 0};
        if (cp < 0x80) {
            if (std::isalnum(static_cast<int>(cp))) {
                ascii[0] = static_cast<char>(std::tolower(static_cast<int>(cp)));
                letters = std::string_view(ascii, 1);
            }
        } else {
            letters = fold_code_point(cp);
        }
        if (letters.empty()) {
            if (!space) {
                out += ' ';
                space = true;
            }
            continue;
        }
        out += letters;
        space = false;
    }
    if (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::vector<std::string> words(std::string_view utf8) {
    std::vector<std::string> out;
    const std::string f = fold(utf8);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= f.size(); ++i) {
        if (i == f.size() || f[i] == ' ') {
            if (i > start)
                out.push_back(f.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::string street_key(std::string_view street) {
    std::vector<std::string> out;
    const auto& abbreviations = street_abbreviations();
    for (const std::string& w : words(street)) {
        auto it = abbreviations.find(w);
        const std::string expanded = it == abbreviations.end() ? w : it->second;
        if (is_article(expanded))
            continue;
        out.push_back(expanded);
    }
    return join_words(out);
}

std::string street_key_without_type(const std::string& key) {
    const std::size_t sp = key.find(' ');
    const std::string first = key.substr(0, sp);
    if (!is_street_type(first) || sp == std::string::npos)
        return is_street_type(first) ? std::string() : key;
    std::string rest = key.substr(sp + 1);
    // "rond point X", "lieu dit X": two-word types.
    if ((first == "rond" && rest.rfind("point ", 0) == 0) ||
        (first == "lieu" && rest.rfind("dit ", 0) == 0))
        rest = rest.substr(rest.find(' ') + 1);
    return rest;
}

std::string normalize_suffix(std::string_view suffix) {
    const std::string f = fold(suffix);
    if (f == "b" || f == "bis")
        return f;
    if (f == "ter" || f == "quater" || f == "quinquies")
        return f;
    if (f == "qua")
        return "quater";
    if (f.size() == 1 && std::isalpha(static_cast<unsigned char>(f[0])))
        return f;
    return f;
}

AddressLine parse_address_line(std::string_view raw) {
    AddressLine out;
    // std::regex recurses per character: a runaway cell must not exhaust the stack. No postal
    // address line is anywhere near this long.
    if (raw.size() > kMaxTextLength)
        raw = raw.substr(0, kMaxTextLength);
    // Parts separated by commas; drop what is recognisably not the street.
    static const std::regex postal_tail(R"(\b\d{5}\b.*$)");
    static const std::regex not_street(
        R"(^\s*(bp|b\.p\.|cs|tsa|cedex|bat|bât|bâtiment|batiment|escalier|esc|etage|étage|appt|appartement|porte)\b.*)",
        std::regex::icase);
    std::vector<std::string> parts;
    {
        std::string s(raw);
        s = std::regex_replace(s, postal_tail, "");
        std::size_t start = 0;
        for (std::size_t i = 0; i <= s.size(); ++i) {
            if (i == s.size() || s[i] == ',' || s[i] == ';') {
                std::string part = s.substr(start, i - start);
                while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back())))
                    part.pop_back();
                std::size_t b = 0;
                while (b < part.size() && std::isspace(static_cast<unsigned char>(part[b])))
                    ++b;
                part = part.substr(b);
                if (!part.empty() && !std::regex_match(part, not_street))
                    parts.push_back(part);
                start = i + 1;
            }
        }
    }
    if (parts.empty())
        return out;
    // A part that is only a number ("12, rue X", "12B, rue X") belongs to the next one.
    static const std::regex number_only(
        R"(^\s*(?:n°|no\.?)?\s*\d{1,5}\s*(bis|ter|quater|quinquies|[a-z])?\s*$)",
        std::regex::icase);
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        if (std::regex_match(parts[i], number_only)) {
            parts[i] += " " + parts[i + 1];
            parts.erase(parts.begin() + static_cast<long>(i) + 1);
            break;
        }
    }
    // The street part: the first one starting with a number, else the first naming a street
    // type, else the first one.
    std::size_t chosen = 0;
    bool found = false;
    static const std::regex starts_with_number(R"(^\s*(n°|no|n|num)?\s*\.?\s*\d)",
                                               std::regex::icase);
    for (std::size_t i = 0; i < parts.size() && !found; ++i)
        if (std::regex_search(parts[i], starts_with_number)) {
            chosen = i;
            found = true;
        }
    for (std::size_t i = 0; i < parts.size() && !found; ++i) {
        const std::string key = street_key(parts[i]);
        if (street_key_without_type(key) != key) {
            chosen = i;
            found = true;
        }
    }
    const std::string part = parts[chosen];
    // Number, range, suffix, street. The suffix is a word (bis, ter, quater, quinquies) or a
    // single letter written against the number or alone before the street ("12 B rue X"),
    // except "r" alone, which is the abbreviation of "rue".
    static const std::regex numbered(
        R"(^\s*(?:n°|no\.?|n\.|num\.?)?\s*(\d{1,5})(?:\s*(?:-|/|à|a|et)\s*\d{1,5})?)"
        R"((?:\s*(bis|ter|quater|quinquies)\b|([A-Za-z])\b|\s+([A-HJ-QS-Za-hj-qs-z])\s+)?)"
        R"(\s*,?\s*(.*)$)",
        std::regex::icase);
    std::smatch m;
    if (std::regex_match(part, m, numbered) && !m[5].str().empty()) {
        out.number = std::stoi(m[1].str());
        if (m[2].matched)
            out.suffix = normalize_suffix(m[2].str());
        else if (m[3].matched)
            out.suffix = normalize_suffix(m[3].str());
        else if (m[4].matched)
            out.suffix = normalize_suffix(m[4].str());
        out.street = m[5].str();
    } else {
        out.street = part;
    }
    while (!out.street.empty() && std::isspace(static_cast<unsigned char>(out.street.back())))
        out.street.pop_back();
    return out;
}

bool has_cedex(std::string_view name) {
    for (const std::string& w : words(name))
        if (w == "cedex")
            return true;
    return false;
}

std::string commune_key(std::string_view raw) {
    std::string name(raw.substr(0, std::min(raw.size(), kMaxTextLength)));
    // "Roche-de-Glun (La)" → "La Roche-de-Glun".
    static const std::regex trailing_article(R"(^(.*)\(\s*(le|la|les|l')\s*\)\s*$)",
                                             std::regex::icase);
    std::smatch m;
    if (std::regex_match(name, m, trailing_article))
        name = m[2].str() + " " + m[1].str();
    std::vector<std::string> out;
    for (const std::string& w : words(name)) {
        if (w == "cedex")
            break; // "VALENCE CEDEX 9": the rest is the sorting office
        if (w == "st")
            out.push_back("saint");
        else if (w == "ste")
            out.push_back("sainte");
        else if (w == "lez" || w == "les")
            out.push_back("les");
        else if (w == "s" && !out.empty())
            out.push_back("sur"); // "Romans s/ Isère"
        else
            out.push_back(w);
    }
    return join_words(out);
}

std::optional<ArrondissementRef> parse_arrondissement(std::string_view name) {
    if (name.size() > kMaxTextLength)
        return std::nullopt;
    const std::vector<std::string> ws = words(name);
    if (ws.size() < 2 || (ws[0] != "paris" && ws[0] != "lyon" && ws[0] != "marseille"))
        return std::nullopt;
    static const std::regex ordinal(R"(^0?(\d{1,2})(e|er|eme|ieme|em|ere)?$)");
    std::smatch m;
    std::size_t i = 1;
    std::string token = ws[1];
    // "Lyon 3 e", "Paris 1 er"
    if (i + 1 < ws.size() && all_digits(ws[1]) &&
        (ws[2] == "e" || ws[2] == "er" || ws[2] == "eme" || ws[2] == "ieme")) {
        token = ws[1] + ws[2];
        ++i;
    }
    if (!std::regex_match(token, m, ordinal))
        return std::nullopt;
    for (std::size_t k = i + 1; k < ws.size(); ++k)
        if (ws[k] != "arrondissement" && ws[k] != "arr" && ws[k] != "arrt" && ws[k] != "cedex" &&
            !all_digits(ws[k]))
            return std::nullopt;
    const int n = std::stoi(m[1].str());
    const int max = ws[0] == "paris" ? 20 : ws[0] == "lyon" ? 9 : 16;
    if (n < 1 || n > max)
        return std::nullopt;
    return ArrondissementRef{ws[0], n};
}

std::optional<std::string> normalize_postcode(std::string_view raw) {
    std::string s;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == ' ' || c == '\t')
            continue;
        if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < raw.size() &&
            static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
            ++i; // no-break space
            continue;
        }
        s += c;
    }
    for (const char* tail : {".0", ",0"})
        if (s.size() > 2 && s.compare(s.size() - 2, 2, tail) == 0)
            s.resize(s.size() - 2);
    if (!all_digits(s) || s.size() < 4 || s.size() > 5)
        return std::nullopt;
    if (s.size() == 4)
        s = "0" + s;
    return s;
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    if (std::abs(n - m) > limit)
        return limit + 1;
    // Three rows of the optimal-string-alignment table.
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (int j = 0; j <= m; ++j)
        prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > limit)
            return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], limit + 1);
}

} // namespace tecsmap::geocoding
