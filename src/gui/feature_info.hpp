#pragma once
// French descriptions (HTML) of what the user clicked or selected: a commune and its figures,
// a structure, a CTG's indicators.

#include "map_data.hpp"

#include <QString>
#include <QStringList>

namespace tecsmap::gui {

QString commune_html(const render::MapData& data, std::size_t commune);
QString structure_html(const Territory& territory, const Structure& structure);
QString ctg_html(const render::MapData& data, std::size_t ctg);

} // namespace tecsmap::gui
