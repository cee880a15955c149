#pragma once
// Reads a point table (any GDAL source, or CSV with coordinate columns) and places each row in
// the territory: by its geometry, by coordinate columns, or (when allowed) on the
// representative point of the commune named by an INSEE code column; then finds the commune
// the position lies in. Rows placed outside the territory are diagnosed (swapped axes?).

#include "cog.hpp"
#include "commune_locator.hpp"
#include "crs.hpp"
#include "points.hpp"
#include "vector_table.hpp"

#include <map>
#include <memory>

namespace tecsmap {

class PointTable {
public:
    /// `layer_label` names the layer in messages and rejects ("structures", "initiatives").
    PointTable(const LayerSource& source, const Territory& territory,
               const CommuneLocator& locator, const Cog& cog, std::string layer_label);

    const VectorTable& table() const { return table_; }
    /// Column of a role: the study's explicit mapping first, else the first recognised name.
    std::optional<std::size_t> column(const std::string& role,
                                      const std::vector<std::string>& names) const;
    /// Value of a role's column in a row ("" when the column is absent).
    std::string value(const SourceRow& row, const std::optional<std::size_t>& column) const;

    /// Places a row and finds its commune. On failure of coordinates, `problem` explains why
    /// (for rejects); when `allow_commune` the INSEE code column is the fallback. A position
    /// outside the territory is diagnosed in `diagnostics` (and, when swapping x and y would
    /// put it inside, `problem` says so).
    Placement place(const SourceRow& row, bool allow_commune, std::string& problem,
                    const std::string& label, Diagnostics& diagnostics) const;

    RejectedRow reject(const SourceRow& row, const std::string& reason, bool kept) const;

    /// Location of an earlier row with exactly the same values, if any (duplicate rows).
    std::optional<std::string> duplicate_of(const SourceRow& row) const;
    /// Reports layer-level facts (Windows-1252 decoding, empty layer) once.
    void report_layer(Diagnostics& diagnostics) const;

private:
    /// Position in the metric CRS; `swap_axes` reads x as y and y as x (swap diagnosis).
    std::optional<XY> coordinates(const SourceRow& row, std::string& problem,
                                  bool swap_axes = false) const;
    /// Diagnoses a row that is not in the territory (outside, or swapped coordinates).
    void diagnose_outside(const SourceRow& row, const Placement& place, std::string& problem,
                          const std::string& label, Diagnostics& diagnostics) const;

    const LayerSource& source_;
    const Territory& territory_;
    const CommuneLocator& locator_;
    const Cog& cog_;
    std::string label_;
    VectorTable table_;
    std::optional<std::size_t> x_col_, y_col_, insee_col_;
    bool columns_are_lonlat_ = false;
    std::unique_ptr<Transformer> to_metric_;
    std::map<std::string, std::string> first_location_of_values_;
    std::map<std::int64_t, std::string> duplicates_;
};

} // namespace tecsmap
