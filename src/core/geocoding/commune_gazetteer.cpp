#include "commune_gazetteer.hpp"

#include "../errors.hpp"
#include "../paths.hpp"
#include "../text.hpp"
#include "../vector_table.hpp"
#include "name_normalize.hpp"

#include <algorithm>
#include <set>

namespace tecsmap::geocoding {

namespace {

std::size_t require(const VectorTable& t, const std::string& name) {
    auto i = t.find_field({name});
    if (!i)
        throw InputError(t.path, "colonne « " + name + " » absente de la table COG");
    return *i;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end())
        v.push_back(s);
}

// The département a postcode belongs to, as far as the postcode tells: 2 digits, 3 overseas,
// "20" for Corsica (2A or 2B).
std::string departement_of_postcode(const std::string& cp) {
    if (cp.rfind("97", 0) == 0)
        return cp.substr(0, 3);
    return cp.substr(0, 2);
}

bool in_departement(const CogCommune* c, const std::string& dep) {
    if (!c)
        return false;
    if (dep == "20")
        return c->departement == "2A" || c->departement == "2B";
    return c->departement == dep;
}

// Fuzzy matching is allowed only where a one-letter slip cannot turn a name into another
// commune's: long names, and a second error only within a postcode's few communes.
int fuzzy_limit(const std::string& key, bool within_postcode) {
    std::size_t letters = 0;
    for (char c : key)
        letters += c != ' ';
    if (within_postcode)
        return letters >= 10 ? 2 : letters >= 5 ? 1 : 0;
    return letters >= 8 ? 1 : 0;
}

std::vector<std::string> intersect(const std::vector<std::string>& a,
                                   const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (const std::string& s : a)
        if (std::find(b.begin(), b.end(), s) != b.end())
            out.push_back(s);
    return out;
}

const std::vector<std::string> kEmpty;

} // namespace

std::string format_candidates(const std::vector<CommuneCandidate>& candidates) {
    std::vector<std::string> parts;
    for (const CommuneCandidate& c : candidates) {
        std::string s = c.nom + " (" + c.insee;
        if (!c.postcodes.empty())
            s += ", CP " + text::join(c.postcodes, " ");
        parts.push_back(s + ")");
    }
    return text::join(parts, " ; ");
}

CommuneGazetteer::CommuneGazetteer(const Cog& cog, const std::string& data_dir)
    : cog_(cog) {
    auto add_name = [&](const std::string& key, const std::string& current) {
        if (key.empty())
            return;
        add_unique(by_name_[key], current);
        add_unique(names_of_[current], key);
    };
    for (const CogCommune* c : cog.communes_of({"*"}))
        add_name(commune_key(c->nom), c->insee);
    for (const std::string& dep : cog.departements("drom"))
        for (const CogCommune* c : cog.communes_of({dep}))
            add_name(commune_key(c->nom), c->insee);
    {
        VectorTable t = read_vector_table(data_dir + "/cog_postcodes.csv");
        const auto insee = require(t, "insee"), cp = require(t, "code_postal");
        for (const SourceRow& r : t.rows) {
            add_unique(by_postcode_[r.values[cp]], r.values[insee]);
            add_unique(postcodes_[r.values[insee]], r.values[cp]);
        }
    }
    {
        VectorTable t = read_vector_table(data_dir + "/cog_names.csv");
        const auto code = require(t, "code"), nom = require(t, "nom"), kind = require(t, "kind"),
                   current = require(t, "current_code");
        for (const SourceRow& r : t.rows) {
            const std::string& cur = r.values[current];
            if (!cog.commune(cur))
                continue; // a former commune whose chef-lieu is not current: nothing to map to
            const std::string key = commune_key(r.values[nom]);
            add_name(key, cur);
            aliases_[key].push_back({r.values[code], cur});
            if (r.values[kind] == "arrondissement") {
                if (auto a = parse_arrondissement(r.values[nom])) {
                    arrondissements_[{a->city, a->number}] = r.values[code];
                    arrondissement_parent_[r.values[code]] = cur;
                }
            }
        }
    }
    for (const auto& [key, codes] : by_name_)
        all_keys_.push_back(key);
    std::sort(all_keys_.begin(), all_keys_.end());
}

const CommuneGazetteer& CommuneGazetteer::bundled() {
    static const CommuneGazetteer g(Cog::bundled(), data_dir());
    return g;
}

const std::vector<std::string>&
CommuneGazetteer::communes_of_postcode(const std::string& cp) const {
    auto it = by_postcode_.find(cp);
    return it == by_postcode_.end() ? kEmpty : it->second;
}

const std::vector<std::string>& CommuneGazetteer::postcodes_of(const std::string& insee) const {
    auto it = postcodes_.find(insee);
    return it == postcodes_.end() ? kEmpty : it->second;
}

const std::vector<std::string>& CommuneGazetteer::communes_named(const std::string& key) const {
    auto it = by_name_.find(key);
    return it == by_name_.end() ? kEmpty : it->second;
}

CommuneCandidate CommuneGazetteer::candidate(const std::string& insee) const {
    const CogCommune* c = cog_.commune(insee);
    return {insee, c ? c->nom : std::string("?"), postcodes_of(insee)};
}

std::string CommuneGazetteer::current_code(const std::string& code) const {
    auto a = arrondissement_parent_.find(code);
    if (a != arrondissement_parent_.end())
        return a->second;
    const CodeMapping m = cog_.map_code(code);
    if (m.kind == CodeMapping::Kind::Old)
        return m.current.front();
    return code;
}

bool CommuneGazetteer::name_fits(const std::string& insee, const std::string& key) const {
    auto it = names_of_.find(insee);
    if (it == names_of_.end())
        return false;
    const int limit = fuzzy_limit(key, false);
    for (const std::string& k : it->second)
        if (k == key || edit_distance(k, key, limit) <= limit)
            return true;
    return false;
}

std::string CommuneGazetteer::former_code_for(const std::string& insee,
                                              const std::string& key) const {
    auto it = aliases_.find(key);
    if (it == aliases_.end())
        return {};
    const CogCommune* c = cog_.commune(insee);
    if (c && commune_key(c->nom) == key)
        return {}; // the current name itself
    for (const Alias& a : it->second)
        if (a.current == insee)
            return a.code;
    return {};
}

std::vector<std::string> CommuneGazetteer::fuzzy_names(const std::string& key,
                                                       const std::vector<std::string>& among,
                                                       int limit) const {
    if (limit <= 0)
        return {};
    int best = limit + 1;
    std::vector<std::string> found;
    auto consider = [&](const std::string& k, const std::vector<std::string>& codes) {
        const int d = edit_distance(k, key, best);
        if (d > limit || d > best)
            return;
        if (d < best) {
            best = d;
            found.clear();
        }
        for (const std::string& c : codes)
            add_unique(found, c);
    };
    if (among.empty()) {
        for (const std::string& k : all_keys_)
            consider(k, by_name_.at(k));
    } else {
        for (const std::string& code : among) {
            auto it = names_of_.find(code);
            if (it != names_of_.end())
                for (const std::string& k : it->second)
                    consider(k, {code});
        }
    }
    return found;
}

CommuneMatch CommuneGazetteer::resolve(const CommuneQuery& q,
                                       const std::vector<std::string>& preferred) const {
    CommuneMatch r;
    using S = CommuneMatch::Status;
    const std::string name = text::trim(q.name);
    const std::string key = commune_key(name);
    const auto arrondissement = parse_arrondissement(name);
    const bool cedex = has_cedex(name) || has_cedex(q.postcode);
    std::optional<std::string> cp;
    if (!text::trim(q.postcode).empty()) {
        cp = normalize_postcode(q.postcode);
        if (!cp) {
            // "26000 Valence" typed in the postcode cell: the first five digits are the code.
            const std::string digits = text::trim(q.postcode).substr(0, 5);
            cp = normalize_postcode(digits);
            if (!cp)
                r.notes.push_back("code postal « " + text::trim(q.postcode) +
                                  " » illisible : ignoré");
        }
    }
    const bool cp_known = cp && by_postcode_.count(*cp) > 0;
    auto label = [&](const std::string& insee) {
        const CogCommune* c = cog_.commune(insee);
        return (c ? c->nom : std::string("?")) + " (" + insee + ")";
    };
    auto candidates = [&](std::vector<std::string> codes) {
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
        if (codes.size() > 12)
            codes.resize(12);
        std::vector<CommuneCandidate> out;
        for (const std::string& c : codes)
            out.push_back(candidate(c));
        return out;
    };
    auto found = [&](const std::string& insee, std::string how) {
        r.status = S::Found;
        r.insee = insee;
        r.how = std::move(how);
        if (r.former_code.empty() && !key.empty())
            r.former_code = former_code_for(insee, key);
        if (arrondissement)
            r.former_code = arrondissements_.at({arrondissement->city, arrondissement->number});
        return r;
    };
    auto fail = [&](S status, std::string code, std::string reason,
                    std::vector<std::string> cands) {
        r.status = status;
        r.reason_code = std::move(code);
        r.reason = std::move(reason);
        r.candidates = candidates(std::move(cands));
        return r;
    };
    // Current codes the name designates (exact key, or the arrondissement's city).
    std::vector<std::string> named;
    if (arrondissement) {
        auto it = arrondissements_.find({arrondissement->city, arrondissement->number});
        if (it != arrondissements_.end())
            named = {arrondissement_parent_.at(it->second)};
    } else if (!key.empty()) {
        named = communes_named(key);
    }
    auto postcodes_text = [&](const std::string& code) {
        const auto& cps = postcodes_of(code);
        return cps.empty() ? std::string("aucun") : text::join(cps, ", ");
    };

    // 1. An INSEE code decides, unless the name or the postcode contradicts it.
    if (!text::trim(q.insee).empty()) {
        const auto code = text::normalize_insee(q.insee);
        std::string current;
        if (!code) {
            r.notes.push_back("code INSEE « " + text::trim(q.insee) + " » illisible : ignoré");
        } else {
            const CodeMapping m = cog_.map_code(*code);
            if (m.kind == CodeMapping::Kind::Current) {
                current = *code;
            } else if (m.kind == CodeMapping::Kind::Old) {
                current = m.current.front();
                r.former_code = *code;
                r.notes.push_back("ancien code INSEE " + *code + " : commune actuelle " +
                                  label(current));
            } else if (m.kind == CodeMapping::Kind::Split) {
                return fail(S::Ambiguous, "split_code",
                            "le code INSEE " + *code +
                                " désigne une ancienne commune partagée entre plusieurs "
                                "communes actuelles : indiquez la commune actuelle",
                            m.current);
            } else if (name.empty() && !cp) {
                return fail(S::Unknown, "unknown_insee",
                            "code INSEE " + *code + " inconnu du Code officiel géographique", {});
            } else {
                r.notes.push_back("code INSEE " + *code + " inconnu du COG : ignoré");
            }
        }
        if (!current.empty()) {
            bool name_agrees = false;
            if (!key.empty()) {
                name_agrees = arrondissement ? (!named.empty() && named.front() == current)
                                             : name_fits(current, key);
                if (!name_agrees) {
                    if (!named.empty()) {
                        std::vector<std::string> labels;
                        for (const std::string& n : named)
                            labels.push_back(label(n));
                        auto v = named;
                        v.push_back(current);
                        return fail(S::Mismatch, "insee_name_mismatch",
                                    "le code INSEE " + *code + " désigne " + label(current) +
                                        ", pas la commune « " + name + " » (" +
                                        text::join(labels, ", ") + ")",
                                    v);
                    }
                    r.notes.push_back("« " + name +
                                      " » n'est pas un nom de commune connu : code INSEE retenu");
                }
            }
            if (cp_known && !cedex) {
                const auto& cps = postcodes_of(current);
                if (std::find(cps.begin(), cps.end(), *cp) == cps.end()) {
                    if (!name_agrees) {
                        auto v = communes_of_postcode(*cp);
                        v.push_back(current);
                        return fail(S::Mismatch, "postcode_mismatch",
                                    "le code postal " + *cp + " ne correspond pas au code INSEE " +
                                        *code + " (" + label(current) + ", CP " +
                                        postcodes_text(current) + ")",
                                    v);
                    }
                    r.notes.push_back("code postal " + *cp + " différent de ceux de " +
                                      label(current) + " (" + postcodes_text(current) +
                                      ") ; code INSEE et nom concordent");
                }
            }
            return found(current, "code INSEE");
        }
    }

    // 2. A commune name, checked against the postcode.
    if (!key.empty()) {
        if (cp_known && !cedex) {
            const auto& in_cp = communes_of_postcode(*cp);
            const auto both = intersect(named, in_cp);
            if (both.size() == 1)
                return found(both.front(), "code postal et nom");
            if (both.size() > 1)
                return fail(S::Ambiguous, "ambiguous_commune",
                            "plusieurs communes « " + name + " » ont le code postal " + *cp +
                                " : indiquez le code INSEE",
                            both);
            if (!named.empty()) {
                auto v = named;
                v.insert(v.end(), in_cp.begin(), in_cp.end());
                return fail(S::Mismatch, "postcode_mismatch",
                            "le code postal " + *cp + " et la commune « " + name +
                                " » ne concordent pas (la commune a pour code postal " +
                                postcodes_text(named.front()) + ")",
                            v);
            }
            const auto near = fuzzy_names(key, in_cp, fuzzy_limit(key, true));
            if (near.size() == 1) {
                r.notes.push_back("commune « " + name + " » lue comme " + label(near.front()) +
                                  " (code postal " + *cp + ")");
                return found(near.front(), "code postal et nom rapproché");
            }
            if (in_cp.size() == 1) {
                r.notes.push_back("« " + name + " » n'est pas un nom de commune connu : commune " +
                                  "retenue par son code postal " + *cp);
                return found(in_cp.front(), "code postal");
            }
            return fail(S::Unknown, "unknown_commune",
                        "commune « " + name + " » introuvable parmi les communes du code postal " +
                            *cp,
                        in_cp);
        }
        // No postcode, or a CEDEX / unknown one: it still tells the département.
        const std::string dep = cp ? departement_of_postcode(*cp) : std::string();
        if (cp)
            r.notes.push_back(cedex ? "code postal CEDEX " + *cp + " : commune retenue par son nom"
                                    : "code postal " + *cp +
                                          " inconnu (CEDEX ?) : commune "
                                          "retenue par son nom");
        if (!dep.empty()) {
            std::vector<std::string> in_dep;
            for (const std::string& c : named)
                if (in_departement(cog_.commune(c), dep))
                    in_dep.push_back(c);
            if (in_dep.size() == 1)
                return found(in_dep.front(), "nom et département du code postal");
            if (in_dep.size() > 1)
                return fail(S::Ambiguous, "ambiguous_commune",
                            "plusieurs communes s'appellent « " + name + " » dans le département " +
                                dep + " : indiquez le code INSEE",
                            in_dep);
            if (!named.empty())
                return fail(S::Mismatch, "postcode_mismatch",
                            "le code postal " + *cp + " (département " + dep +
                                ") et la commune « " + name + " » ne concordent pas",
                            named);
            std::vector<std::string> dep_codes;
            for (const CogCommune* c : cog_.communes_of({dep == "20" ? "2A" : dep}))
                dep_codes.push_back(c->insee);
            if (dep == "20")
                for (const CogCommune* c : cog_.communes_of({"2B"}))
                    dep_codes.push_back(c->insee);
            const auto near = fuzzy_names(key, dep_codes, fuzzy_limit(key, false));
            if (near.size() == 1) {
                r.notes.push_back("commune « " + name + " » lue comme " + label(near.front()));
                return found(near.front(), "nom rapproché");
            }
            return fail(S::Unknown, "unknown_commune",
                        "commune « " + name + " » inconnue dans le département " + dep, {});
        }
        if (named.size() == 1)
            return found(named.front(), "nom");
        auto prefer = [&](const std::vector<std::string>& codes) {
            std::vector<std::string> kept;
            for (const std::string& c : codes)
                for (const std::string& d : preferred)
                    if (in_departement(cog_.commune(c), d))
                        kept.push_back(c);
            return kept;
        };
        if (named.size() > 1) {
            const auto kept = prefer(named);
            if (kept.size() == 1) {
                std::vector<std::string> others;
                for (const std::string& c : named)
                    if (c != kept.front())
                        others.push_back(label(c));
                r.notes.push_back("homonymes hors du territoire ignorés : " +
                                  text::join(others, ", "));
                return found(kept.front(), "nom (homonyme du territoire)");
            }
            return fail(S::Ambiguous, "ambiguous_commune",
                        "plusieurs communes s'appellent « " + name +
                            " » : indiquez le code postal ou le code INSEE",
                        kept.size() > 1 ? kept : named);
        }
        auto near = fuzzy_names(key, {}, fuzzy_limit(key, false));
        if (near.size() > 1) {
            const auto kept = prefer(near);
            if (kept.size() == 1)
                near = kept;
        }
        if (near.size() == 1) {
            r.notes.push_back("commune « " + name + " » lue comme " + label(near.front()));
            return found(near.front(), "nom rapproché");
        }
        return fail(S::Unknown, "unknown_commune",
                    "commune « " + name + " » inconnue du Code officiel géographique", near);
    }

    // 3. A postcode alone.
    if (cp) {
        const auto& in_cp = communes_of_postcode(*cp);
        if (in_cp.size() == 1) {
            r.notes.push_back("commune retenue par son seul code postal " + *cp);
            return found(in_cp.front(), "code postal");
        }
        if (in_cp.size() > 1)
            return fail(S::Ambiguous, "ambiguous_postcode",
                        "le code postal " + *cp + " est partagé par " +
                            std::to_string(in_cp.size()) + " communes : indiquez la commune",
                        in_cp);
        return fail(S::Unknown, "unknown_postcode",
                    "code postal " + *cp + " inconnu (CEDEX ?) et pas de nom de commune", {});
    }
    r.status = S::NotGiven;
    r.reason_code = "no_location";
    r.reason = "ni coordonnées, ni adresse, ni commune";
    return r;
}

} // namespace tecsmap::geocoding
