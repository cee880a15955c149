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

std::optional<std::string> installed_dir(const std::string& relative) {
    // An installed binary (/usr/bin/tecsmap, or an extracted package) finds its data in
    // <prefix>/share/tecsmap/...; a build-tree binary has no such directory beside it.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        return std::nullopt;
    const fs::path candidate = exe.parent_path().parent_path() / "share" / "tecsmap" / relative;
    if (fs::is_directory(candidate, ec))
        return candidate.string();
    return std::nullopt;
}

std::string data_dir() {
    if (std::string e = env("TECSMAP_DATA_DIR"); !e.empty())
        return e;
    if (auto installed = installed_dir("data/geo"))
        return *installed;
    return TECSMAP_DATA_DIR;
}

std::string styles_dir() {
    if (std::string e = env("TECSMAP_STYLES_DIR"); !e.empty())
        return e;
    if (auto installed = installed_dir("styles"))
        return *installed;
    return TECSMAP_STYLES_DIR;
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
