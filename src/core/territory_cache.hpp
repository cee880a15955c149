#pragma once
// The territory cache: a built Territory stored on disk so that the next run of a study (or of
// another study on the same territory) reads it back in a fraction of the time it takes to
// read, harmonise and union tens of thousands of commune polygons.
//
// One file per territory section ("slot": départements, communes source, code field, CTG
// table) in <cache_dir()>/territory/ (TECSMAP_CACHE_DIR, else $XDG_CACHE_HOME/tecsmap, else
// ~/.cache/tecsmap). The file holds a header (magic, format version, key, payload size,
// SHA-256 of the payload) and the payload (territory_serial.hpp). The key is the SHA-256 of
// every input's content hash (boundary files, own communes source, CTG table, COG tables),
// of the territory section and of the tecsmap, GEOS, GDAL and PROJ versions: when any of them
// changes, the file no longer matches and the territory is rebuilt and the file replaced. A
// file that is not a cache, truncated, or whose checksum fails is never trusted: the
// territory is rebuilt, with a warning. Files are written atomically (atomic_output.hpp), so
// concurrent runs never read a half-written cache. TECSMAP_NO_CACHE=1 (or --no-cache)
// disables it; deleting the directory clears it.

#include "territory_builder.hpp"
#include "territory_serial.hpp"

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace tecsmap {

/// Bumped whenever the payload or header layout changes: older files are then rebuilt.
inline constexpr std::uint32_t kTerritoryCacheFormat = 3; // 2: neighbours; 3: outline

struct TerritoryCacheSettings {
    std::string dir;     ///< where the cache files are: <cache_dir()>/territory
    bool enabled = true; ///< false with TECSMAP_NO_CACHE=1
    static TerritoryCacheSettings from_environment();
};

/// What the cache did during one build (tests, benchmark, verbose output).
struct TerritoryCacheReport {
    enum class Outcome {
        Disabled,    ///< TECSMAP_NO_CACHE=1: built, nothing read or written
        Uncacheable, ///< an input cannot be hashed (a database source): built, not stored
        Hit,         ///< read from the cache, nothing built
        Built,       ///< no cache file yet: built (and stored unless `stored` is false)
        Rebuilt      ///< the cache file was stale or corrupt (`reason`): built again
    };
    Outcome outcome = Outcome::Disabled;
    bool stored = false; ///< a new cache file was written
    std::string file;    ///< the cache file read or written
    std::string reason;  ///< why it was not used or not written (French), empty otherwise
};

struct TerritoryCacheKey {
    std::string slot; ///< hex SHA-256 of the territory section: names the file
    std::string key;  ///< hex SHA-256 of `text`: must match the file's
    std::string text; ///< every key part, one per line (readable: tests, debugging)
};

/// The key of a study's territory given its obtained boundary files (their verified hashes are
/// reused; the others are hashed). nullopt when an input cannot be hashed (a PostGIS source).
std::optional<TerritoryCacheKey> territory_cache_key(const Study& study, const Cog& cog,
                                                     const std::vector<BoundaryFile>& files);

/// The cache file of a slot in a cache directory.
std::string territory_cache_file(const std::string& dir, const TerritoryCacheKey& key);

/// Writes a cache file atomically (creating its directory), streamed: the payload is never
/// whole in memory. The diagnostics before `first_diagnostic` are not stored (a run's own
/// messages, prepended to the build's). Throws OutputError.
void save_territory_cache(const std::string& file, const std::string& key,
                          const Territory& territory, std::size_t first_diagnostic = 0,
                          WkbThreads threads = WkbThreads::All);

struct TerritoryCacheRead {
    enum class Status {
        Loaded,
        Absent, ///< no file
        Stale,  ///< another key or format version: a normal invalidation
        Corrupt ///< not a cache file, truncated, bad checksum or undecodable payload
    };
    Status status = Status::Absent;
    std::optional<Territory> territory; ///< set when Loaded
    std::string why;                    ///< French, for Stale and Corrupt
};

/// Reads a cache file written for `key`. Never throws for a bad file (Corrupt), never returns a
/// territory whose checksum was not verified.
TerritoryCacheRead load_territory_cache(const std::string& file, const std::string& key);

/// A territory obtained through the cache (obtain_territory_cached), shared with the cache file's
/// writer while that runs in the background.
class CachedTerritory {
public:
    CachedTerritory() = default;
    CachedTerritory(CachedTerritory&&) = default;
    CachedTerritory& operator=(CachedTerritory&&) = delete;
    /// Waits for the cache file's writer, if any (finish()).
    ~CachedTerritory();

    std::shared_ptr<const Territory> territory() const { return territory_; }
    /// Waits for the cache file's writer, if any, and completes the report given to
    /// obtain_territory_cached() (`stored`, `reason`). Never throws: a cache that cannot be
    /// written never fails a run.
    void finish() noexcept;
    /// finish(), then the territory itself (this object no longer holds it; a copy when a
    /// caller of territory() still holds it). Throws std::logic_error when already taken.
    Territory take();

private:
    friend CachedTerritory obtain_territory_cached(const Study&, const Cog&, const BoundaryOptions&,
                                                   Feedback*, bool, TerritoryCacheReport*,
                                                   const TerritoryCacheSettings&);
    std::shared_ptr<Territory> territory_;
    std::future<std::string> write_; ///< the writer's error, empty when the file is stored
    TerritoryCacheReport* report_ = nullptr;
};

/// build_territory() through the cache, as build_territory_cached() below. After a build, with
/// `write_in_background`, the cache file is written by a thread of its own while the caller
/// goes on with the territory (reading the layers, analysing: both only read it; the geometries
/// are settled first, geos::settle_for_threads); it is streamed, so it costs about 1 MiB of
/// memory, not the 55 MiB of a national payload. `report`, when given, must outlive the
/// returned object: its `stored` and `reason` are set by finish().
CachedTerritory obtain_territory_cached(
    const Study& study, const Cog& cog, const BoundaryOptions& boundaries, Feedback* feedback,
    bool write_in_background, TerritoryCacheReport* report = nullptr,
    const TerritoryCacheSettings& settings = TerritoryCacheSettings::from_environment());

/// build_territory() through the cache: obtains the boundary files, computes the key, returns
/// the cached territory when the file matches, else builds it and stores it. The diagnostics
/// are the same as build_territory()'s (plus a warning when a corrupt file was replaced).
Territory build_territory_cached(
    const Study& study, const Cog& cog,
    const BoundaryOptions& boundaries = BoundaryOptions::from_environment(),
    Feedback* feedback = nullptr, TerritoryCacheReport* report = nullptr,
    const TerritoryCacheSettings& settings = TerritoryCacheSettings::from_environment());

} // namespace tecsmap
