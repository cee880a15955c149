#pragma once
// Benjamini–Hochberg (1995) false-discovery-rate adjusted p-values ("q-values" as GeoDa and
// statsmodels' fdr_bh report them).

#include <optional>
#include <vector>

namespace tecsmap {

/// q_(r) = min(1, min_{s >= r} m · p_(s) / s) over the m present p-values sorted ascending
/// (ties in input order). Absent p-values (islands) are not tests: they stay absent and do not
/// count in m. Throws std::invalid_argument on a p-value outside [0, 1] or not finite.
std::vector<std::optional<double>>
benjamini_hochberg(const std::vector<std::optional<double>>& p_values);

} // namespace tecsmap
