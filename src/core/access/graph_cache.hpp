#pragma once
// The road graph cached on disk. A cache file is keyed by the extract's SHA-256 and every
// parameter that changes the graph (speeds, margin, box, CRS, format version); it ends with the
// SHA-256 of its contents, so a truncated or corrupt file is detected and rebuilt, never
// trusted. Files are written atomically (temporary file renamed).

#include "road_graph.hpp"

#include <optional>
#include <string>

namespace tecsmap::access {

/// Bumped whenever the file layout or the graph rules change.
inline constexpr std::uint32_t graph_cache_version = 1;

/// SHA-256 of the extract. Remembered in `memo_dir` by path, size and modification time, so an
/// unchanged national extract is not re-hashed at every run. Throws InputError when unreadable.
std::string extract_sha256(const std::string& path, const std::string& memo_dir);

/// The cache key (64 hex digits) of a build with these parameters on that extract.
std::string graph_cache_key(const RoadGraphParams& params, const std::string& extract_sha256);

/// Writes the graph to `path` atomically. Throws OutputError when it cannot.
void save_graph_cache(const RoadGraph& graph, const std::string& key, const std::string& path);

/// Reads a cache file. nullopt (with the reason in French) when it is absent, of another key or
/// version, truncated or corrupt; the caller then rebuilds.
std::optional<RoadGraph> load_graph_cache(const std::string& path, const std::string& key,
                                          std::string* why_not = nullptr);

struct CachedRoadGraph {
    RoadGraph graph;
    bool from_cache = false;
    std::string extract_sha256;
    std::string key;
    std::string cache_file;
    std::string cache_note; ///< why the cache was not used or not written (French), else ""
};

/// The graph from the cache when a valid file exists, else built and cached. `cache_directory`
/// defaults to cache_dir()/roads. A cache that cannot be written does not fail the run.
CachedRoadGraph load_or_build_road_graph(const RoadGraphParams& params,
                                         Feedback* feedback = nullptr,
                                         std::string cache_directory = {});

} // namespace tecsmap::access
