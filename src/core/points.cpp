#include "points.hpp"

#include "errors.hpp"
#include "geocoding/name_normalize.hpp"
#include "paths.hpp"
#include "point_table.hpp"
#include "registers/cell_values.hpp"
#include "registers/structure_type.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

namespace tecsmap {

using registers::Role;

namespace {

// Exact duplicate rows are counted once: listed in rejects and in the messages.
bool skip_duplicate(const PointTable& pt, const SourceRow& row, Rejects& rejects,
                    Diagnostics& diagnostics) {
    auto first = pt.duplicate_of(row);
    if (!first)
        return false;
    const std::string why = "doublon exact de la " + *first + " : ignoré";
    rejects.push_back(pt.reject(row, why, false));
    diagnostics.warn("duplicate_row", why, pt.table().path, pt.table().location(row));
    return true;
}

// The gazetteer of the COG the study is read with: the bundled one is built once per process.
std::unique_ptr<geocoding::CommuneGazetteer> gazetteer_for(const Cog& cog) {
    if (&cog == &Cog::bundled())
        return nullptr;
    return std::make_unique<geocoding::CommuneGazetteer>(cog, data_dir());
}

// Words of a structure's name that tell it apart, for rows of one structure written twice
// ("Centre social La Paz", "CENTRE SOCIAL DE LA PAZ").
std::string name_key(const std::string& name) {
    static const std::set<std::string> stop = {"de", "du", "des", "la", "le",  "les", "l",
                                               "d",  "et", "a",   "au", "aux", "en"};
    std::vector<std::string> kept;
    for (const std::string& w : geocoding::words(name))
        if (!stop.count(w))
            kept.push_back(w);
    return text::join(kept, " ");
}

std::string digits_of(const std::string& s) {
    std::string d;
    for (char c : s)
        if (std::isdigit(static_cast<unsigned char>(c)))
            d += c;
    return d;
}

// "26113;26114", "26113, 26114", "26113 26114": current INSEE codes of an agreed zone. Old
// codes are mapped to their current commune; unknown and split codes are described in
// `problems` and left out.
std::vector<std::string> read_zone_codes(const std::string& cell, const Cog& cog,
                                         std::vector<std::string>& problems) {
    std::vector<std::string> out;
    std::string token;
    auto flush = [&] {
        const std::string t = text::trim(token);
        token.clear();
        if (t.empty())
            return;
        const auto code = text::normalize_insee(t);
        if (!code) {
            problems.push_back("zone_insee : « " + text::printable(t) +
                               " » n'est pas un code INSEE (5 caractères)");
            return;
        }
        const CodeMapping m = cog.map_code(*code);
        if (m.kind == CodeMapping::Kind::Unknown) {
            problems.push_back("zone_insee : code " + *code + " inconnu du COG, ignoré");
            return;
        }
        if (m.kind == CodeMapping::Kind::Split) {
            problems.push_back("zone_insee : ancien code " + *code +
                               " partagé entre plusieurs communes actuelles (" +
                               text::join(m.current, ", ") + ") : indiquez-les");
            return;
        }
        if (std::find(out.begin(), out.end(), m.current.front()) == out.end())
            out.push_back(m.current.front());
    };
    for (char c : cell) {
        if (c == ';' || c == ',' || c == ' ' || c == '|' || c == '/' || c == '\n' || c == '\t')
            flush();
        else
            token += c;
    }
    flush();
    return out;
}

// A date cell to ISO 8601, with a warning when it cannot be read.
std::string read_date(const PointTable& pt, const SourceRow& row, Role role,
                      Diagnostics& diagnostics) {
    const std::string v = pt.value(row, role);
    if (v.empty())
        return {};
    if (auto d = registers::parse_date(v))
        return *d;
    diagnostics.warn("bad_value",
                     std::string(registers::spec_of(role).label) + " « " + text::printable(v) +
                         " » illisible (attendu : 15/03/2021, 2021-03-15 ou une date de tableur)",
                     pt.table().path, pt.table().location(row));
    return {};
}

bool is_illustrative(const PointTable& pt, const SourceRow& row) {
    return registers::parse_yes_no(pt.value(row, Role::Illustrative)).value_or(false);
}

// Merges a structure written on several rows (one row per year, two spellings): the first
// row's position and name stay, the later row's values fill what the first lacks.
void merge_into(Structure& first, const Structure& later) {
    first.programme.fill_from(later.programme);
    for (const std::string& c : later.zone_insee)
        if (std::find(first.zone_insee.begin(), first.zone_insee.end(), c) ==
            first.zone_insee.end())
            first.zone_insee.push_back(c);
    if (first.siret.empty())
        first.siret = later.siret;
    if (first.identifier.empty())
        first.identifier = later.identifier;
    if (first.agreement_start.empty())
        first.agreement_start = later.agreement_start;
    if (first.agreement_end.empty())
        first.agreement_end = later.agreement_end;
    if (first.bonus.empty())
        first.bonus = later.bonus;
    if (!first.capacity)
        first.capacity = later.capacity;
    first.ambassador = first.programme.ambassador_now();
}

// The structures read so far, indexed to find the one a later row repeats: same SIRET, same
// identifier, or the same name key in the same commune of the territory when neither SIRET nor
// identifier tells them apart. Hash lookups: a national register has thousands of rows.
class SameStructureIndex {
public:
    std::optional<std::size_t> find(const std::vector<Structure>& earlier,
                                    const Structure& s) const {
        if (!s.siret.empty())
            if (auto it = by_siret_.find(s.siret); it != by_siret_.end())
                return it->second;
        if (!s.identifier.empty())
            if (auto it = by_identifier_.find(s.identifier); it != by_identifier_.end())
                return it->second;
        const std::string key = name_key(s.name);
        if (key.empty() || !s.place.in_territory())
            return std::nullopt;
        auto it = by_name_.find(name_commune(key, s.place.commune));
        if (it == by_name_.end())
            return std::nullopt;
        for (std::size_t j : it->second) {
            const Structure& e = earlier[j];
            const bool siret_differs = !s.siret.empty() && !e.siret.empty() && s.siret != e.siret;
            const bool id_differs =
                !s.identifier.empty() && !e.identifier.empty() && s.identifier != e.identifier;
            if (!siret_differs && !id_differs)
                return j;
        }
        return std::nullopt;
    }

    /// Records structure `j` (again after a merge: keys it gained are added, none replaced).
    void add(const Structure& s, std::size_t j) {
        if (!s.siret.empty())
            by_siret_.emplace(s.siret, j);
        if (!s.identifier.empty())
            by_identifier_.emplace(s.identifier, j);
        const std::string key = name_key(s.name);
        if (key.empty() || !s.place.in_territory())
            return;
        std::vector<std::size_t>& v = by_name_[name_commune(key, s.place.commune)];
        if (std::find(v.begin(), v.end(), j) == v.end())
            v.push_back(j);
    }

private:
    static std::string name_commune(const std::string& key, std::size_t commune) {
        return key + '\x1f' + std::to_string(commune);
    }
    std::unordered_map<std::string, std::size_t> by_siret_, by_identifier_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_name_;
};

} // namespace

std::string commune_code(const Territory& territory, const Placement& place) {
    return place.in_territory() ? territory.communes[place.commune].insee : std::string();
}

std::size_t ctg_index(const Territory& territory, const Placement& place) {
    return place.in_territory() ? territory.communes[place.commune].ctg : Territory::npos;
}

std::string ctg_code(const Territory& territory, const Placement& place) {
    return place.in_territory() ? territory.ctgs[territory.communes[place.commune].ctg].code
                                : std::string();
}

std::optional<int> date_year(const std::string& iso) {
    // read_date() stores ISO dates only: the year is the first four digits.
    if (iso.size() < 4 || !std::all_of(iso.begin(), iso.begin() + 4,
                                       [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(iso.substr(0, 4));
}

bool agreed_in_year(const Structure& s, int year) {
    return agreement_runs(date_year(s.agreement_start), date_year(s.agreement_end), year);
}

std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const Cog& cog, Rejects& rejects, Diagnostics& diagnostics) {
    const CommuneLocator locator(territory);
    const auto own = gazetteer_for(cog);
    const PlacementTools tools{territory, locator, cog,
                               own ? *own : geocoding::CommuneGazetteer::bundled(), nullptr};
    return read_structures(source, tools, rejects, diagnostics);
}

std::vector<Structure> read_structures(const LayerSource& source, const PlacementTools& tools,
                                       Rejects& rejects, Diagnostics& diagnostics,
                                       geocoding::PlacementStats* stats) {
    PointTable pt(source, tools, registers::RegisterKind::Structures, "structures");
    const std::string& path = pt.table().path;
    if (!pt.has(Role::Name))
        throw InputError(source.path, "colonne du nom de la structure absente (nom, name) ; "
                                      "colonnes lues : " +
                                          text::join(pt.table().fields, ", "));
    pt.report_layer(diagnostics);
    if (!pt.has(Role::Type) && !pt.table().rows.empty())
        diagnostics.warn("no_type_column",
                         "pas de colonne du type d'agrément (type, agrément) : toutes les "
                         "structures comptent comme « autre » et ne couvrent pas le territoire "
                         "(voir [analysis] coverage_types)",
                         path);
    std::vector<Structure> out;
    SameStructureIndex same;
    for (std::size_t r = 0; r < pt.table().rows.size(); ++r) {
        const SourceRow& row = pt.table().rows[r];
        if (skip_duplicate(pt, row, rejects, diagnostics))
            continue;
        const std::string where = pt.table().location(row);
        Structure s;
        s.name = pt.value(row, Role::Name);
        const std::string type_text = pt.value(row, Role::Type);
        s.category = pt.has(Role::Category) ? pt.value(row, Role::Category) : type_text;
        if (pt.has(Role::Type)) {
            const registers::StructureTypeResult t = registers::normalize_structure_type(type_text);
            s.type = t.type;
            if (t.warning)
                diagnostics.warn("structure_type", s.name + " : " + *t.warning, path, where);
        }
        const std::string siret = pt.value(row, Role::Siret);
        s.siret = digits_of(siret);
        if (!siret.empty() && s.siret.size() != 14)
            diagnostics.warn("bad_value",
                             "SIRET « " + text::printable(siret) + " » : 14 chiffres attendus",
                             path, where);
        s.identifier = pt.value(row, Role::Identifier);
        s.agreement_start = read_date(pt, row, Role::AgreementStart, diagnostics);
        s.agreement_end = read_date(pt, row, Role::AgreementEnd, diagnostics);
        if (!s.agreement_start.empty() && !s.agreement_end.empty() &&
            s.agreement_end < s.agreement_start)
            diagnostics.warn("bad_value",
                             s.name + " : fin d'agrément (" + s.agreement_end +
                                 ") antérieure au début (" + s.agreement_start + ")",
                             path, where);
        std::vector<std::string> problems;
        s.zone_insee = read_zone_codes(pt.value(row, Role::ZoneInsee), tools.cog, problems);
        s.programme = read_programme(pt.columns(), pt.table().fields, row.values, problems);
        for (const std::string& p : problems)
            diagnostics.warn("bad_value", s.name + " : " + p, path, where);
        s.ambassador = s.programme.ambassador_now();
        s.bonus = pt.value(row, Role::Bonus);
        s.illustrative = is_illustrative(pt, row);
        s.source = pt.table().ref(row);

        // A structure without coordinates is placed by its address or its commune: coverage
        // needs it, and the best known position is used, its precision recorded.
        RowOutcome o = pt.place(r, s.name, diagnostics);
        if (stats)
            stats->add(o.cascade);
        s.place = o.place;
        if (!s.place.xy) {
            rejects.push_back(
                pt.reject(row,
                          (o.problem.empty() ? "structure sans position" : o.problem) +
                              " : structure écartée",
                          false));
            continue;
        }
        if (!o.problem.empty())
            rejects.push_back(pt.reject(row, o.problem, true));
        if (s.name.empty())
            diagnostics.warn("structure_without_name", "structure sans nom", path, where);
        if (pt.has(Role::Capacity)) {
            // E2SFCA supply: a missing or unusable capacity counts as 1, and says so.
            const std::string cap = pt.value(row, Role::Capacity);
            const auto v = text::parse_number(cap);
            if (v && std::isfinite(*v) && *v >= 0)
                s.capacity = *v;
            else
                diagnostics.warn("bad_value",
                                 (cap.empty() ? std::string("capacité vide")
                                              : "capacité « " + text::printable(cap) +
                                                    " » illisible") +
                                     " : la structure compte pour 1 dans l'indice E2SFCA",
                                 path, where);
        }
        if (auto j = same.find(out, s)) {
            const std::string why = "même structure que la " + out[*j].source.location() + " (« " +
                                    out[*j].name + " ») : lignes réunies, position de la première";
            rejects.push_back(pt.reject(row, why, true));
            merge_into(out[*j], s);
            same.add(out[*j], *j);
            continue;
        }
        same.add(s, out.size());
        out.push_back(std::move(s));
    }
    if (out.empty() && !pt.table().rows.empty())
        diagnostics.warn("empty_layer", "aucune structure utilisable", path);
    return out;
}

std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const Cog& cog, Rejects& rejects,
                                         Diagnostics& diagnostics) {
    const CommuneLocator locator(territory);
    const auto own = gazetteer_for(cog);
    const PlacementTools tools{territory, locator, cog,
                               own ? *own : geocoding::CommuneGazetteer::bundled(), nullptr};
    return read_initiatives(source, tools, rejects, diagnostics);
}

std::vector<Initiative> read_initiatives(const LayerSource& source, const PlacementTools& tools,
                                         Rejects& rejects, Diagnostics& diagnostics,
                                         geocoding::PlacementStats* stats) {
    PointTable pt(source, tools, registers::RegisterKind::Initiatives, "initiatives");
    if (!pt.has(Role::Title))
        throw InputError(source.path, "colonne du titre de l'initiative absente (titre, title) ; "
                                      "colonnes lues : " +
                                          text::join(pt.table().fields, ", "));
    pt.report_layer(diagnostics);
    pt.locate_rows();
    std::vector<Initiative> out;
    for (std::size_t r = 0; r < pt.table().rows.size(); ++r) {
        const SourceRow& row = pt.table().rows[r];
        if (skip_duplicate(pt, row, rejects, diagnostics))
            continue;
        Initiative it;
        it.title = pt.value(row, Role::Title);
        it.theme = pt.value(row, Role::Theme);
        it.structure = pt.value(row, Role::Carrier);
        it.illustrative = is_illustrative(pt, row);
        it.source = pt.table().ref(row);
        const std::string y = pt.value(row, Role::Year);
        if (!y.empty()) {
            // A year, or a date whose year is taken ("15/03/2021").
            const auto d = registers::parse_date(y);
            const int year = d ? std::stoi(d->substr(0, 4)) : 0;
            if (year > 1900 && year < 2200)
                it.year = year;
            else
                diagnostics.warn("bad_value", "année illisible « " + text::printable(y) + " »",
                                 source.path, pt.table().location(row));
        }
        RowOutcome o = pt.place(r, it.title, diagnostics);
        if (stats)
            stats->add(o.cascade);
        it.place = o.place;
        if (!it.place.xy) {
            // Kept without geometry (spec): counted nowhere, but visible in the output.
            rejects.push_back(
                pt.reject(row,
                          (o.problem.empty() ? "ni coordonnées ni commune" : o.problem) +
                              " : initiative gardée sans géométrie",
                          true));
        } else if (!o.problem.empty()) {
            rejects.push_back(pt.reject(row, o.problem, true));
        }
        out.push_back(std::move(it));
    }
    return out;
}

} // namespace tecsmap
