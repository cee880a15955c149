#include "year_selector.hpp"

#include "analysis/evolution.hpp"

namespace tecsmap::gui {

YearSelector::YearSelector(QWidget* parent)
    : QComboBox(parent) {
    setObjectName("year");
    setToolTip(QStringLiteral("Année affichée : ses initiatives et les structures agréées cette "
                              "année-là (et année N du thème Évolution)"));
    addItem(QStringLiteral("Toutes les années"));
    connect(this, &QComboBox::currentIndexChanged, this, [this] { emit year_changed(year()); });
}

void YearSelector::set_data(const render::MapData& data) {
    const std::optional<int> kept = year();
    {
        const QSignalBlocker block(this);
        clear();
        addItem(QStringLiteral("Toutes les années"));
        const std::vector<int> years = initiative_years(data.inputs().initiatives);
        for (auto it = years.rbegin(); it != years.rend(); ++it) // latest first
            addItem(QString::number(*it), *it);
    }
    if (!select(kept))
        select(std::nullopt);
}

std::optional<int> YearSelector::year() const {
    const QVariant v = currentData();
    if (!v.isValid())
        return std::nullopt;
    return v.toInt();
}

bool YearSelector::select(std::optional<int> y) {
    const int index = y ? findData(*y) : 0;
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

} // namespace tecsmap::gui
