#include "zones.hpp"

#include "crs.hpp"
#include "errors.hpp"
#include "geocoding/name_normalize.hpp"
#include "geometry_convert.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace tecsmap {

namespace {

const std::vector<std::string> kKeyNames = {"structure",    "siret", "identifiant",   "id",
                                            "id_structure", "nom",   "nom_structure", "name"};

std::string digits_of(const std::string& s) {
    std::string d;
    for (char c : s)
        if (std::isdigit(static_cast<unsigned char>(c)))
            d += c;
    return d;
}

std::string name_key(const std::string& name) {
    static const std::set<std::string> stop = {"de", "du", "des", "la", "le",  "les", "l",
                                               "d",  "et", "a",   "au", "aux", "en"};
    std::vector<std::string> kept;
    for (const std::string& w : geocoding::words(name))
        if (!stop.count(w))
            kept.push_back(w);
    return text::join(kept, " ");
}

// The structures a key designates: by SIRET, else identifier, else name. Built once per
// layer: hash lookups, never a scan of the structures per zone.
class StructureKeys {
public:
    explicit StructureKeys(const std::vector<Structure>& structures) {
        for (std::size_t k = 0; k < structures.size(); ++k) {
            if (!structures[k].siret.empty())
                by_siret_[structures[k].siret].push_back(k);
            if (!structures[k].identifier.empty())
                by_identifier_[structures[k].identifier].push_back(k);
            if (const std::string nk = name_key(structures[k].name); !nk.empty())
                by_name_[nk].push_back(k);
        }
    }

    std::vector<std::size_t> match(const std::string& key) const {
        const std::string digits = digits_of(key);
        if (digits.size() == 14)
            if (auto it = by_siret_.find(digits); it != by_siret_.end())
                return it->second;
        if (auto it = by_identifier_.find(key); it != by_identifier_.end())
            return it->second;
        if (auto it = by_name_.find(name_key(key)); it != by_name_.end())
            return it->second;
        return {};
    }

private:
    std::unordered_map<std::string, std::vector<std::size_t>> by_siret_, by_identifier_, by_name_;
};

// Polygons of the zones layer, per structure index.
std::map<std::size_t, std::vector<geos::GeomPtr>>
read_zone_layer(const std::vector<Structure>& structures, const LayerSource& source,
                const Territory& territory, Rejects& rejects, Diagnostics& diagnostics) {
    VectorTable t = read_vector_table(source.path, source.sheet_or_layer());
    for (const auto& [role, column] : source.columns)
        if (role != "structure")
            throw InputError(source.path, "clé « " + role +
                                              " » inconnue dans columns de la couche des zones "
                                              "(seule clé possible : structure)");
    std::optional<std::size_t> key_col;
    if (auto it = source.columns.find("structure"); it != source.columns.end()) {
        key_col = t.find_field({}, it->second);
        if (!key_col)
            throw InputError(source.path, "colonne « " + it->second +
                                              " » (columns.structure) absente ; colonnes lues : " +
                                              text::join(t.fields, ", "));
    } else {
        key_col = t.find_field(kKeyNames);
    }
    if (!key_col)
        throw InputError(source.path,
                         "aucune colonne ne désigne la structure de chaque zone (structure, "
                         "siret, identifiant, nom) : indiquez-la, par exemple zones = { path = "
                         "\"...\", columns = { structure = \"SIRET\" } } ; colonnes lues : " +
                             text::join(t.fields, ", "));
    const bool has_geometry = std::any_of(t.rows.begin(), t.rows.end(),
                                          [](const SourceRow& r) { return r.geometry != nullptr; });
    if (!has_geometry && !t.rows.empty())
        throw InputError(source.path, "la couche des zones n'a pas de polygones (les listes de "
                                      "communes vont dans la colonne zone_insee des structures)");
    gdal::SrsPtr srs =
        t.srs ? std::move(t.srs) : (!source.crs.empty() ? gdal::make_srs(source.crs) : nullptr);
    if (!srs && !t.rows.empty())
        throw InputError(source.path, "zones sans système de coordonnées : indiquez-le dans "
                                      "l'étude, par exemple zones = { path = \"...\", crs = "
                                      "\"EPSG:2154\" }");
    std::map<std::size_t, std::vector<geos::GeomPtr>> out;
    if (t.rows.empty())
        return out;
    const StructureKeys keys(structures);
    const Transformer to_metric(*srs, *gdal::make_srs(territory.crs));
    for (SourceRow& row : t.rows) {
        auto reject = [&](const std::string& why) {
            rejects.push_back({"zones", t.ref(row), t.raw_values(row), why, false});
        };
        const std::string key = text::trim(row.values[*key_col]);
        if (key.empty()) {
            reject("zone sans structure (colonne « " + t.fields[*key_col] + " » vide)");
            continue;
        }
        const std::vector<std::size_t> found = keys.match(key);
        if (found.empty()) {
            reject("structure « " + text::printable(key) +
                   " » introuvable dans le registre des structures (SIRET, identifiant ou nom)");
            continue;
        }
        if (found.size() > 1) {
            std::vector<std::string> where;
            for (std::size_t k : found)
                where.push_back(structures[k].source.location());
            reject("« " + text::printable(key) + " » désigne plusieurs structures (" +
                   text::join(where, ", ") + ") : utilisez le SIRET ou l'identifiant");
            continue;
        }
        if (!row.geometry) {
            reject("zone sans géométrie");
            continue;
        }
        to_metric.transform(*row.geometry, t.path + ", " + t.location(row));
        geos::GeomPtr g = to_geos(*row.geometry);
        if (!geos::is_valid(g.get())) {
            diagnostics.warn("invalid_geometry",
                             "géométrie invalide (" + geos::invalid_reason(g.get()) +
                                 ") réparée (MakeValid)",
                             t.path, t.location(row));
            g = geos::make_valid(g.get());
        }
        g = geos::polygonal_part(g.get());
        if (geos::is_empty(g.get())) {
            reject("géométrie non surfacique");
            continue;
        }
        out[found.front()].push_back(std::move(g));
    }
    return out;
}

} // namespace

std::vector<StructureZone> build_zones(const std::vector<Structure>& structures,
                                       const std::optional<LayerSource>& layer,
                                       const Territory& territory, Rejects& rejects,
                                       Diagnostics& diagnostics) {
    std::map<std::size_t, std::vector<geos::GeomPtr>> polygons;
    if (layer)
        polygons = read_zone_layer(structures, *layer, territory, rejects, diagnostics);
    std::vector<StructureZone> out;
    for (std::size_t k = 0; k < structures.size(); ++k) {
        const Structure& s = structures[k];
        auto layer_parts = polygons.find(k);
        if (s.zone_insee.empty() && layer_parts == polygons.end())
            continue;
        StructureZone z;
        z.structure = k;
        z.insee = s.zone_insee;
        std::vector<const GEOSGeometry*> parts;
        std::vector<std::string> missing;
        for (const std::string& code : s.zone_insee) {
            const std::size_t i = territory.commune_index(code);
            if (i == Territory::npos) {
                missing.push_back(code);
                continue;
            }
            z.communes.push_back(i);
            parts.push_back(territory.communes[i].geometry.get());
        }
        if (!missing.empty())
            rejects.push_back({"structures", s.source,
                               "zone_insee=" + text::join(s.zone_insee, ";"),
                               s.name + " : commune(s) " + text::join(missing, ", ") +
                                   " de la zone de compétence hors du territoire étudié : "
                                   "laissée(s) hors de la zone",
                               true});
        if (layer_parts != polygons.end()) {
            z.from_layer = true;
            std::vector<const GEOSGeometry*> own;
            for (const geos::GeomPtr& g : layer_parts->second)
                own.push_back(g.get());
            z.layer_geometry = geos::as_multipolygon(geos::union_of(own));
            parts.push_back(z.layer_geometry.get());
        }
        if (parts.empty())
            continue;
        std::sort(z.communes.begin(), z.communes.end());
        // Commune polygons form a coverage: their union is cheap and exact.
        const geos::GeomPtr u =
            z.from_layer ? geos::union_of(parts) : geos::coverage_union_of(parts);
        z.geometry = geos::as_multipolygon(geos::polygonal_part(u.get()));
        out.push_back(std::move(z));
    }
    return out;
}

} // namespace tecsmap
