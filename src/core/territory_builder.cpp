#include "territory_builder.hpp"

#include "commune_neighbours.hpp"
#include "crs.hpp"
#include "errors.hpp"
#include "geometry_convert.hpp"
#include "geometry_values.hpp"
#include "parallel.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <map>
#include <set>
#include <system_error>

namespace tecsmap {

namespace {

const std::vector<std::string> kCodeFieldNames = {"code",   "insee", "INSEE_COM",   "code_insee",
                                                  "codgeo", "com",   "code_commune"};

bool in_selection(const std::string& departement, const std::string& zone,
                  const std::vector<std::string>& departements) {
    for (const std::string& d : departements)
        if (d == departement || (d == "*" && zone == "metro"))
            return true;
    return false;
}

// Reads one source of commune polygons into metric GEOS polygons.
void read_polygons(const std::string& path, const std::string& layer, const std::string& crs,
                   const std::string& code_field, const OGRSpatialReference& metric,
                   std::vector<SourcePolygon>& out, Diagnostics& diagnostics,
                   SchemaScan scan = SchemaScan::WholeFile) {
    VectorTable table = read_vector_table(path, layer, scan);
    auto code_index = table.find_field(kCodeFieldNames, code_field);
    if (!code_index)
        throw InputError(path, code_field.empty()
                                   ? "aucune colonne de code INSEE reconnue (code, insee, "
                                     "INSEE_COM, code_insee) : indiquez [territory] "
                                     "communes_code_field"
                                   : "colonne « " + code_field + " » absente");
    gdal::SrsPtr source_srs;
    if (table.srs)
        source_srs = std::move(table.srs);
    else if (!crs.empty())
        source_srs = gdal::make_srs(crs);
    else
        throw InputError(path,
                         "la couche n'a pas de système de coordonnées : indiquez-le dans "
                         "l'étude ([territory] communes = { path = ..., crs = \"EPSG:...\" })");
    Transformer to_metric(*source_srs, metric);
    report_reading_problems(table, diagnostics);
    for (SourceRow& row : table.rows) {
        const std::string where = table.location(row);
        auto code = text::normalize_insee(row.values[*code_index]);
        if (!code) {
            diagnostics.warn("bad_code",
                             "code INSEE illisible « " + row.values[*code_index] +
                                 " » : polygone ignoré",
                             path, where);
            continue;
        }
        if (!row.geometry || row.geometry->IsEmpty()) {
            diagnostics.warn("no_geometry", "commune " + *code + " sans géométrie", path, where);
            continue;
        }
        // One unusable vertex drops this polygon (the commune is then reported missing), not
        // the run.
        auto unusable = [&](const std::string& why) {
            diagnostics.warn("bad_coordinates",
                             "commune " + *code + " : " + why + " : polygone ignoré", path, where);
        };
        if (auto why = coordinate_problem(*row.geometry, source_srs.get())) {
            unusable(*why);
            continue;
        }
        try {
            to_metric.transform(*row.geometry, path + ", " + where);
        } catch (const GeometryError&) {
            unusable("coordonnées impossibles à transformer vers le système métrique de l'étude");
            continue;
        }
        if (auto why = coordinate_problem(*row.geometry, &metric)) {
            unusable("après transformation, " + *why);
            continue;
        }
        out.push_back({*code, to_geos(*row.geometry), path, where});
    }
}

} // namespace

void harmonise_communes(std::vector<SourcePolygon> polygons, const Cog& cog,
                        const std::vector<std::string>& departements, Territory& territory) {
    Diagnostics& diag = territory.diagnostics;
    std::map<std::string, std::vector<SourcePolygon*>> by_current;
    for (SourcePolygon& p : polygons) {
        const CodeMapping m = cog.map_code(p.code);
        const std::string dep = text::departement_of(p.code);
        const bool selected_by_code =
            in_selection(dep, text::is_overseas_code(p.code) ? "drom" : "metro", departements);
        switch (m.kind) {
        case CodeMapping::Kind::Current:
        case CodeMapping::Kind::Old: {
            const CogCommune* c = cog.commune(m.current.front());
            if (!in_selection(c->departement, c->zone, departements))
                break;
            by_current[c->insee].push_back(&p);
            if (m.kind == CodeMapping::Kind::Old)
                diag.info("old_code_mapped",
                          "code " + p.code + " (millésime ancien) rattaché à la commune actuelle " +
                              c->insee + " " + c->nom,
                          p.file, p.location);
            break;
        }
        case CodeMapping::Kind::Split:
            if (selected_by_code)
                diag.warn("unmapped_code",
                          "code " + p.code + " réparti entre plusieurs communes actuelles (" +
                              text::join(m.current, ", ") +
                              ") : polygone non rattaché, exclu des chiffres",
                          p.file, p.location);
            break;
        case CodeMapping::Kind::Unknown:
            if (selected_by_code)
                diag.warn("unmapped_code",
                          "code " + p.code + " inconnu du COG " + cog.version() +
                              " : polygone non rattaché, exclu des chiffres",
                          p.file, p.location);
            break;
        }
    }

    // Each commune of the selection, in COG order: its polygons are checked, repaired and
    // united on all cores (each commune owns its polygons); the messages are then given in
    // COG order, as one thread would.
    struct Built {
        const CogCommune* cog = nullptr;
        std::vector<SourcePolygon*> parts; // empty: no polygon in the source
        std::vector<std::string> invalid;  // reason per part, empty when the part is valid
        Commune commune;
        std::exception_ptr error;          // raised in COG order, as one thread would
    };
    std::vector<Built> built;
    for (const CogCommune* c : cog.communes_of(departements)) {
        Built b;
        b.cog = c;
        if (auto it = by_current.find(c->insee); it != by_current.end())
            b.parts = it->second;
        built.push_back(std::move(b));
    }
    parallel_for(built.size(), [&](std::size_t k) {
        Built& b = built[k];
        if (b.parts.empty())
            return;
        try {
            const CogCommune* c = b.cog;
            Commune& commune = b.commune;
            commune.insee = c->insee;
            commune.nom = c->nom;
            commune.departement = c->departement;
            commune.population = c->population;
            commune.epci_siren = c->epci_siren;
            std::vector<geos::GeomPtr> parts;
            b.invalid.resize(b.parts.size());
            for (std::size_t j = 0; j < b.parts.size(); ++j) {
                SourcePolygon* p = b.parts[j];
                commune.source_codes.push_back(p->code);
                if (!geos::is_valid(p->geometry.get())) {
                    b.invalid[j] = geos::invalid_reason(p->geometry.get());
                    p->geometry = geos::polygonal_part(geos::make_valid(p->geometry.get()).get());
                }
                parts.push_back(std::move(p->geometry));
            }
            commune.geometry = geos::as_multipolygon(geos::union_all(std::move(parts)));
            if (geos::is_empty(commune.geometry.get()))
                return;
            commune.area_m2 = geos::area(commune.geometry.get());
            geos::GeomPtr rep = geos::point_on_surface(commune.geometry.get());
            commune.representative = {geos::point_x(rep.get()), geos::point_y(rep.get())};
        } catch (...) {
            b.error = std::current_exception();
        }
    });
    for (Built& b : built) {
        const CogCommune* c = b.cog;
        if (b.error)
            std::rethrow_exception(b.error);
        if (b.parts.empty()) {
            territory.missing.push_back({c->insee, c->nom, c->population});
            diag.warn("missing_polygon",
                      "commune " + c->insee + " " + c->nom + " (" +
                          text::fr_integer(c->population) +
                          " hab.) sans polygone dans la source : exclue de tous les chiffres",
                      "", c->insee);
            continue;
        }
        for (std::size_t j = 0; j < b.parts.size(); ++j)
            if (!b.invalid[j].empty())
                diag.warn("invalid_geometry",
                          "géométrie invalide (" + b.invalid[j] + ") réparée (MakeValid)",
                          b.parts[j]->file, b.parts[j]->location + " (" + b.parts[j]->code + ")");
        Commune& commune = b.commune;
        if (geos::is_empty(commune.geometry.get())) {
            territory.missing.push_back({c->insee, c->nom, c->population});
            diag.warn("missing_polygon", "commune " + c->insee + " à géométrie vide : exclue", "",
                      c->insee);
            continue;
        }
        if (commune.source_codes.size() > 1)
            diag.info("merged",
                      "commune " + c->insee + " " + c->nom + " : polygones " +
                          text::join(commune.source_codes, ", ") + " réunis",
                      "", c->insee);
        territory.communes.push_back(std::move(commune));
    }
    territory.reindex();
}

void build_groupings(const Cog& cog, const std::string& ctg_csv, Territory& territory,
                     OutlineStep outline) {
    Diagnostics& diag = territory.diagnostics;
    // EPCIs: union of their member communes in the territory.
    std::map<std::string, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < territory.communes.size(); ++i)
        if (!territory.communes[i].epci_siren.empty())
            members[territory.communes[i].epci_siren].push_back(i);
    territory.epcis.clear();
    for (auto& [siren, idx] : members) {
        Epci e;
        e.siren = siren;
        const CogEpci* ce = cog.epci(siren);
        e.nom = ce ? ce->nom : siren;
        e.communes = idx;
        for (std::size_t i : idx)
            e.population += territory.communes[i].population;
        territory.epcis.push_back(std::move(e));
    }
    parallel_for(territory.epcis.size(), [&](std::size_t k) {
        std::vector<const GEOSGeometry*> geoms;
        for (std::size_t i : territory.epcis[k].communes)
            geoms.push_back(territory.communes[i].geometry.get());
        territory.epcis[k].geometry = geos::as_multipolygon(geos::coverage_union_of(geoms));
    });

    // CTG grouping table: epci_siren -> (ctg_code, ctg_name); first name of a code wins.
    std::map<std::string, std::pair<std::string, std::string>> ctg_of_epci;
    if (!ctg_csv.empty()) {
        VectorTable t = read_vector_table(ctg_csv);
        auto siren = t.find_field({"epci_siren", "siren", "epci"});
        auto code = t.find_field({"ctg_code", "code_ctg", "ctg"});
        auto name = t.find_field({"ctg_name", "nom_ctg", "ctg_nom", "nom"});
        if (!siren || !code || !name)
            throw InputError(ctg_csv, "colonnes attendues : epci_siren;ctg_code;ctg_name");
        report_reading_problems(t, diag);
        std::map<std::string, std::string> name_of_code;
        for (const SourceRow& r : t.rows) {
            const std::string s = text::trim(r.values[*siren]), c = text::trim(r.values[*code]),
                              n = text::trim(r.values[*name]);
            if (s.empty() || c.empty()) {
                diag.warn("ctg_row", "ligne incomplète ignorée", ctg_csv, t.location(r));
                continue;
            }
            auto [it, inserted] = name_of_code.emplace(c, n);
            if (!inserted && it->second != n)
                diag.warn("ctg_name_conflict",
                          "CTG " + c + " nommée « " + n +
                              " » alors qu'une ligne précédente la "
                              "nomme « " +
                              it->second +
                              " » : le "
                              "premier nom est gardé",
                          ctg_csv, t.location(r));
            if (ctg_of_epci.count(s))
                diag.warn("ctg_duplicate_epci",
                          "EPCI " + s + " déjà affecté à une CTG : ligne ignorée", ctg_csv,
                          t.location(r));
            else
                ctg_of_epci[s] = {c, it->second};
            if (!cog.epci(s))
                diag.warn("ctg_unknown_epci", "EPCI " + s + " inconnu du COG", ctg_csv,
                          t.location(r));
        }
    }

    // Each commune's CTG: its EPCI's (grouped or not), or itself when it has no EPCI.
    std::map<std::string, Ctg> ctgs;
    for (std::size_t i = 0; i < territory.communes.size(); ++i) {
        Commune& c = territory.communes[i];
        std::string code, name;
        if (c.epci_siren.empty()) {
            code = c.insee;
            name = c.nom;
        } else if (auto it = ctg_of_epci.find(c.epci_siren); it != ctg_of_epci.end()) {
            code = it->second.first;
            name = it->second.second;
        } else {
            code = c.epci_siren;
            const CogEpci* e = cog.epci(c.epci_siren);
            name = e ? e->nom : c.epci_siren;
        }
        Ctg& ctg = ctgs[code];
        ctg.code = code;
        ctg.name = name;
        ctg.population += c.population;
        ctg.communes.push_back(i);
        if (!c.epci_siren.empty() &&
            std::find(ctg.epcis.begin(), ctg.epcis.end(), c.epci_siren) == ctg.epcis.end())
            ctg.epcis.push_back(c.epci_siren);
    }
    territory.ctgs.clear();
    for (auto& [code, ctg] : ctgs) {
        for (std::size_t i : ctg.communes)
            territory.communes[i].ctg = territory.ctgs.size();
        territory.ctgs.push_back(std::move(ctg));
    }
    // A CTG is the union of whole EPCIs (their parts in the territory) and of communes without
    // EPCI: union those few polygons rather than all communes again.
    std::map<std::string, const Epci*> epci_by_siren;
    for (const Epci& e : territory.epcis)
        epci_by_siren[e.siren] = &e;
    parallel_for(territory.ctgs.size(), [&](std::size_t k) {
        Ctg& ctg = territory.ctgs[k];
        std::vector<const GEOSGeometry*> geoms;
        for (const std::string& siren : ctg.epcis)
            geoms.push_back(epci_by_siren.at(siren)->geometry.get());
        for (std::size_t i : ctg.communes)
            if (territory.communes[i].epci_siren.empty())
                geoms.push_back(territory.communes[i].geometry.get());
        ctg.geometry = geos::as_multipolygon(geoms.size() == 1 ? geos::clone(geoms.front())
                                                               : geos::coverage_union_of(geoms));
    });
    territory.reindex();
    if (outline == OutlineStep::Build)
        territory.outline = territory.outline_of();
}

std::vector<Feedback::Stage> territory_stages() {
    // Weights: rough relative costs measured on the national study (docs/performance.md).
    return {{"lecture des communes", 4},
            {"harmonisation COG", 2},
            {"EPCI et CTG", 3},
            {"voisinage des communes", 1}};
}

Territory build_territory(const Study& study, const Cog& cog, const BoundaryOptions& boundaries,
                          Feedback* feedback) {
    gdal::init();
    feedback_begin(feedback, "lecture des communes");
    Diagnostics obtained;
    const std::vector<BoundaryFile> files =
        study.communes ? std::vector<BoundaryFile>{}
                       : obtain_commune_boundaries(study.departements, boundaries, obtained);
    Territory territory = build_territory_from_files(study, cog, files, feedback);
    obtained.append(territory.diagnostics);
    territory.diagnostics = std::move(obtained);
    return territory;
}

Territory build_territory_from_files(const Study& study, const Cog& cog,
                                     const std::vector<BoundaryFile>& files, Feedback* feedback) {
    gdal::init();
    Territory territory;
    territory.departements = study.departements;
    territory.crs = metric_crs_for(study.departements);
    gdal::SrsPtr metric = gdal::make_srs(territory.crs);

    std::vector<SourcePolygon> polygons;
    if (study.communes) {
        read_polygons(study.communes->path, study.communes->table_or_query(), study.communes->crs,
                      study.communes_code_field, *metric, polygons, territory.diagnostics);
    } else {
        // One file per département, read on all cores, then gathered in file order.
        std::vector<std::vector<SourcePolygon>> per_file(files.size());
        std::vector<Diagnostics> file_diagnostics(files.size());
        std::atomic<std::size_t> done{0};
        parallel_for(files.size(), [&](std::size_t i) {
            feedback_check(feedback);
            gdal::SrsPtr local_metric = gdal::make_srs(territory.crs);
            // A file verified against its pinned hash is a france-geojson file as published:
            // every feature has the properties `code` and `nom` (checked for all 101), so GDAL
            // need not parse it twice to learn them. A user directory's files are not known.
            const SchemaScan scan =
                files[i].sha256.empty() ? SchemaScan::WholeFile : SchemaScan::FirstFeature;
            read_polygons(files[i].path, "", "", study.communes_code_field, *local_metric,
                          per_file[i], file_diagnostics[i], scan);
            feedback_fraction(feedback, static_cast<double>(++done) / files.size());
        });
        for (std::size_t i = 0; i < files.size(); ++i) {
            for (SourcePolygon& p : per_file[i])
                polygons.push_back(std::move(p));
            territory.diagnostics.append(file_diagnostics[i]);
        }
    }
    feedback_begin(feedback, "harmonisation COG");
    harmonise_communes(std::move(polygons), cog, study.departements, territory);
    if (territory.communes.empty())
        throw InputError(study.communes ? study.communes->path : "",
                         "aucune commune du territoire (département " + study.territory_label() +
                             ") dans la source des limites communales");
    feedback_begin(feedback, "EPCI et CTG");
    build_groupings(cog, study.ctg, territory, OutlineStep::Leave);
    feedback_begin(feedback, "voisinage des communes");
    // The outline is one coverage union of the CTG polygons, on one core (about 0.5 s
    // nationally): made beside the neighbours, which read only the communes. One thread more
    // than TECSMAP_THREADS meanwhile (only when it allows two). The outline stays on this
    // thread: its large transient memory is then freed where the reading of the layers
    // allocates next (another thread's freed memory would stay with that thread's heap).
    // Every CTG has its polygon here, so outline_of() reads only those, never the communes.
    std::future<std::vector<std::vector<std::size_t>>> neighbours;
    if (thread_count() > 1) {
        try {
            neighbours = std::async(std::launch::async, [&territory] {
                return commune_neighbours(territory.communes);
            });
        } catch (const std::system_error&) {
            // No thread to be had: one after the other below.
        }
    }
    territory.outline = territory.outline_of();
    territory.neighbours =
        neighbours.valid() ? neighbours.get() : commune_neighbours(territory.communes);
    return territory;
}

} // namespace tecsmap
