#include "boundary_source.hpp"

#include "errors.hpp"
#include "gdal_handles.hpp"
#include "paths.hpp"
#include "sha256.hpp"

#include <cpl_http.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace tecsmap {

namespace {

struct PinnedFile {
    std::string relative_path; ///< departements/26-drome/communes-26-drome.geojson
    std::string sha256;
};

// departement code -> its communes file, from the pinned checksum list.
std::map<std::string, PinnedFile> pinned_commune_files() {
    const std::string list = data_dir() + "/france-geojson.sha256";
    std::ifstream in(list);
    if (!in)
        throw InputError(list, "liste des empreintes SHA-256 des limites communales introuvable");
    std::map<std::string, PinnedFile> out;
    std::string hash, path;
    while (in >> hash >> path) {
        const std::string name = fs::path(path).filename().string();
        if (name.rfind("communes-", 0) != 0)
            continue;
        const std::string code = name.substr(9, name.find('-', 9) - 9);
        out[code] = {path, hash};
    }
    return out;
}

bool verified(const std::string& file, const std::string& expected) {
    auto h = sha256_file(file);
    return h && *h == expected;
}

// Downloads into the cache through GDAL's HTTP client (libcurl) with short timeouts, writing a
// temporary file renamed only once its checksum matches.
bool download(const PinnedFile& pinned, const std::string& base, const std::string& target,
              std::string& why) {
    const std::string url =
        (base.empty() ? std::string("https://raw.githubusercontent.com/gregoiredavid/"
                                    "france-geojson/") +
                            kFranceGeojsonCommit
                      : base) +
        "/" + pinned.relative_path;
    const char* options[] = {"CONNECTTIMEOUT=5", "TIMEOUT=60", nullptr};
    std::unique_ptr<CPLHTTPResult, void (*)(CPLHTTPResult*)> result(
        CPLHTTPFetch(url.c_str(), const_cast<char**>(options)), CPLHTTPDestroyResult);
    if (!result || result->nStatus != 0 || !result->pabyData) {
        why = "téléchargement impossible (" + url +
              ") : " + (result && result->pszErrBuf ? result->pszErrBuf : gdal::last_error());
        return false;
    }
    const std::string got =
        sha256_bytes(result->pabyData, static_cast<std::size_t>(result->nDataLen));
    if (got != pinned.sha256) {
        why = "fichier téléchargé d'empreinte inattendue (" + got + ") : " + url;
        return false;
    }
    std::error_code ec;
    fs::create_directories(fs::path(target).parent_path(), ec);
    const std::string tmp = target + ".part";
    {
        std::ofstream out(tmp, std::ios::binary);
        out.write(reinterpret_cast<const char*>(result->pabyData), result->nDataLen);
        if (!out) {
            why = "écriture impossible dans le cache " + tmp;
            return false;
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        why = "écriture impossible dans le cache " + target + " : " + ec.message();
        return false;
    }
    return true;
}

std::optional<std::string> find_in_user_dir(const std::string& dir, const PinnedFile& pinned) {
    const fs::path nested = fs::path(dir) / pinned.relative_path;
    if (fs::exists(nested))
        return nested.string();
    const fs::path flat = fs::path(dir) / fs::path(pinned.relative_path).filename();
    if (fs::exists(flat))
        return flat.string();
    return std::nullopt;
}

} // namespace

BoundaryOptions BoundaryOptions::from_environment() {
    BoundaryOptions o;
    o.user_dir = env("TECSMAP_BOUNDARIES_DIR");
    o.mirror = env("TECSMAP_GEO_MIRROR");
    o.cache = env("TECSMAP_CACHE_DIR");
    o.allow_download = env("TECSMAP_OFFLINE") != "1";
    o.download_base = env("TECSMAP_BOUNDARIES_URL");
    return o;
}

namespace {

// One pinned file through the chain user dir -> cache -> mirror -> download.
std::string obtain_pinned(const PinnedFile& pin, const std::string& what,
                          const BoundaryOptions& options, Diagnostics& diagnostics,
                          std::string& origin) {
    const std::optional<std::string> mirror =
        options.mirror.empty() ? mirror_dir() : std::optional<std::string>(options.mirror);
    const std::string cache = (options.cache.empty() ? cache_dir() : options.cache) +
                              "/france-geojson/" + kFranceGeojsonCommit;
    std::vector<std::string> tried;
    if (!options.user_dir.empty()) {
        if (auto p = find_in_user_dir(options.user_dir, pin)) {
            origin = "répertoire utilisateur";
            return *p;
        }
        tried.push_back("répertoire TECSMAP_BOUNDARIES_DIR " + options.user_dir);
    }
    const std::string cached = cache + "/" + pin.relative_path;
    if (fs::exists(cached)) {
        if (verified(cached, pin.sha256)) {
            origin = "cache";
            return cached;
        }
        diagnostics.warn("cache_corrupt", "fichier du cache d'empreinte inattendue, ignoré",
                         cached);
    }
    // The mirror comes before the network: an offline machine must not wait on it.
    if (mirror) {
        const std::string m = *mirror + "/" + pin.relative_path;
        if (verified(m, pin.sha256)) {
            origin = "miroir local";
            return m;
        }
        tried.push_back("miroir " + m + (fs::exists(m) ? " (empreinte inattendue)" : " (absent)"));
    }
    if (options.allow_download) {
        std::string why;
        if (download(pin, options.download_base, cached, why)) {
            origin = "téléchargement";
            return cached;
        }
        tried.push_back(why);
    } else {
        tried.push_back("téléchargement désactivé (TECSMAP_OFFLINE=1)");
    }
    std::string msg = what + " introuvables ; essayé :";
    for (const auto& t : tried)
        msg += "\n  - " + t;
    msg += "\nIndiquez un répertoire avec TECSMAP_BOUNDARIES_DIR ou une source "
           "[territory] communes dans l'étude.";
    throw InputError("", msg);
}

} // namespace

std::vector<BoundaryFile> obtain_commune_boundaries(const std::vector<std::string>& departements,
                                                    const BoundaryOptions& options,
                                                    Diagnostics& diagnostics) {
    gdal::init();
    const auto pinned = pinned_commune_files();
    std::vector<std::string> wanted;
    for (const std::string& d : departements) {
        if (d == "*") {
            for (const auto& [code, file] : pinned)
                if (code.rfind("97", 0) != 0)
                    wanted.push_back(code);
        } else {
            wanted.push_back(d);
        }
    }
    std::vector<BoundaryFile> out;
    for (const std::string& dep : wanted) {
        auto it = pinned.find(dep);
        if (it == pinned.end())
            throw InputError("", "département « " + dep +
                                     " » inconnu des limites communales france-geojson");
        std::string origin;
        std::string path = obtain_pinned(it->second, "limites communales du département " + dep,
                                         options, diagnostics, origin);
        const bool verified_file = origin != "répertoire utilisateur";
        out.push_back({dep, std::move(path), origin, verified_file ? it->second.sha256 : ""});
    }
    return out;
}

std::string obtain_departement_outlines(const BoundaryOptions& options, Diagnostics& diagnostics) {
    gdal::init();
    const std::string list = data_dir() + "/france-geojson.sha256";
    std::ifstream in(list);
    std::string hash, path;
    while (in >> hash >> path) {
        if (path == "departements.geojson") {
            std::string origin;
            return obtain_pinned({path, hash}, "contours des départements", options, diagnostics,
                                 origin);
        }
    }
    throw InputError(list, "empreinte de departements.geojson absente");
}

} // namespace tecsmap
