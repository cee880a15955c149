#include "run_info.hpp"

#include "format.hpp"
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

RunInfo describe_run(const Study& study, const AnalysisParameters& parameters,
                     const Territory& territory, const Cog& cog) {
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
    add("tecsmap_version", tecsmap_version());
    add("gdal_version", GDALVersionInfo("RELEASE_NAME"));
    add("geos_version", GEOSversion());
    add("proj_version", proj_info().release);
    add("cog_version", cog.version());
    add("written_at", iso_utc(run_time()));
    for (const auto& [role, path] : study_input_files(study))
        add("sha256." + role, sha256_file(path).value_or("illisible"));
    return info;
}

} // namespace tecsmap
