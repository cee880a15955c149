#pragma once
// A built Territory as a compact byte payload and back, for the territory cache
// (territory_cache.hpp): every field build_territory() computes, geometries as WKB through the
// GEOS WKB writer and reader (coordinates are stored as the exact doubles, so a decoded
// geometry equals the encoded one exactly). No header, no checksum: the cache file adds them.

#include "territory.hpp"

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tecsmap {

/// A payload that cannot be decoded (truncated, inconsistent): the cache treats it as corrupt.
class TerritoryPayloadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The territory (communes, EPCIs, CTGs, missing communes, diagnostics, CRS, départements) as
/// bytes. Geometries are encoded in parallel; the result does not depend on the thread count.
std::string encode_territory(const Territory& territory);

/// Whether a streamed encoding makes its WKB on the calling thread only, or on all cores a window
/// of geometries at a time.
enum class WkbThreads { One, All };

/// The same bytes, handed to `sink` in chunks of about 1 MiB as they are made: only a chunk and
/// one geometry's WKB (a window of 1 024 with WkbThreads::All) in memory at a time, so a cache
/// file can be written beside other work within the memory budget. The geometries are only
/// read (see geos::settle_for_threads for sharing them with other threads meanwhile). The
/// diagnostics before `first_diagnostic` are left out (the territory cache stores a build's own
/// messages, not those of the run that built it).
void encode_territory(const Territory& territory,
                      const std::function<void(std::string_view)>& sink,
                      std::size_t first_diagnostic = 0, WkbThreads threads = WkbThreads::One);

/// Decodes a payload made by encode_territory() of the same format version; the lookup tables
/// are rebuilt (Territory::reindex). Throws TerritoryPayloadError, never reads out of bounds.
Territory decode_territory(std::string_view payload);

} // namespace tecsmap
