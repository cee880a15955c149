#pragma once
// Places a register row that has no usable coordinates, offline, by the most precise means
// its text allows (issue 11, item 2): its address in a Base Adresse Nationale file, else its
// commune's representative point. The commune is first resolved from the INSEE code, the
// postcode and the name (CommuneGazetteer); a contradiction or an ambiguity is never placed.
// Coordinates are not handled here: the point readers try them first (WGS84 or Lambert-93)
// and call this cascade only when a row has none that can be used.

#include "../territory.hpp"
#include "../vocabulary.hpp"
#include "ban_index.hpp"
#include "commune_gazetteer.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap::geocoding {

/// The `located_by` values of the output contract (vocabulary.hpp).
using tecsmap::PlacementMethod;
using tecsmap::to_string;

/// The location texts of one register row (raw cell values; empty when absent).
struct RegisterRow {
    std::string address; ///< "12 bis av. Victor Hugo" (number and street in one cell)
    std::string
        house_number;   ///< a separate number column ("12", "12 bis"), when the register has one
    std::string street; ///< a separate street column ("voie"), when the register has one
    std::string complement; ///< "Bâtiment B", "Lieu-dit les Granges", "BP 12"...
    std::string postcode;
    std::string commune;
    std::string insee;
};

struct PlacementContext {
    const CommuneGazetteer& gazetteer;
    const Territory& territory;    ///< representative points, metric CRS, preferred départements
    const BanIndex* ban = nullptr; ///< null when the study names no BAN file
};

/// The outcome of the cascade for one row (the readers turn it into the point's Placement).
struct RowPlacement {
    PlacementMethod method = PlacementMethod::None;
    std::optional<XY> xy;   ///< territory's metric CRS; nullopt when not placed
    double precision_m = 0; ///< estimated radius of the error, metres
    std::string insee;      ///< current commune of the placement (or resolved but not placed)
    std::string detail;     ///< French: how ("adresse : numéro exact (12 bis Avenue Victor Hugo)")
    std::vector<std::string> notes; ///< French remarks on a placed row (for a kept reject)
    std::string reason_code;        ///< stable key of the failure (see PlacementStats)
    std::string reason;             ///< French, when not placed
    std::vector<CommuneCandidate> candidates; ///< communes the user may have meant

    bool placed() const { return xy.has_value(); }
    /// Notes (placed) or reason (not placed) with the candidates, as one French sentence for
    /// the rejects layer.
    std::string explanation() const;
};

/// The cascade for a row without usable coordinates: commune resolution, then the address in
/// the BAN (when given and found), else the commune's representative point (when the commune
/// is in the territory). Pure: reads its inputs only.
RowPlacement place_register_row(const RegisterRow& row, const PlacementContext& context);

/// Placement statistics of a layer, for `validate` and the run summary.
class PlacementStats {
public:
    void add(const RowPlacement& placement);
    std::size_t rows() const { return rows_; }
    std::size_t count(PlacementMethod method) const;
    /// Unplaced rows per reason_code, in key order.
    const std::map<std::string, std::size_t>& unplaced_by_reason() const { return unplaced_; }
    /// French lines: "structures : 118 lignes, 12 par coordonnées, 80 par adresse, 23 par
    /// commune, 3 non placées (2 commune ambiguë, 1 code postal et commune discordants)".
    std::string summary(const std::string& layer) const;
    /// French label of a reason_code.
    static std::string reason_label(const std::string& reason_code);

private:
    std::size_t rows_ = 0;
    std::map<PlacementMethod, std::size_t> by_method_;
    std::map<std::string, std::size_t> unplaced_;
};

} // namespace tecsmap::geocoding
