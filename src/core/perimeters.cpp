#include "perimeters.hpp"

#include "crs.hpp"
#include "errors.hpp"
#include "geometry_convert.hpp"
#include "geometry_values.hpp"
#include "parallel.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <algorithm>
#include <map>

namespace tecsmap {

namespace {

struct PerimeterParts {
    std::vector<geos::GeomPtr> parts;
    std::vector<std::string> sources;
};

const Epci* find_epci(const Territory& t, const std::string& siren) {
    for (const Epci& e : t.epcis)
        if (e.siren == siren)
            return &e;
    return nullptr;
}

void read_source(const LayerSource& source, const Territory& territory, const Cog& cog,
                 std::map<std::pair<PerimeterKind, std::string>, PerimeterParts>& out,
                 Rejects& rejects, Diagnostics& diagnostics) {
    VectorTable t = read_vector_table(source.path, source.table_or_query());
    auto col = [&](const std::string& role, const std::vector<std::string>& names) {
        auto it = source.columns.find(role);
        return it != source.columns.end() ? t.find_field({}, it->second) : t.find_field(names);
    };
    const auto kind = col("kind", {"kind", "type", "dispositif", "nature"});
    const auto name = col("name", {"name", "nom", "libelle", "intitule"});
    const auto siren = col("epci_siren", {"epci_siren", "siren", "siren_epci"});
    const auto insee = col("code_insee", {"code_insee", "insee", "insee_com", "codgeo"});
    if (!kind || !name)
        throw InputError(source.path, "colonnes « kind » (PAT, PCAET, CTE) et « name » attendues ; "
                                      "colonnes lues : " +
                                          text::join(t.fields, ", "));
    const bool has_geometry = std::any_of(t.rows.begin(), t.rows.end(),
                                          [](const SourceRow& r) { return r.geometry != nullptr; });
    std::unique_ptr<Transformer> to_metric;
    gdal::SrsPtr srs, metric;
    if (has_geometry) {
        srs =
            t.srs ? std::move(t.srs) : (!source.crs.empty() ? gdal::make_srs(source.crs) : nullptr);
        if (!srs)
            throw InputError(source.path, "périmètres sans système de coordonnées : indiquez crs "
                                          "dans l'étude");
        metric = gdal::make_srs(territory.crs);
        to_metric = std::make_unique<Transformer>(*srs, *metric);
    }
    // CSV records that could not be read are rejects like the rows below.
    for (const RejectedRecord& r : t.rejected)
        rejects.push_back(t.reject_row(r, "perimeters"));
    diagnostics.append(t.diagnostics);
    for (SourceRow& row : t.rows) {
        auto reject = [&](const std::string& why) {
            rejects.push_back({"perimeters", t.ref(row), t.raw_values(row), why, false});
        };
        const auto k = parse_perimeter_kind(row.values[*kind]);
        const std::string n = text::trim(row.values[*name]);
        if (!k) {
            reject("type de périmètre « " + row.values[*kind] + " » inconnu (PAT, PCAET ou CTE)");
            continue;
        }
        if (n.empty()) {
            reject("périmètre sans nom");
            continue;
        }
        PerimeterParts& p = out[{*k, n}];
        if (std::find(p.sources.begin(), p.sources.end(), t.path) == p.sources.end())
            p.sources.push_back(t.path);
        if (row.geometry && to_metric) {
            // One unusable vertex rejects this feature, not the run.
            if (auto why = coordinate_problem(*row.geometry, srs.get())) {
                reject("coordonnées inutilisables, " + *why + " : périmètre écarté");
                continue;
            }
            try {
                to_metric->transform(*row.geometry, t.path + ", " + t.location(row));
            } catch (const GeometryError&) {
                reject("coordonnées impossibles à transformer vers le système métrique de l'étude "
                       "(hors du domaine du système de coordonnées ?) : périmètre écarté");
                continue;
            }
            if (auto why = coordinate_problem(*row.geometry, metric.get())) {
                reject("coordonnées inutilisables après transformation, " + *why +
                       " : périmètre écarté");
                continue;
            }
            geos::GeomPtr g = to_geos(*row.geometry);
            if (!geos::is_valid(g.get())) {
                diagnostics.warn("invalid_geometry",
                                 "géométrie invalide (" + geos::invalid_reason(g.get()) +
                                     ") réparée (MakeValid)",
                                 t.path, t.location(row));
                g = geos::make_valid(g.get());
            }
            g = geos::polygonal_part(g.get());
            if (geos::is_empty(g.get()))
                reject("géométrie non surfacique");
            else
                p.parts.push_back(std::move(g));
            continue;
        }
        const std::string s = siren ? text::trim(row.values[*siren]) : "";
        const std::string c = insee ? text::trim(row.values[*insee]) : "";
        if (!s.empty()) {
            if (const Epci* e = find_epci(territory, s))
                p.parts.push_back(geos::clone(e->geometry.get()));
            else
                reject(cog.epci(s) ? "EPCI " + s + " sans commune dans le territoire"
                                   : "SIREN d'EPCI " + s + " inconnu du COG");
        } else if (!c.empty()) {
            auto code = text::normalize_insee(c);
            const CodeMapping m = code ? cog.map_code(*code) : CodeMapping{};
            const std::size_t i =
                (m.kind == CodeMapping::Kind::Current || m.kind == CodeMapping::Kind::Old)
                    ? territory.commune_index(m.current.front())
                    : Territory::npos;
            if (i != Territory::npos)
                p.parts.push_back(geos::clone(territory.communes[i].geometry.get()));
            else
                reject("commune « " + c + " » inconnue ou hors du territoire");
        } else {
            reject("ni géométrie, ni epci_siren, ni code_insee");
        }
    }
}

} // namespace

std::vector<Perimeter> read_perimeters(const std::vector<LayerSource>& sources,
                                       const Territory& territory, const Cog& cog, Rejects& rejects,
                                       Diagnostics& diagnostics) {
    std::map<std::pair<PerimeterKind, std::string>, PerimeterParts> grouped;
    for (const LayerSource& s : sources)
        read_source(s, territory, cog, grouped, rejects, diagnostics);
    std::vector<Perimeter> out;
    std::vector<PerimeterParts*> pieces; // pieces[i] makes out[i]
    for (auto& [key, parts] : grouped) {
        if (parts.parts.empty()) {
            diagnostics.warn("empty_perimeter", std::string(to_string(key.first)) + " « " +
                                                    key.second +
                                                    " » sans aucune géométrie utilisable");
            continue;
        }
        out.push_back({key.first, key.second, nullptr, std::move(parts.sources)});
        pieces.push_back(&parts);
    }
    // The unions of perimeters given as lists of communes or EPCIs are the costly part (the
    // national study: about 0.2 s on one core); each perimeter's is independent.
    parallel_for(out.size(), [&](std::size_t i) {
        out[i].geometry = geos::as_multipolygon(geos::union_all(std::move(pieces[i]->parts)));
    });
    return out;
}

} // namespace tecsmap
