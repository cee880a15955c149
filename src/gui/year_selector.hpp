#pragma once
// The toolbar's year combo (issue 13 item 3): « Toutes les années », then each year with a
// dated initiative in the territory, latest first (evolution.hpp initiative_years). The chosen year
// filters the initiatives drawn and the structures (those whose agreement runs that year, from
// agreement_start to agreement_end; undated ones always), and is the evolution theme's year N
// (compared with N−1).

#include "map_data.hpp"

#include <QComboBox>

#include <optional>

namespace tecsmap::gui {

class YearSelector : public QComboBox {
    Q_OBJECT
public:
    explicit YearSelector(QWidget* parent = nullptr);

    /// The years of a run's initiatives; the chosen year is kept when it still exists.
    void set_data(const render::MapData& data);
    /// nullopt: all years.
    std::optional<int> year() const;
    /// Chooses a year (nullopt: all); false when the run has no initiative that year.
    bool select(std::optional<int> year);

signals:
    void year_changed(std::optional<int> year);
};

} // namespace tecsmap::gui
