#pragma once
// Year over year (issue 13, item 3): initiatives per CTG in year N against year N−1, from the
// initiatives' `year` column. Undated initiatives and those outside the territory do not count.

#include "../points.hpp"
#include "../territory.hpp"

#include <optional>
#include <vector>

namespace tecsmap {

struct CtgEvolution {
    int year = 0;                  ///< N
    std::vector<int> current;      ///< per CTG (parallel to territory.ctgs): initiatives in N
    std::vector<int> previous;     ///< in N−1
    int difference(std::size_t k) const { return current[k] - previous[k]; }
    int total_current() const;
    int total_previous() const;
};

/// The years with at least one dated initiative in the territory, ascending.
std::vector<int> initiative_years(const std::vector<Initiative>& initiatives);

/// Initiatives per CTG in `year` and `year − 1`; `year` defaults to the latest dated year.
/// nullopt when no initiative is dated.
std::optional<CtgEvolution> ctg_evolution(const Territory& territory,
                                          const std::vector<Initiative>& initiatives,
                                          std::optional<int> year = std::nullopt);

/// Class of a difference on the diverging legend: -2 (strong decrease) … 2 (strong increase),
/// with `strong` = the threshold of the outer classes (evolution_threshold()).
int evolution_class(int difference, int strong);
/// max(2, ⌈max |difference| / 2⌉): the outer classes hold the larger half of the changes.
int evolution_threshold(const CtgEvolution& evolution);

} // namespace tecsmap
