#pragma once
// The TECS programme of one CTG, year by year (ctg_indicators_by_year, issue 11 item 5): the
// initiatives of each year and their change, the structures holding each sustainable-development
// bonus dimension, the TECS ambassadors. One table model for the atlas's CTG page (drawn here)
// and the map view's CTG panel (as HTML), so both print the same figures and the same
// demonstration mention.

#include "map_data.hpp"

#include <QPainter>
#include <QRectF>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace tecsmap::render {

struct ProgrammeTable {
    QStringList header;            ///< Année, Initiatives, Évolution, Bonus int., ext., transv., Ambassadeurs
    std::vector<QStringList> rows; ///< one per year, ascending
    /// « Données de démonstration : … » when a column derives from illustrative inputs.
    QString note;
    bool empty() const { return rows.empty(); }
};

/// The table of CTG `ctg`; `last_years` > 0 keeps only that many latest years.
ProgrammeTable programme_table(const MapData& data, std::size_t ctg, std::size_t last_years = 0);

/// The table as HTML (a <table> after a title), for the map view; empty when no year.
QString programme_html(const ProgrammeTable& table);

/// Draws the table in `box` (device pixels, `px_per_mm` for the sizes) with its title and note;
/// returns the bottom of what was drawn.
double draw_programme_table(QPainter& painter, const QRectF& box, double px_per_mm,
                            const ProgrammeTable& table);

} // namespace tecsmap::render
