#pragma once
// The per-CTG atlas for elected officials and CTG commissions (PDF, French, vector text):
// a cover, a département overview, one page per CTG (its map with neighbours faded, key
// figures and a bar chart of initiatives per year), and a methods and sources page.

#include "map_data.hpp"
#include "map_style.hpp"

#include <string>

namespace tecsmap::render {

/// Writes the atlas atomically; returns the number of pages (1 + 1 + number of CTGs + 1, plus
/// one page comparing the scenarios when the study has [[scenario]] tables).
/// Throws OutputError when the PDF cannot be written (the previous file is left intact).
int write_atlas(const std::string& path, const MapData& data, const MapStyle& style,
                Feedback* feedback = nullptr);

} // namespace tecsmap::render
