#pragma once
// Where tecsmap finds its bundled data, styles, cache and the local boundary mirror.

#include <optional>
#include <string>

namespace tecsmap {

/// The bundled data: TECSMAP_DATA_DIR, else <prefix>/share/tecsmap/data/geo beside the running
/// executable (<prefix>/bin, found through /proc/self/exe: an installed or extracted package),
/// else data/geo of the source tree (compiled in).
std::string data_dir();
/// The map styles: TECSMAP_STYLES_DIR, else <prefix>/share/tecsmap/styles beside the executable,
/// else styles/ of the source tree.
std::string styles_dir();
/// <prefix>/share/tecsmap/RELATIVE when the running executable is in <prefix>/bin and that
/// directory exists.
std::optional<std::string> installed_dir(const std::string& relative);
/// Download cache: TECSMAP_CACHE_DIR, else $XDG_CACHE_HOME/tecsmap, else ~/.cache/tecsmap.
std::string cache_dir();
/// The read-only boundary mirror: TECSMAP_GEO_MIRROR, else the first `shared/geo/france-geojson`
/// found beside an ancestor of the data directory or of the current directory.
std::optional<std::string> mirror_dir();
/// Value of an environment variable, empty when unset.
std::string env(const char* name);

} // namespace tecsmap
