#include "access_classes.hpp"

#include "format.hpp"
#include "map_painter.hpp"
#include "page_text.hpp"

#include <algorithm>
#include <cmath>

namespace tecsmap::render {

namespace {

QString index_value(double v) {
    // Two decimals: a département's values are about 0.1 to 5 per 10 000 inhabitants.
    return qs(fr::number(v, 2));
}

} // namespace

AccessClasses::AccessClasses(const MapSettings& settings, const MapData& data)
    : s_(settings)
    , d_(data)
    , index_(settings.theme == Theme::AccessIndex) {}

std::size_t AccessClasses::count() const {
    return index_ ? d_.e2sfca_breaks().size() + 2 : s_.style.access.classes.size() + 1;
}

std::size_t AccessClasses::of(const AccessItem& a) const {
    return index_ ? d_.e2sfca_class(a.e2sfca_10k) : s_.style.access.class_of(a.minutes);
}

QColor AccessClasses::color(std::size_t k, double alpha) const {
    const AccessStyle& a = s_.style.access;
    if (k + 1 >= count())
        return to_qcolor(a.unreachable, alpha);
    if (!index_)
        return to_qcolor(a.classes[k].color, alpha);
    // The positive classes spread over the palette, lowest and highest at its ends.
    const std::size_t n = count() - 1, p = a.e2sfca_colors.size();
    if (p == 0)
        return to_qcolor(a.unreachable, alpha);
    const std::size_t i =
        n <= 1 ? p - 1
               : static_cast<std::size_t>(std::lround(static_cast<double>(k) *
                                                      static_cast<double>(p - 1) /
                                                      static_cast<double>(n - 1)));
    return to_qcolor(a.e2sfca_colors[std::min(i, p - 1)], alpha);
}

QString AccessClasses::label(std::size_t k) const {
    const AccessStyle& a = s_.style.access;
    if (!index_)
        return k < a.classes.size() ? qs(a.classes[k].label) : qs(a.unreachable_label);
    const std::vector<double>& b = d_.e2sfca_breaks();
    if (k + 1 >= count())
        return QStringLiteral("aucune structure à moins de 30 min");
    if (b.empty())
        return QStringLiteral("plus de 0");
    if (k == 0)
        return QStringLiteral("jusqu'à ") + index_value(b[0]);
    if (k < b.size())
        return index_value(b[k - 1]) + QStringLiteral(" à ") + index_value(b[k]);
    return QStringLiteral("plus de ") + index_value(b.back());
}

QString AccessClasses::unit() const {
    return index_ ? QStringLiteral("pour 10 000 hab.") : QStringLiteral("min");
}

} // namespace tecsmap::render
