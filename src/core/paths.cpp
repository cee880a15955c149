#include "paths.hpp"

#include <cstdlib>
#include <filesystem>

#ifndef TECSMAP_DATA_DIR
#error "TECSMAP_DATA_DIR must be defined by the build"
#endif

namespace fs = std::filesystem;

namespace tecsmap {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string data_dir() {
    const std::string e = env("TECSMAP_DATA_DIR");
    return e.empty() ? TECSMAP_DATA_DIR : e;
}

std::string styles_dir() {
    const std::string e = env("TECSMAP_STYLES_DIR");
    return e.empty() ? TECSMAP_STYLES_DIR : e;
}

std::string cache_dir() {
    if (std::string e = env("TECSMAP_CACHE_DIR"); !e.empty())
        return e;
    if (std::string x = env("XDG_CACHE_HOME"); !x.empty())
        return x + "/tecsmap";
    if (std::string h = env("HOME"); !h.empty())
        return h + "/.cache/tecsmap";
    return (fs::temp_directory_path() / "tecsmap-cache").string();
}

std::optional<std::string> mirror_dir() {
    if (std::string e = env("TECSMAP_GEO_MIRROR"); !e.empty())
        return e;
    // The mirror sits next to the checkout: <parent>/shared/geo/france-geojson.
    for (fs::path start : {fs::path(data_dir()), fs::current_path()}) {
        std::error_code ec;
        fs::path p = fs::weakly_canonical(start, ec);
        for (; !p.empty(); p = p.parent_path()) {
            fs::path candidate = p / "shared" / "geo" / "france-geojson";
            if (fs::is_directory(candidate, ec))
                return candidate.string();
            if (p == p.parent_path())
                break;
        }
    }
    return std::nullopt;
}

} // namespace tecsmap
