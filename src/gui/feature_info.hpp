#pragma once
// French descriptions (HTML) of what the user clicked or selected: a commune and its figures,
// a structure, a CTG's indicators.

#include "analysis/analysis.hpp"

#include <QString>
#include <QStringList>

namespace tecsmap::gui {

QString commune_html(const Territory& territory, const AnalysisResult& result, std::size_t commune);
QString structure_html(const Structure& structure);
QString ctg_html(const Territory& territory, const AnalysisResult& result, std::size_t ctg);

} // namespace tecsmap::gui
