#pragma once
// Writes a map page to PNG, SVG or PDF (chosen by the file's extension), atomically.

#include "map_page.hpp"

#include <optional>
#include <string>

namespace tecsmap::render {

enum class Format { Png, Svg, Pdf };
/// From the extension (.png, .svg, .pdf, any case); nullopt otherwise.
std::optional<Format> format_for(const std::string& path);

/// Renders `settings` (its size_px and dpi are set from `page`) with furniture to `path`.
/// Throws OutputError when the file cannot be written (the previous file is left intact).
void export_map(const std::string& path, MapSettings settings, const MapData& data,
                const PageSpec& page, const PageTexts& texts);

} // namespace tecsmap::render
