#pragma once
// The study file (TOML): what territory to build, which layers to overlay, and the analysis
// parameters. The keys are a contract relied on by scripts; see docs/study-file.md.

#include "parameters.hpp"
#include "scenario.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

/// Whether a layer holds demonstration data (study key `illustrative`): nothing, only the TECS
/// programme attributes of its rows (bonus, ambassadors, governance: `illustrative =
/// "programme"`), or everything (`illustrative = true`). Figures drawn from such data are marked
/// « données de démonstration » wherever they appear.
enum class Illustrative { No, Programme, All };

/// One input layer. In the study file either a path string or an inline table
/// { path = "...", layer = "...", sheet = "Structures", crs = "EPSG:2154",
///   columns = { title = "Intitulé" }, illustrative = true }.
struct LayerSource {
    std::string path;  ///< absolute (resolved against the study file's directory)
    std::string layer; ///< layer name inside a multi-layer source; empty: the first
    std::string sheet; ///< sheet of an XLSX/ODS workbook (accents and case ignored); empty: first
    std::string crs;   ///< CRS to assume when the source has none (CSV x/y, .shp without .prj)
    std::string sql;   ///< a PostGIS source: a query instead of a table (layer)
    std::map<std::string, std::string> columns; ///< role -> column name, e.g. title -> "Intitulé"
    Illustrative illustrative = Illustrative::No;

    /// The sheet or layer to open: `sheet` when given, else `layer`.
    const std::string& sheet_or_layer() const { return sheet.empty() ? layer : sheet; }

    bool operator==(const LayerSource&) const = default;
    /// What to read inside the source: the query when one is given, else the layer (a table of
    /// a PostGIS source, a sheet of a spreadsheet, a layer of a GeoPackage).
    const std::string& table_or_query() const { return sql.empty() ? layer : sql; }
};

/// [territory] population: a grid of populated cells (INSEE's 200 m Filosofi "carreaux") that
/// replaces the uniform-within-commune assumption. A path, or { path, layer, column }.
struct PopulationSource {
    std::string path;           ///< absolute
    std::string layer;          ///< empty: the first layer
    std::string column = "Ind"; ///< the population column (INSEE's `Ind`)

    bool operator==(const PopulationSource&) const = default;
};

/// Decay of the E2SFCA weights with time (docs/methods.md).
enum class E2sfcaDecay {
    Bands,    ///< 1 up to 10 min, 0.68 up to 20, 0.22 up to 30 (Luo & Qi)
    Gaussian, ///< exp(-t²/β), W(10) = 0.68, up to 30 min
};
/// "bands", "gaussian".
const char* to_string(E2sfcaDecay decay);

/// [accessibility]: travel times by road from an OpenStreetMap extract (issue 12). Each value is
/// validated where it is read (the study file's line in messages).
struct AccessibilitySettings {
    std::string roads;     ///< OSM extract (.osm.pbf, .osm, .osm.bz2, .osm.gz); empty: none
    double margin_km = 20; ///< roads kept around the territory's box
    double walk_kmh = 4.5; ///< walking speed off the road (snapping)
    /// Overrides of the default speed table as written ({ primary = 70 }); 0 removes a class.
    std::map<std::string, double> speeds_kmh;
    /// Isochrones to draw (minutes, ascending); empty: none (they are slow: opt-in).
    std::vector<double> isochrone_minutes;
    E2sfcaDecay e2sfca_decay = E2sfcaDecay::Bands;

    bool enabled() const { return !roads.empty(); }
    bool operator==(const AccessibilitySettings&) const = default;
};

/// Valid ranges of the accessibility numbers (messages and docs).
inline constexpr double kMaxMarginKm = 200;
inline constexpr double kMinWalkKmh = 0.5, kMaxWalkKmh = 30;
inline constexpr double kMaxSpeedKmh = 200;

struct Study {
    std::string path; ///< the study file itself
    std::string title = "Transition écologique, citoyenne et solidaire";
    std::string note; ///< shown on maps and the atlas, e.g. which data are illustrative

    // [territory]
    std::vector<std::string> departements{"26"}; ///< codes, or {"*"} for metropolitan France
    std::optional<LayerSource> communes;         ///< default: the obtained boundary files
    std::string communes_code_field;             ///< default: auto-detect
    std::string ctg;                             ///< optional CSV epci_siren;ctg_code;ctg_name
    std::optional<PopulationSource> population;  ///< optional population grid

    // [layers]
    std::optional<LayerSource> structures;
    std::optional<LayerSource> initiatives;
    std::vector<LayerSource> perimeters;
    /// Agreed intervention zones as polygons, keyed by a structure identifier (`columns =
    /// { structure = "..." }`); see docs/study-file.md.
    std::optional<LayerSource> zones;

    // [geocoding]
    std::string ban; ///< Base Adresse Nationale CSV (.csv or .csv.gz) to place addresses; optional

    // [analysis] and [suggest] numbers, each value validated where it was read (its origin
    // names the line)
    AnalysisParameters parameters;
    // [suggest]
    std::optional<LayerSource> suggest_candidates; ///< candidate sites; default: communes
    // [accessibility]
    AccessibilitySettings accessibility;
    // [[scenario]]
    std::vector<Scenario> scenarios; ///< what-if scenarios, in file order (names unique)

    /// "26", "26, 07" or "France métropolitaine" for titles.
    std::string territory_label() const;
};

/// Every file a study reads, with its key ("study", "layers.structures", "layers.perimeters[1]"):
/// for input hashes in run_info and to refuse an output that would overwrite an input.
std::vector<std::pair<std::string, std::string>> study_input_files(const Study& study);

/// The study as TOML, paths relative to `directory` when they are below it.
std::string study_to_toml(const Study& study, const std::string& directory);
/// Writes a study file atomically (OutputError on failure).
void save_study(const Study& study, const std::string& path);
/// Appends one [[scenario]] table at the end of a study file, keeping the rest of the text
/// (comments, order) as it is; atomically. Throws StudyError when a scenario of that name
/// already exists (naming its line), OutputError when the file cannot be written.
void append_scenario(const std::string& path, const Scenario& scenario);

/// Parses a study file. Throws StudyError naming the file, the line and the key for a syntax
/// error, an unknown key or a value of the wrong type.
Study load_study(const std::string& path);
/// Same, from text (path used for messages and to resolve relative paths).
Study parse_study(const std::string& text, const std::string& path);

} // namespace tecsmap
