#pragma once
// The TECS programme attributes a register keeps per structure, per year (issue 11, item 5):
// the three sustainable-development bonus dimensions (interne: pratiques professionnelles;
// externe: actions habitants; transversale: projet social et partenariat), the TECS ambassador
// (yes/no, hours per month) and the declared participation in the governance of a PAT, a PCAET
// or a CTE (what the structure says it does, distinct from lying inside a perimeter).

#include "registers/register_columns.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

/// The attributes of one year (or of no particular year). Unset: the register does not say.
struct ProgrammeYear {
    std::optional<bool> bonus_interne;
    std::optional<bool> bonus_externe;
    std::optional<bool> bonus_transversale;
    std::optional<bool> ambassador;
    std::optional<double> ambassador_hours; ///< per month
    std::optional<bool> participation_pat;
    std::optional<bool> participation_pcaet;
    std::optional<bool> participation_cte;

    bool empty() const;
    /// Sets every value `other` has and this one lacks (a second row of the same structure).
    void fill_from(const ProgrammeYear& other);
};

struct ProgrammeAttributes {
    /// Columns without a year, on a register without a year column: they hold "now" and are
    /// counted in ctg_indicators, not in ctg_indicators_by_year.
    ProgrammeYear undated;
    std::map<int, ProgrammeYear> by_year;

    bool empty() const;
    /// Years with at least one value.
    std::vector<int> years() const;
    /// The value that holds now: the undated one when given, else that of the latest year
    /// that says.
    std::optional<bool> ambassador_now() const;
    std::optional<double> ambassador_hours_now() const;
    /// The values of `year` (empty when the register says nothing for it).
    const ProgrammeYear& of_year(int year) const;
    void fill_from(const ProgrammeAttributes& other);
};

/// Reads the programme attributes of a row. Columns per year ("Bonus interne 2022") go to
/// their year; plain columns go to the row's year when the register has a year column and the
/// row a year, else to `undated`. The former free-text column (`bonus_dd`: "interne ;
/// transversale") sets the dimensions it names. Values that are not understood are described
/// in `problems` (French, one per cell) and left unset.
ProgrammeAttributes read_programme(const registers::RegisterColumns& columns,
                                   const std::vector<std::string>& fields,
                                   const std::vector<std::string>& values,
                                   std::vector<std::string>& problems);

} // namespace tecsmap
