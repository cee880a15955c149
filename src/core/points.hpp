#pragma once
// The point layers of a study: AVS structures (centres sociaux, EVS, ...) and TECS initiatives,
// read from any GDAL source or from CSV as French spreadsheets export it, placed in the
// territory (position, method, commune) as they are read. These are inputs: what the analysis
// computes about them lives in AnalysisResult.

#include "cog.hpp"
#include "commune_locator.hpp"
#include "geocoding/placement.hpp"
#include "kdtree.hpp"
#include "programme.hpp"
#include "rejects.hpp"
#include "study.hpp"
#include "territory.hpp"
#include "vocabulary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

/// Where a point is and how it was placed.
struct Placement {
    std::optional<XY> xy; ///< metric CRS; nullopt when it could not be placed
    PlacementMethod method = PlacementMethod::None;
    std::optional<double> precision_m; ///< estimated precision of the position
    std::size_t commune = Territory::npos; ///< commune containing xy; npos outside or unplaced
    std::string insee_given; ///< the INSEE code column as read (normalised), may be empty

    bool in_territory() const { return commune != Territory::npos; }
};

struct Structure {
    std::string name;
    StructureType type = StructureType::Other;
    std::string category;           ///< the source's own wording (« MJC », « Centre social »)
    std::string siret;              ///< 14 digits when the register gives one
    std::string identifier;         ///< the register's own key (column id/identifiant)
    std::string agreement_start;    ///< ISO 8601 (« 2021-03-15 », « 2021-03 », « 2021 »)
    std::string agreement_end;      ///< same
    std::vector<std::string> zone_insee; ///< agreed zone: current INSEE codes (column zone_insee)
    std::optional<bool> ambassador; ///< has a TECS ambassador now (undated, else latest year)
    std::string bonus;              ///< the former free-text column of bonus dimensions
    ProgrammeAttributes programme;  ///< bonus, ambassador, governance per year
    bool illustrative = false;      ///< the row is demonstration data (column illustratif)
    /// Supply for the E2SFCA accessibility index (optional `capacity` column: places, staff…);
    /// none: the structure counts for 1.
    std::optional<double> capacity;
    Placement place;
    SourceRef source;
};

struct Initiative {
    std::string title;
    std::optional<int> year;
    std::string theme;
    std::string structure;
    bool illustrative = false; ///< the row is demonstration data (column illustratif)
    Placement place;
    SourceRef source;
};

/// What the point readers need besides the layer: the territory, its commune locator, the
/// COG, the commune gazetteer and the Base Adresse Nationale index (null: no BAN).
struct PlacementTools {
    const Territory& territory;
    const CommuneLocator& locator;
    const Cog& cog;
    const geocoding::CommuneGazetteer& gazetteer;
    const geocoding::BanIndex* ban = nullptr;
};

/// INSEE code of the commune a point lies in, or "" outside.
std::string commune_code(const Territory& territory, const Placement& place);
/// Code of the CTG a point lies in, or "" outside.
std::string ctg_code(const Territory& territory, const Placement& place);
/// Index of the CTG a point lies in, or Territory::npos outside.
std::size_t ctg_index(const Territory& territory, const Placement& place);

/// The year of an ISO 8601 date as the registers give them (« 2021-03-15 », « 2021-03 »,
/// « 2021 »); none when empty.
std::optional<int> date_year(const std::string& iso);
/// Whether an agreement from year `first` to year `last` runs during `year`, a missing bound
/// being open (an undated agreement runs every year).
inline bool agreement_runs(std::optional<int> first, std::optional<int> last, int year) {
    return (!first || *first <= year) && (!last || year <= *last);
}
/// Whether the structure's agreement runs during `year`: from the year of agreement_start to
/// that of agreement_end (agreement_runs).
bool agreed_in_year(const Structure& structure, int year);

/// Reads a structures register (CSV, XLSX/ODS sheet, any GDAL source) and places every row:
/// coordinates first, else the offline cascade (address in the BAN, commune). Rows that cannot
/// be placed are kept out and recorded in `rejects` with their line and reason; rows of the
/// same structure (same SIRET or identifier, or the same name in the same commune) are merged.
/// Layer-level problems (missing file, wrong sheet, no CRS, no name column, a column mapping
/// naming no column) throw InputError. `stats` (optional) counts how every row was placed.
std::vector<Structure> read_structures(const LayerSource& source, const PlacementTools& tools,
                                       Rejects& rejects, Diagnostics& diagnostics,
                                       geocoding::PlacementStats* stats = nullptr);

/// Same, with the bundled gazetteer, no BAN and a locator built here (tests, small tools).
std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const Cog& cog, Rejects& rejects, Diagnostics& diagnostics);

/// Reads initiatives. An initiative that cannot be placed is kept without geometry (method
/// None) and recorded in `rejects` as kept.
std::vector<Initiative> read_initiatives(const LayerSource& source, const PlacementTools& tools,
                                         Rejects& rejects, Diagnostics& diagnostics,
                                         geocoding::PlacementStats* stats = nullptr);
std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const Cog& cog, Rejects& rejects,
                                         Diagnostics& diagnostics);

} // namespace tecsmap
