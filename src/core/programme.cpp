#include "programme.hpp"

#include "geocoding/name_normalize.hpp"
#include "registers/cell_values.hpp"
#include "text.hpp"

#include <cmath>
#include <set>

namespace tecsmap {

using registers::Role;

namespace {

template <typename T> void fill(std::optional<T>& mine, const std::optional<T>& other) {
    if (!mine && other)
        mine = other;
}

// The slot of a role in a year's attributes.
std::optional<bool>* flag_of(ProgrammeYear& y, Role role) {
    switch (role) {
    case Role::BonusInterne:
        return &y.bonus_interne;
    case Role::BonusExterne:
        return &y.bonus_externe;
    case Role::BonusTransversale:
        return &y.bonus_transversale;
    case Role::Ambassador:
        return &y.ambassador;
    case Role::ParticipationPat:
        return &y.participation_pat;
    case Role::ParticipationPcaet:
        return &y.participation_pcaet;
    case Role::ParticipationCte:
        return &y.participation_cte;
    default:
        return nullptr;
    }
}

// One cell into the attributes of a year.
void read_cell(Role role, const std::string& cell, const std::string& field, ProgrammeYear& y,
               std::vector<std::string>& problems) {
    const std::string v = text::trim(cell);
    if (v.empty())
        return;
    const auto bad = [&](const std::string& expected) {
        problems.push_back("valeur « " + text::printable(v) + " » non comprise dans la colonne « " +
                           field + " » (" + expected + ")");
    };
    if (role == Role::AmbassadorHours) {
        if (auto h = registers::parse_hours(v); h && *h >= 0 && *h <= 744)
            y.ambassador_hours = *h;
        else
            bad("un nombre d'heures par mois, par exemple 8 ou 7,5");
        return;
    }
    if (role == Role::Bonus) {
        // The former single column: the dimensions it names ("interne ; transversale"), or a
        // plain yes/no that says nothing about which dimension.
        const std::vector<std::string> words = geocoding::words(v);
        const std::set<std::string> w(words.begin(), words.end());
        bool named = false;
        if (w.count("interne") || w.count("internes")) {
            y.bonus_interne = true;
            named = true;
        }
        if (w.count("externe") || w.count("externes")) {
            y.bonus_externe = true;
            named = true;
        }
        if (w.count("transversale") || w.count("transversal") || w.count("transversales")) {
            y.bonus_transversale = true;
            named = true;
        }
        if (!named && registers::parse_yes_no(v) == false) {
            y.bonus_interne = y.bonus_externe = y.bonus_transversale = false;
        }
        return;
    }
    std::optional<bool>* slot = flag_of(y, role);
    if (!slot)
        return;
    if (auto b = registers::parse_yes_no(v)) {
        *slot = *b;
        return;
    }
    // An ambassador cell holding hours ("8 h") says yes and how much.
    if (role == Role::Ambassador) {
        if (auto h = registers::parse_hours(v); h && *h > 0 && *h <= 744) {
            *slot = true;
            y.ambassador_hours = *h;
            return;
        }
    }
    bad("oui ou non");
}

constexpr Role kProgrammeRoles[] = {
    Role::BonusInterne,    Role::BonusExterne,    Role::BonusTransversale, Role::Bonus,
    Role::Ambassador,      Role::AmbassadorHours, Role::ParticipationPat,  Role::ParticipationPcaet,
    Role::ParticipationCte};

} // namespace

bool ProgrammeYear::empty() const {
    return !bonus_interne && !bonus_externe && !bonus_transversale && !ambassador &&
           !ambassador_hours && !participation_pat && !participation_pcaet && !participation_cte;
}

void ProgrammeYear::fill_from(const ProgrammeYear& o) {
    fill(bonus_interne, o.bonus_interne);
    fill(bonus_externe, o.bonus_externe);
    fill(bonus_transversale, o.bonus_transversale);
    fill(ambassador, o.ambassador);
    fill(ambassador_hours, o.ambassador_hours);
    fill(participation_pat, o.participation_pat);
    fill(participation_pcaet, o.participation_pcaet);
    fill(participation_cte, o.participation_cte);
}

bool ProgrammeAttributes::empty() const {
    if (!undated.empty())
        return false;
    for (const auto& [year, y] : by_year)
        if (!y.empty())
            return false;
    return true;
}

std::vector<int> ProgrammeAttributes::years() const {
    std::vector<int> out;
    for (const auto& [year, y] : by_year)
        if (!y.empty())
            out.push_back(year);
    return out;
}

std::optional<bool> ProgrammeAttributes::ambassador_now() const {
    if (undated.ambassador)
        return undated.ambassador;
    for (auto it = by_year.rbegin(); it != by_year.rend(); ++it)
        if (it->second.ambassador)
            return it->second.ambassador;
    return std::nullopt;
}

std::optional<double> ProgrammeAttributes::ambassador_hours_now() const {
    if (undated.ambassador_hours || undated.ambassador)
        return undated.ambassador_hours;
    for (auto it = by_year.rbegin(); it != by_year.rend(); ++it)
        if (it->second.ambassador_hours || it->second.ambassador)
            return it->second.ambassador_hours;
    return std::nullopt;
}

const ProgrammeYear& ProgrammeAttributes::of_year(int year) const {
    static const ProgrammeYear none;
    auto it = by_year.find(year);
    return it == by_year.end() ? none : it->second;
}

void ProgrammeAttributes::fill_from(const ProgrammeAttributes& o) {
    undated.fill_from(o.undated);
    for (const auto& [year, y] : o.by_year)
        by_year[year].fill_from(y);
}

ProgrammeAttributes read_programme(const registers::RegisterColumns& columns,
                                   const std::vector<std::string>& fields,
                                   const std::vector<std::string>& values,
                                   std::vector<std::string>& problems) {
    ProgrammeAttributes out;
    // The row's own year, for plain columns of a register kept one row per structure and year.
    std::optional<int> row_year;
    if (const std::string y = columns.value(values, Role::Year); !y.empty()) {
        const auto v = text::parse_number(y);
        if (v && *v == std::floor(*v) && *v >= 1990 && *v <= 2100)
            row_year = static_cast<int>(*v);
        else
            problems.push_back("année « " + text::printable(y) + " » illisible (1990 à 2100)");
    }
    ProgrammeYear& plain = row_year ? out.by_year[*row_year] : out.undated;
    for (Role role : kProgrammeRoles) {
        if (auto c = columns.get(role); c && *c < values.size())
            read_cell(role, values[*c], fields[*c], plain, problems);
        auto yearly = columns.yearly.find(role);
        if (yearly == columns.yearly.end())
            continue;
        for (const auto& [year, c] : yearly->second)
            if (c < values.size())
                read_cell(role, values[c], fields[c], out.by_year[year], problems);
    }
    // Years whose cells were all empty say nothing.
    for (auto it = out.by_year.begin(); it != out.by_year.end();)
        it = it->second.empty() ? out.by_year.erase(it) : std::next(it);
    return out;
}

} // namespace tecsmap
