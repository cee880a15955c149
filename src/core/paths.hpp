#pragma once
// Where tecsmap finds its bundled data, styles, cache and the local boundary mirror.

#include <optional>
#include <string>

namespace tecsmap {

/// data/geo of the source tree (compiled in), overridable with TECSMAP_DATA_DIR.
std::string data_dir();
/// styles/ of the source tree, overridable with TECSMAP_STYLES_DIR.
std::string styles_dir();
/// Download cache: TECSMAP_CACHE_DIR, else $XDG_CACHE_HOME/tecsmap, else ~/.cache/tecsmap.
std::string cache_dir();
/// The read-only boundary mirror: TECSMAP_GEO_MIRROR, else the first `shared/geo/france-geojson`
/// found beside an ancestor of the data directory or of the current directory.
std::optional<std::string> mirror_dir();
/// Value of an environment variable, empty when unset.
std::string env(const char* name);

} // namespace tecsmap
