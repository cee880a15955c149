#include "access_info.hpp"

#include "format.hpp"

namespace tecsmap::gui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}
QString row(const QString& k, const QString& v) {
    return "<tr><td style='padding-right:10px'><b>" + k + "</b></td><td>" + v + "</td></tr>";
}

// The rows every demand point shares: minutes, structure, route, walk, E2SFCA.
QString travel_rows(const render::AccessItem& a) {
    QString html;
    if (!a.minutes)
        return row("Temps par la route", "aucune structure accessible");
    html +=
        row("Temps par la route", "<span id='minutes'>" + qs(fr::minutes(*a.minutes)) + "</span>");
    html += row("Structure la plus proche", a.structure.toHtmlEscaped());
    html += row("Longueur du trajet", qs(fr::km(a.route_km)) + " de route");
    html += row("Marche jusqu'à la route", qs(fr::number(a.snap_m, 0)) + " m");
    html += row("Indice d'accessibilité (E2SFCA)",
                qs(fr::number(a.e2sfca_10k, 2)) + " pour 10 000 hab.");
    return html;
}

} // namespace

QString commune_access_html(const render::MapData& d, std::size_t i) {
    if (!d.has_access() || i >= d.commune_access().size())
        return {};
    const render::AccessItem& a = d.commune_access()[i];
    QString html = "<h4>Accès par la route (depuis le centre de la commune)</h4><table>";
    html += travel_rows(a);
    html += row("Habitants à plus de " + qs(fr::minutes(d.parameters().coverage_minutes())),
                qs(fr::people(a.pop_beyond)));
    html += "</table><p><small>Vitesses : " + d.speeds_label().toHtmlEscaped() + "</small></p>";
    return html;
}

std::optional<std::size_t> cell_at(const render::MapData& d, std::size_t commune, QPointF p) {
    for (std::size_t k = 0; k < d.cells().size(); ++k) {
        const render::CellShape& c = d.cells()[k];
        if (c.commune == commune && c.bounds.contains(p) && c.path.contains(p))
            return k;
    }
    return std::nullopt;
}

QString cell_html(const render::MapData& d, std::size_t k) {
    const render::CellShape& c = d.cells()[k];
    QString html = "<h3>Carreau habité</h3><table>";
    html += row("Carreau", c.id.toHtmlEscaped());
    html += row("Commune", qs(d.territory().communes[c.commune].nom));
    html += row("Habitants (part dans la commune)", qs(fr::people(c.population)));
    html += row("Couvert", c.covered ? "oui" : "non");
    if (d.has_access())
        html += travel_rows(c.access);
    html += "</table>";
    if (d.has_access())
        html += "<p><small>Vitesses : " + d.speeds_label().toHtmlEscaped() + "</small></p>";
    return html;
}

} // namespace tecsmap::gui
