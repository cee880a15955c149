#include "point_table.hpp"

#include "errors.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>

namespace tecsmap {

namespace {
const std::vector<std::string> kLonNames = {"longitude", "lon", "lng", "long", "x_wgs84"};
const std::vector<std::string> kLatNames = {"latitude", "lat", "y_wgs84"};
const std::vector<std::string> kXNames = {"x", "coord_x", "x_l93", "xl93", "easting"};
const std::vector<std::string> kYNames = {"y", "coord_y", "y_l93", "yl93", "northing"};
const std::vector<std::string> kInseeNames = {
    "code_insee", "insee", "insee_com", "code_commune", "codgeo", "commune_insee", "cog"};
} // namespace

PointTable::PointTable(const LayerSource& source, const Territory& territory,
                       const CommuneLocator& locator, const Cog& cog, std::string layer_label)
    : source_(source)
    , territory_(territory)
    , locator_(locator)
    , cog_(cog)
    , label_(std::move(layer_label))
    , table_(read_vector_table(source.path, source.table_or_query())) {
    gdal::SrsPtr metric = gdal::make_srs(territory.crs);
    insee_col_ = column("insee", kInseeNames);

    const bool has_geometry = std::any_of(table_.rows.begin(), table_.rows.end(),
                                          [](const SourceRow& r) { return r.geometry != nullptr; });
    gdal::SrsPtr srs;
    if (has_geometry && !table_.is_csv) {
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
        // Coordinate columns. Explicit mapping first, then longitude/latitude, then x/y.
        x_col_ = column("longitude", kLonNames);
        y_col_ = column("latitude", kLatNames);
        columns_are_lonlat_ = x_col_ && y_col_;
        if (!columns_are_lonlat_) {
            x_col_ = column("x", kXNames);
            y_col_ = column("y", kYNames);
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
            if (!insee_col_)
                throw InputError(source.path,
                                 "ni géométrie, ni colonnes longitude/latitude (ou x/y), ni code "
                                 "INSEE : impossible de placer les lignes. Colonnes lues : " +
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
    if (table_.recoded_from_cp1252)
        diagnostics.warn("encoding",
                         "le fichier n'est pas en UTF-8 : lu comme Windows-1252 "
                         "(vérifiez les accents)",
                         table_.path);
    if (table_.rows.empty())
        diagnostics.warn("empty_layer", "couche vide", table_.path);
}

std::optional<std::size_t> PointTable::column(const std::string& role,
                                              const std::vector<std::string>& names) const {
    auto it = source_.columns.find(role);
    if (it != source_.columns.end()) {
        auto c = table_.find_field({}, it->second);
        if (!c)
            throw InputError(source_.path,
                             "colonne « " + it->second + " » (columns." + role +
                                 ") absente ; colonnes lues : " + text::join(table_.fields, ", "));
        return c;
    }
    return table_.find_field(names);
}

std::string PointTable::value(const SourceRow& row, const std::optional<std::size_t>& c) const {
    return c ? text::trim(row.values[*c]) : std::string();
}

std::optional<XY> PointTable::coordinates(const SourceRow& row, std::string& problem,
                                          bool swap_axes) const {
    if (!to_metric_)
        return std::nullopt;
    XY p;
    if (row.geometry && !table_.is_csv) {
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
        if (xs.empty() && ys.empty()) {
            problem = "coordonnées absentes";
            return std::nullopt;
        }
        auto x = text::parse_number(xs), y = text::parse_number(ys);
        if (!x || !y) {
            problem = "coordonnées illisibles (« " + xs + " », « " + ys + " »)";
            return std::nullopt;
        }
        p = swap_axes ? XY{*y, *x} : XY{*x, *y};
        if (columns_are_lonlat_ && source_.crs.empty() &&
            (std::abs(p.x) > 180 || std::abs(p.y) > 90)) {
            problem = "longitude/latitude hors limites (" + xs + ", " + ys +
                      ") : coordonnées projetées (Lambert-93 ?) dans des colonnes en degrés";
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    if (!to_metric_->transform(p)) {
        problem = "coordonnées impossibles à transformer vers " + territory_.crs;
        return std::nullopt;
    }
    return p;
}

void PointTable::diagnose_outside(const SourceRow& row, const Placement& place,
                                  std::string& problem, const std::string& label,
                                  Diagnostics& diagnostics) const {
    std::string ignored;
    const std::optional<XY> swapped = coordinates(row, ignored, true);
    const bool swapped_inside = swapped && locator_.locate(*swapped) != Territory::npos;
    const std::string where = table_.location(row);
    if (swapped_inside) {
        const std::string why = "longitude et latitude (ou x et y) probablement inversées : la "
                                "position inversée tombe dans le territoire";
        diagnostics.warn("swapped_coordinates", label + " : " + why, table_.path, where);
        problem += std::string(problem.empty() ? "" : " ; ") + why;
    } else if (place.xy) {
        // Outside is legitimate for a structure (it serves across the border), suspicious for
        // an initiative.
        diagnostics.add(label_ == "structures" ? Severity::Info : Severity::Warning,
                        "outside_territory", label + " : hors du territoire étudié", table_.path,
                        where);
    }
}

Placement PointTable::place(const SourceRow& row, bool allow_commune, std::string& problem,
                            const std::string& label, Diagnostics& diagnostics) const {
    Placement pl;
    const std::string code_raw = value(row, insee_col_);
    if (!code_raw.empty())
        pl.insee_given = text::normalize_insee(code_raw).value_or(code_raw);

    if (auto xy = coordinates(row, problem)) {
        pl.xy = xy;
        pl.method = PlacementMethod::Coordinates;
        pl.commune = locator_.locate(*xy);
        if (!pl.in_territory())
            diagnose_outside(row, pl, problem, label, diagnostics);
        return pl;
    }
    diagnose_outside(row, pl, problem, label, diagnostics);
    if (!allow_commune || pl.insee_given.empty())
        return pl;
    auto code = text::normalize_insee(code_raw);
    if (!code) {
        problem +=
            std::string(problem.empty() ? "" : " ; ") + "code INSEE illisible « " + code_raw + " »";
        return pl;
    }
    const CodeMapping m = cog_.map_code(*code);
    if (m.kind == CodeMapping::Kind::Unknown || m.kind == CodeMapping::Kind::Split) {
        problem += std::string(problem.empty() ? "" : " ; ") + "code INSEE " + *code +
                   (m.kind == CodeMapping::Kind::Split ? " partagé entre plusieurs communes"
                                                       : " inconnu du COG");
        return pl;
    }
    const std::size_t i = territory_.commune_index(m.current.front());
    if (i == Territory::npos) {
        problem += std::string(problem.empty() ? "" : " ; ") + "commune " + m.current.front() +
                   " sans polygone chargé dans le territoire";
        return pl;
    }
    pl.xy = territory_.communes[i].representative;
    pl.method = PlacementMethod::Commune;
    pl.commune = i;
    if (m.kind == CodeMapping::Kind::Old)
        problem += std::string(problem.empty() ? "" : " ; ") + "code INSEE ancien " + *code +
                   ", commune actuelle " + m.current.front();
    return pl;
}

RejectedRow PointTable::reject(const SourceRow& row, const std::string& reason, bool kept) const {
    return {label_, table_.ref(row), table_.raw_values(row), reason, kept};
}

} // namespace tecsmap
