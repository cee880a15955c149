#pragma once
// French descriptions (HTML) of what the user clicked or selected: a commune and its figures,
// a structure, a CTG's indicators.

#include "map_data.hpp"

#include <QString>
#include <QStringList>

namespace tecsmap::gui {

QString commune_html(const render::MapData& data, std::size_t commune);
/// What a study brought in, shown when it opens: counts, how every row of the registers was
/// placed (coordinates, address, commune, unplaced), rejected rows, the coverage rule, and the
/// demonstration mention.
QString study_html(const render::MapData& data);
QString structure_html(const Territory& territory, const Structure& structure);
QString ctg_html(const render::MapData& data, std::size_t ctg);

} // namespace tecsmap::gui
