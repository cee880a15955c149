#pragma once
// Reads a point table (any GDAL source, CSV as French spreadsheets export it, an XLSX/ODS
// sheet) with its register columns, and places each row in the territory: by its geometry or
// coordinate columns (WGS84 longitude/latitude, or x/y in the study's CRS), else through the
// offline cascade of geocoding::place_register_row (address in the Base Adresse Nationale,
// commune from INSEE code / postcode / name). Then finds the commune the position lies in.
// Rows placed outside the territory are diagnosed (swapped axes?).

#include "commune_locator.hpp"
#include "crs.hpp"
#include "points.hpp"
#include "registers/register_columns.hpp"
#include "vector_table.hpp"

#include <map>
#include <memory>

namespace tecsmap {

/// How one row was placed, with what the rejects layer and the statistics need.
struct RowOutcome {
    Placement place;
    geocoding::RowPlacement cascade; ///< what PlacementStats counts (coordinates included)
    /// French remarks for the rejects layer: refused coordinates, the cascade's notes or its
    /// reason and candidates. Empty when the row was placed without remark.
    std::string problem;
};

class PointTable {
public:
    /// `layer_label` names the layer in messages and rejects ("structures", "initiatives").
    /// Throws InputError naming the file: unreadable source, wrong sheet, no CRS for x/y
    /// columns, a `columns` key or column that does not exist, nothing to place rows with.
    PointTable(const LayerSource& source, const PlacementTools& tools, registers::RegisterKind kind,
               std::string layer_label);

    const VectorTable& table() const { return table_; }
    const registers::RegisterColumns& columns() const { return columns_; }
    /// The trimmed cell of a role in a row ("" when the column is absent).
    std::string value(const SourceRow& row, registers::Role role) const;
    bool has(registers::Role role) const { return columns_.has(role); }

    /// Places the table's row `index`: coordinates first (geometry or columns), else the
    /// cascade. A position outside the territory, or in another commune than the one the row
    /// names, is diagnosed in `diagnostics`.
    RowOutcome place(std::size_t index, const std::string& label, Diagnostics& diagnostics) const;

    RejectedRow reject(const SourceRow& row, const std::string& reason, bool kept) const;

    /// Reads the coordinates of every row and finds their communes ahead of place(), on all
    /// cores: the rows are split by x into one band per thread, each placed west to east by a
    /// CommuneSweep of its own on the tools' locator's envelope tree (prepared geometries are
    /// not for two threads; a sweep holds only the communes across its sweep line). place()
    /// then gives exactly what the locator would have found.
    void locate_rows();

    /// Location of an earlier row with exactly the same values, if any (duplicate rows).
    std::optional<std::string> duplicate_of(const SourceRow& row) const;
    /// Reports layer-level facts once: reading remarks (blank and totals rows, merged header
    /// cells), Windows-1252 decoding, an empty layer, a BAN covering none of the communes.
    void report_layer(Diagnostics& diagnostics) const;

private:
    /// Position in the metric CRS; `swap_axes` reads x as y and y as x (swap diagnosis).
    /// `precision_m` is the precision the written coordinates carry (decimals), when known.
    std::optional<XY> coordinates(const SourceRow& row, std::string& problem,
                                  bool swap_axes = false,
                                  std::optional<double>* precision_m = nullptr) const;
    /// Diagnoses a row that is not in the territory (outside, or swapped coordinates).
    void diagnose_outside(const SourceRow& row, const Placement& place, std::string& problem,
                          const std::string& label, Diagnostics& diagnostics) const;
    /// A row with coordinates in one commune that names another: a warning.
    void diagnose_commune(const SourceRow& row, const Placement& place, const std::string& label,
                          Diagnostics& diagnostics) const;

    const LayerSource& source_;
    const PlacementTools& tools_;
    std::string label_;
    VectorTable table_;
    registers::RegisterColumns columns_;
    std::optional<std::size_t> x_col_, y_col_;
    bool columns_are_lonlat_ = false;
    bool can_use_cascade_ = false;
    std::unique_ptr<Transformer> to_metric_;
    /// What locate_rows() found for each row of the table, by row position (empty before).
    struct Located {
        std::optional<XY> xy;
        std::string problem;
        std::optional<double> precision_m;
        std::size_t commune = Territory::npos;
    };
    std::vector<Located> located_;
    std::map<std::string, std::string> first_location_of_values_;
    std::map<std::int64_t, std::string> duplicates_;
};

} // namespace tecsmap
