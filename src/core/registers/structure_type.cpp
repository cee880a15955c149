#include "structure_type.hpp"

#include "../geocoding/name_normalize.hpp"
#include "../text.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace tecsmap::registers {


namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return (" " + haystack + " ").find(" " + needle + " ") != std::string::npos;
}

} // namespace

StructureTypeResult normalize_structure_type(std::string_view raw) {
    StructureTypeResult r;
    const std::string value = text::trim(raw);
    if (value.empty()) {
        r.warning = "type d'agrément non renseigné : compté comme « autre »";
        return r;
    }
    // Folded words with dotted initials joined: "E.V.S." -> "evs", "C.S.C" -> "csc".
    std::string f;
    {
        const std::vector<std::string> ws = geocoding::words(value);
        std::string initials;
        for (const std::string& w : ws) {
            if (w.size() == 1) {
                initials += w;
                continue;
            }
            if (!initials.empty()) {
                f += (f.empty() ? "" : " ") + initials;
                initials.clear();
            }
            f += (f.empty() ? "" : " ") + w;
        }
        if (!initials.empty())
            f += (f.empty() ? "" : " ") + initials;
    }
    // CAF vocabulary: a centre social holds the "animation globale" agreement (AGC), an EVS the
    // "animation locale" one.
    const bool cs = contains(f, "cs") || contains(f, "csx") || contains(f, "csc") ||
                    contains(f, "agc") || contains(f, "centre social") ||
                    contains(f, "centres sociaux") || contains(f, "centre sociaux") ||
                    contains(f, "centre socio culturel") || contains(f, "centre socioculturel") ||
                    contains(f, "centre social et culturel") || contains(f, "animation globale");
    const bool evs = contains(f, "evs") || contains(f, "espace de vie sociale") ||
                     contains(f, "espaces de vie sociale") || contains(f, "espace vie sociale") ||
                     contains(f, "animation locale");
    if (cs && evs) {
        r.warning =
            "type « " + value + " » à la fois centre social et EVS : compté comme « autre »";
        return r;
    }
    if (cs)
        r.type = StructureType::CS;
    else if (evs)
        r.type = StructureType::EVS;
    else
        r.warning = "type « " + value +
                    " » non reconnu (centre social ou espace de vie sociale attendu) : compté "
                    "comme « autre »";
    return r;
}

} // namespace tecsmap::registers
