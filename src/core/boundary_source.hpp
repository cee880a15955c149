#pragma once
// Obtains the commune boundary files (france-geojson, IGN Admin Express COG 2018) without ever
// committing them: a directory given by the user, else the download cache, else the local
// mirror, else a download from the pinned public URL. Every file from the cache, the mirror or
// the network is checked against the SHA-256 pinned in data/geo/france-geojson.sha256.

#include "diagnostics.hpp"

#include <string>
#include <vector>

namespace tecsmap {

struct BoundaryFile {
    std::string departement; ///< "26"
    std::string path;        ///< local file to read
    std::string origin; ///< "miroir local", "cache", "téléchargement", "répertoire utilisateur"
    /// SHA-256 the file was verified against (pinned list); empty for a user directory's file,
    /// which is not checked (the territory cache hashes it itself).
    std::string sha256;
};

struct BoundaryOptions {
    std::string user_dir;       ///< TECSMAP_BOUNDARIES_DIR: any directory of the same layout
    std::string mirror;         ///< empty: auto-detect (paths.hpp)
    std::string cache;          ///< empty: cache_dir()
    bool allow_download = true; ///< false with TECSMAP_OFFLINE=1
    /// Where downloads come from: the pinned public repository by default; TECSMAP_BOUNDARIES_URL
    /// names an organisation's own copy (same layout, files checked against the same hashes).
    std::string download_base;
    static BoundaryOptions from_environment();
};

/// The pinned commit of france-geojson whose files are used.
inline constexpr const char* kFranceGeojsonCommit = "5d34ee6d0140c29f785fdb047d9329f1aab58833";

/// Commune boundary files for the given départements ("*" = metropolitan France). Throws
/// InputError listing every source tried when a département's file cannot be obtained.
std::vector<BoundaryFile> obtain_commune_boundaries(const std::vector<std::string>& departements,
                                                    const BoundaryOptions& options,
                                                    Diagnostics& diagnostics);

/// The metropolitan départements' outlines (france-geojson `departements.geojson`, properties
/// `code`, `nom`, WGS84), obtained and verified like the commune files.
std::string obtain_departement_outlines(const BoundaryOptions& options, Diagnostics& diagnostics);

} // namespace tecsmap
