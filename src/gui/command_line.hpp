#pragma once
// tecsmap-gui's command-line options, checked before any work (usage errors, exit 2, with a
// French message saying what is accepted), and the atomic screenshot writer.

#include "map_data.hpp"
#include "map_settings.hpp"

#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

namespace tecsmap::gui {

/// Window sides accepted by --size, in pixels.
inline constexpr int kMinWindowSide = 200;
inline constexpr int kMaxWindowSide = 8000;

/// --size « LARGEURxHAUTEUR », each side in [kMinWindowSide, kMaxWindowSide]; nullopt with
/// `error` set otherwise.
std::optional<QSize> parse_window_size(const QString& text, QString& error);
/// --theme: gaps, clusters, hotspots, perimeters, structures; the error lists them.
std::optional<render::Theme> parse_theme_option(const QString& text, QString& error);
/// --ctg: an index (0 … n-1) or a CTG code of the loaded study; the error says which exist.
std::optional<std::size_t> resolve_ctg(const render::MapData& data, const QString& text,
                                       QString& error);
/// Empty when an image can be written to `path` (extension known to Qt's image writers), else
/// why not, listing the formats.
QString screenshot_format_error(const QString& path);

/// Writes `image` to `path` atomically (AtomicOutput: a temporary file renamed over the
/// target), the format from the extension. Throws OutputError with the cause (missing
/// directory, no write permission, unknown format, the writer's own error such as a full
/// disk); the previous file is then intact.
void save_image_atomically(const QImage& image, const QString& path);

} // namespace tecsmap::gui
