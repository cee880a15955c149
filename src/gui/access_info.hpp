#pragma once
// The map view's travel-time information (issue 12, mode « Accès (temps) »): what a click on a
// commune or an inhabited cell says about the road to its nearest centre social or EVS.

#include "map_data.hpp"

#include <QPointF>
#include <QString>

#include <cstddef>
#include <optional>

namespace tecsmap::gui {

/// « Accès par la route » rows of a commune (minutes from its representative point, the
/// nearest structure, the route's length, the walk to the road, E2SFCA, people beyond the
/// threshold); empty when the study has no road network.
QString commune_access_html(const render::MapData& data, std::size_t commune);

/// The population-grid part of `commune` under `map_point` (metric coordinates), if any. Only
/// that commune's parts are looked at (the commune comes from the hit tester's index).
std::optional<std::size_t> cell_at(const render::MapData& data, std::size_t commune,
                                   QPointF map_point);

/// An inhabited cell's part: its identifier, people, coverage and travel figures.
QString cell_html(const render::MapData& data, std::size_t cell);

} // namespace tecsmap::gui
