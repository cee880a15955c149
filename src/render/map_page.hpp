#pragma once
// A map page as elected officials see it: title, subtitle stating the parameters, the map,
// a legend generated from the styles and the classes actually drawn, a scale bar in km, a
// north arrow, the sources and licences line and the date. Used by `tecsmap render`, the
// atlas and the map view's exports.

#include "map_data.hpp"
#include "map_settings.hpp"

#include <QPainter>

#include <string>
#include <vector>

namespace tecsmap::render {

struct PageSpec {
    QSizeF size_mm{210, 297};
    double dpi = 300;
    QSize size_px() const {
        return {static_cast<int>(size_mm.width() / 25.4 * dpi + 0.5),
                static_cast<int>(size_mm.height() / 25.4 * dpi + 0.5)};
    }
};

/// Resolutions a page may be rendered at (dots per inch).
inline constexpr double kMinDpi = 30;
inline constexpr double kMaxDpi = 1200;

/// "A4" or "A3", portrait unless landscape; throws std::invalid_argument (French message) on
/// another size or a resolution outside [kMinDpi, kMaxDpi].
PageSpec page_spec(const std::string& paper, bool landscape, double dpi);

struct LegendEntry {
    enum class Kind { Fill, Hatch, Marker, Line, Ring, Note }; ///< Note: text only
    Kind kind = Kind::Fill;
    QString label;
    QColor fill;
    QColor stroke;
    std::string shape; ///< markers
    Qt::PenStyle dash = Qt::SolidLine;
};

/// Legend for what the settings draw on this data: only classes present appear.
std::vector<LegendEntry> legend_entries(const MapSettings& settings, const MapData& data);

/// « rayon de couverture : 10 km », « DBSCAN : eps 5 km, 3 initiatives minimum »...
QString parameters_subtitle(Theme theme, const AnalysisParameters& parameters);
/// Sources and licences of what is drawn, plus the study's note and the date of the run.
QString sources_line(const MapData& data);

struct PageTexts {
    QString title;
    QString subtitle;
};

/// The title (theme — territory or CTG) and subtitle (parameters) of a map: built here once
/// for the CLI, the map view's exports and the atlas.
/// `year`: the evolution theme's year N (default: the latest dated year).
PageTexts page_texts(Theme theme, const MapData& data, const QString& focus_ctg = {},
                     std::optional<int> year = std::nullopt);

/// Paints a whole page into `page` (device pixels); settings.dpi must be the device's.
void paint_map_page(QPainter& painter, const QRectF& page, MapSettings settings,
                    const MapData& data, const PageTexts& texts);

/// Default settings for a theme on this data (extent of the territory or of one CTG).
MapSettings default_settings(Theme theme, const MapData& data, const MapStyle& style,
                             const QString& focus_ctg = {});

/// Draws a legend block starting at top-left `at`, `width` wide; returns its height in px.
double paint_legend(QPainter& painter, QPointF at, double width,
                    const std::vector<LegendEntry>& entries, double dpi, int columns = 1);
void paint_scale_bar(QPainter& painter, const QRectF& frame, const QTransform& transform,
                     double dpi);
void paint_north_arrow(QPainter& painter, const QRectF& frame, double dpi);

} // namespace tecsmap::render
