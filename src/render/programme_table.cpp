#include "programme_table.hpp"

#include "page_text.hpp"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace tecsmap::render {

namespace {

QString signed_change(const std::optional<int>& change) {
    if (!change)
        return QStringLiteral("—"); // the first year: nothing to compare with
    if (*change == 0)
        return QStringLiteral("0");
    return (*change > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
           QString::number(std::abs(*change));
}

} // namespace

ProgrammeTable programme_table(const MapData& d, std::size_t k, std::size_t last_years) {
    ProgrammeTable t;
    t.header = {QStringLiteral("Année"),        QStringLiteral("Initiatives"),
                QStringLiteral("Évolution"),    QStringLiteral("Bonus interne"),
                QStringLiteral("Bonus externe"), QStringLiteral("Bonus transversal"),
                QStringLiteral("Ambassadeurs")};
    for (const CtgYear& y : d.result().ctg_years)
        if (y.ctg == k)
            t.rows.push_back({QString::number(y.year), QString::number(y.initiatives),
                              signed_change(y.initiatives_change),
                              QString::number(y.bonus_interne), QString::number(y.bonus_externe),
                              QString::number(y.bonus_transversale),
                              QString::number(y.ambassadors)});
    if (last_years > 0 && t.rows.size() > last_years)
        t.rows.erase(t.rows.begin(),
                     t.rows.end() - static_cast<std::ptrdiff_t>(last_years));
    const IllustrativeInputs& il = d.inputs().illustrative;
    QStringList demo;
    if (il.initiatives)
        demo << QStringLiteral("initiatives");
    if (il.programme)
        demo << QStringLiteral("bonus et ambassadeurs");
    if (!demo.isEmpty())
        t.note = QStringLiteral("Données de démonstration (") + demo.join(QStringLiteral(", ")) +
                 QStringLiteral(") : chiffres illustratifs, non publiables");
    return t;
}

QString programme_html(const ProgrammeTable& t) {
    if (t.empty())
        return {};
    QString html = QStringLiteral("<h4>Programme TECS par année</h4>"
                                  "<table border='0' cellspacing='0' cellpadding='2'><tr>");
    for (const QString& h : t.header)
        html += QStringLiteral("<th align='right'>") + h.toHtmlEscaped() + QStringLiteral("</th>");
    html += QStringLiteral("</tr>");
    for (const QStringList& row : t.rows) {
        html += QStringLiteral("<tr>");
        for (const QString& cell : row)
            html += QStringLiteral("<td align='right'>") + cell.toHtmlEscaped() +
                    QStringLiteral("</td>");
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    if (!t.note.isEmpty())
        html += QStringLiteral("<p style='color:#b2182b'>") + t.note.toHtmlEscaped() +
                QStringLiteral("</p>");
    return html;
}

double draw_programme_table(QPainter& p, const QRectF& box, double px_per_mm,
                            const ProgrammeTable& t) {
    if (t.empty())
        return box.top();
    p.save();
    double y = box.top();
    p.setFont(map_font(8, true));
    p.setPen(QColor(30, 30, 30));
    const double title_h = QFontMetricsF(p.font()).height();
    p.drawText(QRectF(box.left(), y, box.width(), title_h), Qt::AlignLeft,
               QStringLiteral("Programme TECS par année"));
    y += title_h + 1.0 * px_per_mm;
    // Short headers in the atlas's narrow column: the full words are in the methods page.
    const QStringList header = {QStringLiteral("Année"), QStringLiteral("Init."),
                                QStringLiteral("Évol."), QStringLiteral("B. int."),
                                QStringLiteral("B. ext."), QStringLiteral("B. transv."),
                                QStringLiteral("Amb.")};
    const double col = box.width() / static_cast<double>(header.size());
    auto line = [&](const QStringList& cells, bool bold) {
        p.setFont(map_font(6.5, bold));
        const double h = QFontMetricsF(p.font()).height() * 1.15;
        for (int c = 0; c < cells.size() && c < header.size(); ++c)
            p.drawText(QRectF(box.left() + c * col, y, col - 0.8 * px_per_mm, h),
                       Qt::AlignRight | Qt::AlignVCenter, cells[c]);
        y += h;
    };
    line(header, true);
    p.setPen(QPen(QColor(160, 160, 160), 0.2 * px_per_mm));
    p.drawLine(QPointF(box.left(), y), QPointF(box.right(), y));
    p.setPen(QColor(30, 30, 30));
    // The note's height first: the rows that fit above it are the LATEST years.
    double note_h = 0;
    if (!t.note.isEmpty()) {
        p.setFont(map_font(6.5, false, true));
        note_h = p.boundingRect(QRectF(box.left(), 0, box.width(), 12 * px_per_mm),
                                Qt::AlignLeft | Qt::TextWordWrap, t.note)
                     .height() +
                 0.8 * px_per_mm;
    }
    p.setFont(map_font(6.5));
    const double row_h = QFontMetricsF(p.font()).height() * 1.15;
    const auto fit = static_cast<std::size_t>(
        std::max(0.0, std::floor((box.bottom() - y - note_h) / row_h)));
    const std::size_t first = t.rows.size() > fit ? t.rows.size() - fit : 0;
    for (std::size_t r = first; r < t.rows.size(); ++r)
        line(t.rows[r], false);
    if (!t.note.isEmpty()) {
        p.setFont(map_font(6.5, false, true));
        p.setPen(QColor(178, 24, 43));
        const QRectF note(box.left(), y + 0.8 * px_per_mm, box.width(), note_h);
        const QRectF used = p.boundingRect(note, Qt::AlignLeft | Qt::TextWordWrap, t.note);
        p.drawText(note, Qt::AlignLeft | Qt::TextWordWrap, t.note);
        y = used.bottom();
    }
    p.restore();
    return y;
}

} // namespace tecsmap::render
