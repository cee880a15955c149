#pragma once
// The columns of a structures or initiatives register, recognised by their French (or English)
// names out of the box: accents, case, spaces and punctuation are ignored (text::normalize_name),
// so "Code postal", "CODE_POSTAL" and "code-postal" are one name. A study may still name a
// column explicitly (`structures = { path, sheet, columns = { role = "column" } }`, role keys
// below). Programme attributes held per year ("Bonus interne 2022") are recognised with their
// year.

#include "../geocoding/placement.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tecsmap::registers {

enum class Role {
    // identity and type
    Name,
    Type,
    Category, ///< the kind of place in the register's words (MJC, maison de quartier...)
    Siret,
    Identifier, ///< the register's own key of a structure (zones layer, merged rows)
    Capacity,   ///< supply for the E2SFCA accessibility index (places, staff…)
    AgreementStart,
    AgreementEnd,
    ZoneInsee,
    // location
    Address,
    HouseNumber,
    Street,
    Complement,
    Postcode,
    Commune,
    Insee,
    Longitude,
    Latitude,
    X,
    Y,
    // TECS programme attributes (issue 11, item 5), per year or for the row's year
    Year,
    BonusInterne,
    BonusExterne,
    BonusTransversale,
    Bonus, ///< the former single column of bonus dimensions (bonus_dd)
    Ambassador,
    AmbassadorHours,
    ParticipationPat,
    ParticipationPcaet,
    ParticipationCte,
    // initiatives
    Title,
    Theme,
    Carrier, ///< the structure carrying an initiative
    // both
    Illustrative, ///< « illustratif = oui »: the row is demonstration data
};

enum class RegisterKind { Structures, Initiatives };

struct RoleSpec {
    Role role;
    std::string_view key;                ///< study key in `columns = { key = "..." }`
    std::string_view label;              ///< French, for messages
    std::vector<std::string_view> names; ///< recognised names, already normalised
    bool yearly = false; ///< may also come as one column per year ("bonus_interne_2022")
};

/// Every role with its names, in resolution order.
const std::vector<RoleSpec>& role_specs();
const RoleSpec& spec_of(Role role);
/// The role of a study key ("name", "postcode", ...).
std::optional<Role> role_of_key(std::string_view key);
/// Roles read for a kind of register.
std::vector<Role> roles_of(RegisterKind kind);

/// Which column holds each role in a table.
struct RegisterColumns {
    std::map<Role, std::size_t> column;                ///< role -> field index
    std::map<Role, std::map<int, std::size_t>> yearly; ///< role -> year -> field index
    std::vector<std::string> unknown_keys;    ///< study keys that name no role (French message)
    std::vector<std::string> missing_columns; ///< explicit mappings whose column is absent

    std::optional<std::size_t> get(Role role) const;
    bool has(Role role) const { return column.count(role) > 0; }
    /// The cell of a role in a row, trimmed ("" when the column is absent).
    std::string value(const std::vector<std::string>& values, Role role) const;
};

/// Resolves the columns of `fields` for a kind of register. `explicit_columns` (the study's
/// `columns`, key -> column name) win over recognised names; a field serves one role at most.
RegisterColumns resolve_columns(const std::vector<std::string>& fields, RegisterKind kind,
                                const std::map<std::string, std::string>& explicit_columns = {});

/// The location texts of a row, for geocoding::place_register_row.
geocoding::RegisterRow location_of(const RegisterColumns& columns,
                                   const std::vector<std::string>& values);

/// "Bonus interne 2022" → {"bonus_interne", 2022}: the normalised name without its year
/// (1990–2100), when the name has exactly one.
std::optional<std::pair<std::string, int>> split_year(std::string_view field);

} // namespace tecsmap::registers
