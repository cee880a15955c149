#pragma once
// The classes the two access themes colour communes and inhabited cells by: minutes to the
// nearest covering structure (theme acces: the style's minute classes, then « unreachable »),
// or the E2SFCA accessibility index (theme e2sfca: the data's quintiles of the positive values,
// then « no structure within the catchment »). The painter, the legend and the map view share
// this one definition.

#include "map_data.hpp"
#include "map_settings.hpp"

#include <QColor>
#include <QString>

#include <cstddef>

namespace tecsmap::render {

class AccessClasses {
public:
    AccessClasses(const MapSettings& settings, const MapData& data);

    /// Classes, the last one being « none » (unreachable, or index 0).
    std::size_t count() const;
    std::size_t of(const AccessItem& item) const;
    QColor color(std::size_t k, double alpha = 1.0) const;
    /// « 10 à 15 min », « 0,42 à 0,61 », « aucune structure à moins de 30 min ».
    QString label(std::size_t k) const;
    /// What a value counts: « min » or « pour 10 000 hab. », for the legend's first entry.
    QString unit() const;

private:
    const MapSettings& s_;
    const MapData& d_;
    bool index_;
};

} // namespace tecsmap::render
