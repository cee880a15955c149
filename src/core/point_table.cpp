#include "point_table.hpp"

#include "errors.hpp"
#include "parallel.hpp"
#include "registers/table_cleanup.hpp"
#include "spreadsheet_table.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace tecsmap {

using registers::Role;

namespace {

// The sheet of a workbook, or the layer (or PostGIS query) of another source (a `sheet` key on
// a CSV is ignored and reported by report_layer).
std::string layer_to_open(const LayerSource& source) {
    return is_spreadsheet_path(source.path) ? source.sheet_or_layer() : source.table_or_query();
}

// Every study key a `columns` table accepts for a kind of register, for messages.
std::string accepted_keys(registers::RegisterKind kind) {
    std::vector<std::string> keys;
    for (Role r : registers::roles_of(kind))
        keys.emplace_back(registers::spec_of(r).key);
    return text::join(keys, ", ");
}

// Decimals written after the decimal separator ("4,8912" -> 4).
int decimals_of(const std::string& s) {
    const auto sep = s.find_first_of(".,");
    if (sep == std::string::npos)
        return 0;
    int n = 0;
    for (std::size_t i = sep + 1; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
         ++i)
        ++n;
    return n;
}

// Precisions are rounded like the cascade's: to the metre under 100 m, to 10 m above.
double round_precision(double m) {
    m = std::max(m, 1.0);
    return m < 100 ? std::round(m) : std::round(m / 10) * 10;
}

std::string append(const std::string& a, const std::string& b) {
    if (a.empty())
        return b;
    if (b.empty())
        return a;
    return a + " ; " + b;
}

} // namespace

PointTable::PointTable(const LayerSource& source, const PlacementTools& tools,
                       registers::RegisterKind kind, std::string layer_label)
    : source_(source)
    , tools_(tools)
    , label_(std::move(layer_label))
    , table_(read_vector_table(source.path, layer_to_open(source))) {
    // Spreadsheets were cleaned by their reader; a CSV holds the same blank and totals rows.
    if (table_.is_csv)
        registers::drop_blank_and_total_rows(table_);
    columns_ = registers::resolve_columns(table_.fields, kind, source.columns);
    if (!columns_.unknown_keys.empty())
        throw InputError(source.path, "clé(s) inconnue(s) dans columns : " +
                                          text::join(columns_.unknown_keys, ", ") +
                                          " (clés possibles : " + accepted_keys(kind) + ")");
    if (!columns_.missing_columns.empty())
        throw InputError(source.path, "colonne(s) absente(s) : " +
                                          text::join(columns_.missing_columns, ", ") +
                                          " ; colonnes lues : " + text::join(table_.fields, ", "));
    gdal::SrsPtr metric = gdal::make_srs(tools.territory.crs);
    can_use_cascade_ = columns_.has(Role::Insee) || columns_.has(Role::Postcode) ||
                       columns_.has(Role::Commune) || columns_.has(Role::Address) ||
                       columns_.has(Role::Street);

    const bool has_geometry = std::any_of(table_.rows.begin(), table_.rows.end(),
                                          [](const SourceRow& r) { return r.geometry != nullptr; });
    gdal::SrsPtr srs;
    if (has_geometry && !table_.is_csv && !table_.is_spreadsheet) {
        if (table_.srs)
            srs = std::move(table_.srs);
        else if (!source.crs.empty())
            srs = gdal::make_srs(source.crs);
        else
            throw InputError(
                source.path,
                "la couche n'a pas de système de coordonnées (fichier .prj absent ?) : "
                "indiquez-le dans l'étude, par exemple " +
                    label_ + " = { path = \"...\", crs = \"EPSG:2154\" }");
    } else {
        // Coordinate columns: longitude/latitude first, then x/y.
        x_col_ = columns_.get(Role::Longitude);
        y_col_ = columns_.get(Role::Latitude);
        columns_are_lonlat_ = x_col_ && y_col_;
        if (!columns_are_lonlat_) {
            x_col_ = columns_.get(Role::X);
            y_col_ = columns_.get(Role::Y);
        }
        if (x_col_ && y_col_) {
            if (!source.crs.empty())
                srs = gdal::make_srs(source.crs);
            else if (columns_are_lonlat_)
                srs = gdal::make_srs("EPSG:4326");
            else
                throw InputError(source.path,
                                 "colonnes de coordonnées x/y sans système de coordonnées : "
                                 "indiquez-le dans l'étude, par exemple " +
                                     label_ + " = { path = \"...\", crs = \"EPSG:2154\" }");
        } else {
            x_col_.reset();
            y_col_.reset();
            if (!can_use_cascade_)
                throw InputError(source.path,
                                 "ni géométrie, ni colonnes longitude/latitude (ou x/y), ni "
                                 "adresse, code postal, commune ou code INSEE : impossible de "
                                 "placer les lignes. Colonnes lues : " +
                                     text::join(table_.fields, ", "));
        }
    }
    if (srs)
        to_metric_ = std::make_unique<Transformer>(*srs, *metric);
    for (const SourceRow& row : table_.rows) {
        std::string key;
        for (const std::string& v : row.values)
            key += v + '\x1F';
        if (row.geometry && !table_.is_csv) {
            char* wkt = nullptr;
            row.geometry->exportToWkt(&wkt);
            key += wkt ? wkt : "";
            CPLFree(wkt);
        }
        auto [it, inserted] = first_location_of_values_.emplace(key, table_.location(row));
        if (!inserted)
            duplicates_[row.fid] = it->second;
    }
}

std::optional<std::string> PointTable::duplicate_of(const SourceRow& row) const {
    auto it = duplicates_.find(row.fid);
    return it == duplicates_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void PointTable::report_layer(Diagnostics& diagnostics) const {
    // Reading remarks with their lines: CSV extra/missing fields and quotes read as written,
    // spreadsheet blank and total rows.
    diagnostics.append(table_.diagnostics);
    if (!source_.sheet.empty() && !table_.is_spreadsheet)
        diagnostics.warn("sheet_ignored",
                         "feuille « " + source_.sheet +
                             " » ignorée : le fichier n'est pas un classeur XLSX ou ODS",
                         table_.path);
    if (table_.recoded_from_cp1252)
        diagnostics.warn("encoding",
                         "le fichier n'est pas en UTF-8 : lu comme Windows-1252 "
                         "(vérifiez les accents)",
                         table_.path);
    if (table_.rows.empty())
        diagnostics.warn("empty_layer", "couche vide", table_.path);
    if (tools_.ban && can_use_cascade_ && !table_.rows.empty()) {
        // Once per layer: a BAN of another département places nothing.
        std::vector<std::string> communes;
        for (const SourceRow& row : table_.rows) {
            const geocoding::CommuneMatch m = tools_.gazetteer.resolve(
                {value(row, Role::Insee), value(row, Role::Postcode), value(row, Role::Commune)},
                tools_.territory.departements);
            if (m.status == geocoding::CommuneMatch::Status::Found)
                communes.push_back(m.insee);
        }
        if (!communes.empty())
            if (std::string w = tools_.ban->coverage_warning(communes); !w.empty())
                diagnostics.warn("ban_coverage", w, tools_.ban->path());
    }
}

std::string PointTable::value(const SourceRow& row, Role role) const {
    return columns_.value(row.values, role);
}

std::optional<XY> PointTable::coordinates(const SourceRow& row, std::string& problem,
                                          bool swap_axes,
                                          std::optional<double>* precision_m) const {
    if (!to_metric_)
        return std::nullopt;
    XY p;
    if (row.geometry && !table_.is_csv && !table_.is_spreadsheet) {
        const OGRwkbGeometryType t = wkbFlatten(row.geometry->getGeometryType());
        const OGRGeometry* g = row.geometry.get();
        if (t == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1)
            g = g->toMultiPoint()->getGeometryRef(0);
        else if (t != wkbPoint) {
            problem = std::string("géométrie de type ") + row.geometry->getGeometryName() +
                      " au lieu d'un point";
            return std::nullopt;
        }
        if (g->IsEmpty()) {
            problem = "point vide";
            return std::nullopt;
        }
        p = {g->toPoint()->getX(), g->toPoint()->getY()};
        if (swap_axes)
            std::swap(p.x, p.y);
    } else if (x_col_ && y_col_) {
        const std::string xs = text::trim(row.values[*x_col_]),
                          ys = text::trim(row.values[*y_col_]);
        if (xs.empty() && ys.empty())
            return std::nullopt; // no coordinates: not a problem, the cascade places the row
        auto x = text::parse_number(xs), y = text::parse_number(ys);
        if (!x || !y) {
            problem = "coordonnées illisibles (« " + text::printable(xs) + " », « " +
                      text::printable(ys) + " »)";
            return std::nullopt;
        }
        p = swap_axes ? XY{*y, *x} : XY{*x, *y};
        if (columns_are_lonlat_ && source_.crs.empty() &&
            (std::abs(p.x) > 180 || std::abs(p.y) > 90)) {
            problem = "longitude/latitude hors limites (" + xs + ", " + ys +
                      ") : coordonnées projetées (Lambert-93 ?) dans des colonnes en degrés";
            return std::nullopt;
        }
        if (precision_m) {
            // What the written decimals can say: half the last decimal place.
            const int d = std::min(decimals_of(xs), decimals_of(ys));
            const bool degrees = columns_are_lonlat_ && source_.crs.empty();
            *precision_m = round_precision(0.5 * std::pow(10.0, -d) * (degrees ? 111320.0 : 1.0));
        }
    } else {
        return std::nullopt;
    }
    if (!to_metric_->transform(p)) {
        problem = "coordonnées impossibles à transformer vers " + tools_.territory.crs;
        return std::nullopt;
    }
    return p;
}

void PointTable::diagnose_outside(const SourceRow& row, const Placement& place,
                                  std::string& problem, const std::string& label,
                                  Diagnostics& diagnostics) const {
    std::string ignored;
    const std::optional<XY> swapped = coordinates(row, ignored, true);
    const bool swapped_inside = swapped && tools_.locator.locate(*swapped) != Territory::npos;
    const std::string where = table_.location(row);
    if (swapped_inside) {
        const std::string why = "longitude et latitude (ou x et y) probablement inversées : la "
                                "position inversée tombe dans le territoire";
        diagnostics.warn("swapped_coordinates", label + " : " + why, table_.path, where);
        problem = append(problem, why);
    } else if (place.xy) {
        // Outside is legitimate for a structure (it serves across the border), suspicious for
        // an initiative.
        diagnostics.add(label_ == "structures" ? Severity::Info : Severity::Warning,
                        "outside_territory", label + " : hors du territoire étudié", table_.path,
                        where);
    }
}

void PointTable::diagnose_commune(const SourceRow& row, const Placement& place,
                                  const std::string& label, Diagnostics& diagnostics) const {
    if (!place.in_territory() || !can_use_cascade_)
        return;
    const geocoding::CommuneQuery q{value(row, Role::Insee), value(row, Role::Postcode),
                                    value(row, Role::Commune)};
    if (q.insee.empty() && q.name.empty())
        return; // a postcode alone often spans several communes: nothing to compare
    const geocoding::CommuneMatch m =
        tools_.gazetteer.resolve(q, tools_.territory.departements);
    const Commune& at = tools_.territory.communes[place.commune];
    if (m.status != geocoding::CommuneMatch::Status::Found || m.insee == at.insee)
        return;
    const geocoding::CommuneCandidate named = tools_.gazetteer.candidate(m.insee);
    diagnostics.warn("commune_mismatch",
                     label + " : les coordonnées tombent dans " + at.nom + " (" + at.insee +
                         "), la ligne indique " + named.nom + " (" + m.insee + ")",
                     table_.path, table_.location(row));
}

RowOutcome PointTable::place(std::size_t index, const std::string& label,
                             Diagnostics& diagnostics) const {
    const SourceRow& row = table_.rows.at(index);
    RowOutcome out;
    Placement& pl = out.place;
    const std::string code_raw = value(row, Role::Insee);
    if (!code_raw.empty())
        pl.insee_given = text::normalize_insee(code_raw).value_or(code_raw);

    std::string problem;
    std::optional<double> precision;
    const Located* ahead = located_.empty() ? nullptr : &located_[index];
    std::optional<XY> xy;
    if (ahead) {
        xy = ahead->xy;
        problem = ahead->problem;
        precision = ahead->precision_m;
    } else {
        xy = coordinates(row, problem, false, &precision);
    }
    if (xy) {
        pl.xy = xy;
        pl.method = PlacementMethod::Coordinates;
        pl.precision_m = precision;
        pl.commune = ahead ? ahead->commune : tools_.locator.locate(*xy);
        if (!pl.in_territory())
            diagnose_outside(row, pl, problem, label, diagnostics);
        else
            diagnose_commune(row, pl, label, diagnostics);
        out.cascade.method = PlacementMethod::Coordinates;
        out.cascade.xy = xy;
        out.cascade.insee = pl.in_territory() ? tools_.territory.communes[pl.commune].insee : "";
        out.problem = problem;
        return out;
    }
    // Refused coordinates that would fall inside once swapped are worth saying.
    if (!problem.empty())
        diagnose_outside(row, pl, problem, label, diagnostics);

    geocoding::RowPlacement& p = out.cascade;
    if (can_use_cascade_) {
        p = geocoding::place_register_row(registers::location_of(columns_, row.values),
                                          {tools_.gazetteer, tools_.territory, tools_.ban});
    } else {
        p.reason_code = "no_location";
        p.reason = "ni coordonnées, ni adresse, ni commune";
    }
    if (!problem.empty() && !p.placed() && p.reason_code == "no_location")
        p.reason_code = "bad_coordinates";
    out.problem = append(problem, p.explanation());
    if (!p.placed())
        return out;
    pl.xy = p.xy;
    pl.method = p.method;
    pl.precision_m = p.precision_m;
    pl.commune = p.method == PlacementMethod::Commune ? tools_.territory.commune_index(p.insee)
                                                      : tools_.locator.locate(*p.xy);
    if (pl.commune == Territory::npos && p.method == PlacementMethod::Commune)
        pl.commune = tools_.locator.locate(*p.xy);
    return out;
}

void PointTable::locate_rows() {
    const std::size_t n = table_.rows.size();
    std::vector<Located> located(n);
    std::vector<std::size_t> placed; // rows with coordinates
    for (std::size_t k = 0; k < n; ++k) {
        Located& l = located[k];
        l.xy = coordinates(table_.rows[k], l.problem, false, &l.precision_m);
        if (l.xy)
            placed.push_back(k);
    }
    // Bands of at least 1024 rows: below that, a second thread costs more than it saves.
    const std::size_t bands = std::max<std::size_t>(
        1, std::min<std::size_t>(thread_count(), placed.size() / 1024));
    std::sort(placed.begin(), placed.end(), [&](std::size_t a, std::size_t b) {
        return located[a].xy->x < located[b].xy->x ||
               (located[a].xy->x == located[b].xy->x && a < b);
    });
    parallel_for(bands, [&](std::size_t band) {
        const std::size_t begin = placed.size() * band / bands;
        const std::size_t end = placed.size() * (band + 1) / bands;
        // Each band sweeps its rows west to east on the reader's envelope tree, with prepared
        // communes of its own, given back behind the sweep (commune_locator.hpp).
        CommuneSweep sweep(tools_.locator);
        for (std::size_t i = begin; i < end; ++i)
            located[placed[i]].commune = sweep.locate(*located[placed[i]].xy);
    });
    located_ = std::move(located);
}

RejectedRow PointTable::reject(const SourceRow& row, const std::string& reason, bool kept) const {
    return {label_, table_.ref(row), table_.raw_values(row), reason, kept};
}

} // namespace tecsmap
