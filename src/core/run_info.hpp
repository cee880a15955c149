#pragma once
// What produced a result, for the `run_info` table: machine-readable (dot decimals, ISO 8601
// UTC), so that scripts can read it back and a result can be traced to its inputs.

#include "analysis/study_run.hpp"
#include "cog.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tecsmap {

struct RunInfo {
    std::vector<std::pair<std::string, std::string>> entries; ///< key, value, in order
    std::string value(const std::string& key) const;
};

/// Study, territory, every parameter (value and origin; the coverage rule as applied), versions
/// of tecsmap, GDAL, GEOS, PROJ and the COG, the time of the run (run_clock.hpp) and the
/// SHA-256 of every input file.
RunInfo describe_run(const StudyRun& run, const Cog& cog);

/// "0.2.0" (the CMake project version).
const char* tecsmap_version();

} // namespace tecsmap
