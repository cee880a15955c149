#include "run_info.hpp"

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
    for (StructureType t : parameters.coverage_types())
        types += (types.empty() ? "" : ",") + std::string(to_string(t));
    choice("coverage_types", types);
    choice("hotspot_variable", to_string(parameters.hotspot_variable()));
    choice("hotspot_empirical_bayes", parameters.hotspot_empirical_bayes() ? "true" : "false");
    add("tecsmap_version", tecsmap_version());
    add("gdal_version", GDALVersionInfo("RELEASE_NAME"));
    add("geos_version", GEOSversion());
    add("proj_version", proj_info().release);
    add("cog_version", cog.version());
    add("written_at", iso_utc(run_time()));
    for (const auto& [role, path] : study_input_files(study)) {
        if (postgis::is_database_uri(path)) // a database has no file hash: its address instead
            add("database." + role, postgis::redact(path));
        else
            add("sha256." + role, sha256_file(path).value_or("illisible"));
    }
    return info;
}

} // namespace tecsmap
