#include "run_info.hpp"

#include "analysis/access_inputs.hpp"
#include "format.hpp"
#include "postgis_target.hpp"
#include "run_clock.hpp"
#include "sha256.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#ifndef TECSMAP_VERSION
#error "TECSMAP_VERSION must be defined by the build"
#endif

namespace tecsmap {

const char* tecsmap_version() {
    return TECSMAP_VERSION;
}

std::string RunInfo::value(const std::string& key) const {
    for (const auto& [k, v] : entries)
        if (k == key)
            return v;
    return {};
}

namespace {

// The population grid and the road network of a run (issue 12), when the study has them.
template <typename Add> void describe_access(const StudyRun& run, Add& add) {
    if (!run.inputs)
        return;
    const StudyInputs& in = *run.inputs;
    if (const access::PopulationGrid* g = in.population.get()) {
        std::size_t uniform = 0;
        for (const access::CommuneGridReport& c : g->communes)
            uniform += c.uniform;
        add("population_rule", "grille (parts de carreaux, ramenées au COG)");
        add("population_grid", g->source);
        add("population_grid.column", g->column);
        add("population_grid.cells_read", std::to_string(g->cells_read));
        add("population_grid.cells", std::to_string(g->cells.size()));
        add("population_grid.parts", std::to_string(g->parts.size()));
        add("population_grid.cells_outside", std::to_string(g->cells_outside));
        add("population_grid.population_outside", machine::number(g->population_outside));
        add("population_grid.rejected_rows", std::to_string(g->rejects.size()));
        add("population_grid.total", machine::number(g->grid_total));
        add("population_grid.cog_total", machine::number(g->cog_total));
        add("population_grid.difference", machine::number(g->grid_total - g->cog_total));
        add("population_grid.communes_uniform", std::to_string(uniform));
    } else {
        add("population_rule", "uniforme dans chaque commune");
    }
    const RoadNetwork* roads = in.roads.get();
    if (!roads)
        return;
    const AccessibilitySettings& a = roads->settings;
    const access::RoadGraph& g = roads->graph();
    add("roads", a.roads);
    add("roads.extract_sha256", roads->cached.extract_sha256);
    add("roads.margin_km", machine::number(a.margin_km));
    add("roads.walk_kmh", machine::number(a.walk_kmh));
    add("roads.speeds_kmh", speeds_table_text(roads->speeds));
    add("roads.speeds", speeds_label(a));
    add("roads.graph_nodes", std::to_string(g.node_count()));
    add("roads.graph_edges", std::to_string(g.edge_count()));
    add("roads.nodes_before_scc", std::to_string(g.stats.nodes_before_scc));
    add("roads.ways_kept", std::to_string(g.stats.ways_kept));
    add("roads.ways_not_routable", std::to_string(g.stats.ways_not_routable));
    add("roads.nodes_missing", std::to_string(g.stats.nodes_missing));
    add("roads.from_cache", roads->cached.from_cache ? "true" : "false");
    add("roads.cache_file", roads->cached.cache_file);
    add("roads.cache_note", roads->cached.cache_note);
    std::size_t far = 0;
    for (const access::Snap& s : in.structure_snaps)
        far += s.far;
    add("roads.structures_far", std::to_string(far));
    add("e2sfca_decay", to_string(a.e2sfca_decay));
    std::string minutes;
    for (double m : a.isochrone_minutes) {
        if (!minutes.empty())
            minutes += ',';
        minutes += machine::number(m);
    }
    add("isochrones", minutes.empty() ? "non" : minutes);
}

} // namespace

RunInfo describe_run(const StudyRun& run, const Cog& cog) {
    const Study& study = run.study;
    const AnalysisParameters& parameters = run.parameters;
    const Territory& territory = *run.territory;
    RunInfo info;
    auto add = [&](std::string key, std::string value) {
        info.entries.emplace_back(std::move(key), std::move(value));
    };
    add("study", study.path);
    add("departement", study.territory_label());
    add("crs", territory.crs);
    for (const ParameterSpec& spec : parameter_specs()) {
        add(spec.key, machine::number(parameters.get(spec.id)));
        const ParameterOrigin& o = parameters.origin(spec.id);
        add(std::string(spec.key) + ".origin", o.kind == ParameterOrigin::Kind::Default
                                                   ? std::string("défaut")
                                                   : o.where);
    }
    auto choice = [&](const std::string& key, const std::string& value) {
        add(key, value);
        const ParameterOrigin& o = parameters.origin(key);
        add(key + ".origin",
            o.kind == ParameterOrigin::Kind::Default ? std::string("défaut") : o.where);
    };
    choice("coverage",
           to_string(parameters.coverage_rule(run.inputs && run.inputs->has_zones)));
    std::string types;
    for (StructureType t : parameters.coverage_types()) {
        if (!types.empty())
            types += ',';
        types += to_string(t);
    }
    choice("coverage_types", types);
    choice("hotspot_variable", to_string(parameters.hotspot_variable()));
    choice("hotspot_empirical_bayes", parameters.hotspot_empirical_bayes() ? "true" : "false");
    if (run.inputs) {
        // What the figures rest on: demonstration data, and how the rows were placed.
        add("illustrative_inputs", run.inputs->illustrative.list());
        add("zones", std::to_string(run.inputs->zones.size()));
        if (run.inputs->structures_placement.rows() > 0)
            add("placement.structures", run.inputs->structures_placement.summary("structures"));
        if (run.inputs->initiatives_placement.rows() > 0)
            add("placement.initiatives",
                run.inputs->initiatives_placement.summary("initiatives"));
    }
    add("tecsmap_version", tecsmap_version());
    add("gdal_version", GDALVersionInfo("RELEASE_NAME"));
    add("geos_version", GEOSversion());
    add("proj_version", proj_info().release);
    add("cog_version", cog.version());
    add("written_at", iso_utc(run_time()));
    describe_access(run, add);
    for (const auto& [role, path] : study_input_files(study)) {
        if (postgis::is_database_uri(path)) // a database has no file hash: its address instead
            add("database." + role, postgis::redact(path));
        // The extract's hash is remembered with its road graph: not re-read (hundreds of MB).
        else if (role == "accessibility.roads" && run.inputs && run.inputs->roads)
            add("sha256." + role, run.inputs->roads->cached.extract_sha256);
        else
            add("sha256." + role, sha256_file(path).value_or("illisible"));
    }
    return info;
}

} // namespace tecsmap
