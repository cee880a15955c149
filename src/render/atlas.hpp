#pragma once
// The per-CTG atlas for elected officials and CTG commissions (PDF, French, vector text):
// a cover, a département overview, one page per CTG (its map with neighbours faded, key
// figures and a bar chart of initiatives per year), and a methods and sources page.

#include "map_data.hpp"

#include <string>

namespace tecsmap::render {

/// Writes the atlas atomically; returns the number of pages (1 + 1 + number of CTGs + 1).
int write_atlas(const std::string& path, const MapData& data, const ProgressFn& progress = {});

} // namespace tecsmap::render
