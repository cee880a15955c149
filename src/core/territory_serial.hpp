#pragma once
// A built Territory as a compact byte payload and back, for the territory cache
// (territory_cache.hpp): every field build_territory() computes, geometries as WKB through the
// GEOS WKB writer and reader (coordinates are stored as the exact doubles, so a decoded
// geometry equals the encoded one exactly). No header, no checksum: the cache file adds them.

#include "territory.hpp"

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

/// Decodes a payload made by encode_territory() of the same format version; the lookup tables
/// are rebuilt (Territory::reindex). Throws TerritoryPayloadError, never reads out of bounds.
Territory decode_territory(std::string_view payload);

} // namespace tecsmap
