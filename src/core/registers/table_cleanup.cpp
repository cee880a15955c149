#include "table_cleanup.hpp"

#include "../text.hpp"

#include <cmath>
#include <set>

namespace tecsmap::registers {

namespace {

bool blank(const SourceRow& row) {
    if (row.geometry)
        return false;
    for (const std::string& v : row.values)
        if (!text::trim(v).empty())
            return false;
    return true;
}

std::string first_cell(const SourceRow& row) {
    for (const std::string& v : row.values)
        if (!text::trim(v).empty())
            return text::trim(v);
    return {};
}

// Every non-empty cell is a number, and at least one numeric column holds the sum of the
// rows above it.
bool is_sum_row(const VectorTable& t, std::size_t r, const std::set<std::size_t>& dropped) {
    const SourceRow& row = t.rows[r];
    bool any_sum = false;
    for (std::size_t c = 0; c < row.values.size(); ++c) {
        const std::string v = text::trim(row.values[c]);
        if (v.empty())
            continue;
        auto x = text::parse_number(v);
        if (!x)
            return false;
        double sum = 0;
        int n = 0;
        for (std::size_t k = 0; k < r; ++k) {
            if (dropped.count(k) || c >= t.rows[k].values.size())
                continue;
            if (auto y = text::parse_number(t.rows[k].values[c])) {
                sum += *y;
                ++n;
            }
        }
        if (n >= 2 && std::abs(sum - *x) <= 1e-6 * std::max(1.0, std::abs(sum)))
            any_sum = true;
    }
    return any_sum;
}

} // namespace

bool is_total_label(std::string_view cell, bool at_bottom) {
    const std::string n = text::normalize_name(cell);
    static const std::set<std::string> exact = {"total",      "totaux",      "total_general",
                                                "sous_total", "sous_totaux", "grand_total",
                                                "totals",     "somme",       "total_generaux"};
    if (exact.count(n))
        return true;
    return at_bottom && (n.rfind("total_", 0) == 0 || n.rfind("sous_total_", 0) == 0 ||
                         n.rfind("totaux_", 0) == 0);
}

std::size_t drop_blank_and_total_rows(VectorTable& table) {
    std::set<std::size_t> blanks, totals;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (blank(table.rows[r]))
            blanks.insert(r);
        else if (is_total_label(first_cell(table.rows[r]), false))
            totals.insert(r);
    }
    // The block at the bottom: from the last row up, totals and blanks only.
    for (std::size_t r = table.rows.size(); r-- > 0;) {
        if (blanks.count(r) || totals.count(r))
            continue;
        std::set<std::size_t> above = blanks;
        above.insert(totals.begin(), totals.end());
        if (is_total_label(first_cell(table.rows[r]), true) || is_sum_row(table, r, above))
            totals.insert(r);
        else
            break;
    }
    auto lines = [&](const std::set<std::size_t>& rows) {
        std::vector<std::string> out;
        for (std::size_t r : rows)
            out.push_back(
                std::to_string(table.rows[r].line > 0 ? table.rows[r].line : table.rows[r].fid));
        return text::join(out, ", ");
    };
    if (!blanks.empty())
        table.diagnostics.info("blank_rows",
                               std::to_string(blanks.size()) + " ligne" +
                                   (blanks.size() > 1 ? "s vides ignorées" : " vide ignorée") +
                                   " (ligne" + (blanks.size() > 1 ? "s " : " ") + lines(blanks) +
                                   ")",
                               table.path);
    for (std::size_t r : totals) {
        const std::string label = first_cell(table.rows[r]);
        table.diagnostics.info("total_row", "ligne de total ignorée (« " + label + " »)",
                               table.path, table.location(table.rows[r]));
    }
    std::vector<SourceRow> kept;
    kept.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        if (!blanks.count(r) && !totals.count(r))
            kept.push_back(std::move(table.rows[r]));
    const std::size_t removed = table.rows.size() - kept.size();
    table.rows = std::move(kept);
    return removed;
}

} // namespace tecsmap::registers
