#include "atlas.hpp"

#include "analysis/access_inputs.hpp"

#include "atomic_output.hpp"
#include "coverage_wording.hpp"
#include "errors.hpp"
#include "map_page.hpp"
#include "map_painter.hpp"
#include "page_text.hpp"
#include "programme_table.hpp"
#include "crs.hpp"
#include "format.hpp"
#include "pdf_output.hpp"
#include "analysis/evolution.hpp"

#include <QFontMetricsF>
#include <QPageSize>
#include <QPdfWriter>

#include <array>
#include <filesystem>
#include <map>
#include <vector>

namespace tecsmap::render {

namespace {

constexpr double kDpi = 300;
// The red of the « données de démonstration » mentions (as on the map pages).
const QColor kDemoColour(178, 24, 43);

double mm(double v) {
    return v / 25.4 * kDpi;
}

QFont font(double pt, bool bold = false, bool italic = false) {
    return map_font(pt, bold, italic);
}
QString integer(long long v) {
    return qs(fr::integer(v));
}
QString percent(double share) {
    return qs(fr::percent(share));
}

// Draws text in a box with word wrap; returns the bottom of what was drawn.
double paragraph(QPainter& p, const QRectF& box, const QString& text, const QFont& f,
                 const QColor& color = QColor(30, 30, 30)) {
    p.setFont(f);
    p.setPen(color);
    const QRectF used = p.boundingRect(box, Qt::AlignLeft | Qt::TextWordWrap, text);
    p.drawText(box, Qt::AlignLeft | Qt::TextWordWrap, text);
    return used.bottom();
}

void footer(QPainter& p, const QRectF& page, const MapData& d, int number) {
    const QRectF inner = page.adjusted(mm(12), mm(12), -mm(12), -mm(8));
    p.setFont(font(6));
    p.setPen(QColor(100, 100, 100));
    const QRectF box(inner.left(), inner.bottom() - mm(9), inner.width() - mm(15), mm(9));
    p.drawText(box, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, sources_line(d));
    p.drawText(QRectF(inner.right() - mm(12), inner.bottom() - mm(5), mm(12), mm(5)),
               Qt::AlignRight | Qt::AlignBottom, QString::number(number));
}

// Initiatives per year, over the territory or one CTG (npos = all in the territory).
std::map<int, int> initiatives_per_year(const MapData& d, std::size_t ctg) {
    std::map<int, int> out;
    for (const Initiative& it : d.inputs().initiatives) {
        if (!it.place.in_territory() || !it.year)
            continue;
        if (ctg != static_cast<std::size_t>(-1) && ctg_index(d.territory(), it.place) != ctg)
            continue;
        ++out[*it.year];
    }
    return out;
}

// Year N (the territory's latest dated year) against N−1 for CTG k, with its rank among the
// CTGs by change: the same years on every page, so that pages compare.
QString ctg_year_over_year(const MapData& d, std::size_t k) {
    const auto e = ctg_evolution(d.territory(), d.inputs().initiatives);
    if (!e)
        return QStringLiteral("aucune initiative datée");
    const int diff = e->difference(k);
    int above = 0;
    for (std::size_t j = 0; j < e->current.size(); ++j)
        above += e->difference(j) > diff;
    QString s = QStringLiteral("%1 : %2 → %3 : %4 (%5%6 ; %7ᵉ évolution sur %8 CTG)")
                    .arg(e->year - 1)
                    .arg(e->previous[k])
                    .arg(e->year)
                    .arg(e->current[k])
                    .arg(diff > 0 ? "+" : "")
                    .arg(diff)
                    .arg(above + 1)
                    .arg(e->current.size());
    return s;
}

// Where one new structure would help this CTG most (when the study asks for suggestions).
QString ctg_best_site(const MapData& d, std::size_t k) {
    const auto& sr = d.result().suggestions;
    if (!sr || k >= sr->best_per_ctg.size())
        return {};
    const GroupBestSite& b = sr->best_per_ctg[k];
    if (b.candidate == GroupBestSite::npos)
        return QStringLiteral("aucun : toute la population de la CTG est déjà couverte ou hors "
                              "d'atteinte des sites candidats");
    const CandidateSite& c = sr->candidates[b.candidate];
    return QStringLiteral("%1 : couvrirait %2 habitants de la CTG sur %3 non couverts")
        .arg(qs(c.name))
        .arg(integer(static_cast<long long>(b.pop_newly_covered + 0.5)))
        .arg(integer(static_cast<long long>(b.pop_uncovered_before + 0.5)));
}

void bar_chart(QPainter& p, const QRectF& box, const std::map<int, int>& years,
               const QString& title) {
    p.save();
    p.setFont(font(8, true));
    p.setPen(QColor(30, 30, 30));
    p.drawText(QRectF(box.left(), box.top(), box.width(), mm(6)), Qt::AlignLeft, title);
    const QRectF area = box.adjusted(mm(2), mm(9), -mm(2), -mm(7));
    p.setPen(QPen(QColor(120, 120, 120), mm(0.2)));
    p.drawLine(area.bottomLeft(), area.bottomRight());
    if (years.empty()) {
        p.setFont(font(7, false, true));
        p.drawText(area, Qt::AlignCenter, QStringLiteral("aucune initiative datée"));
        p.restore();
        return;
    }
    int max = 1;
    for (const auto& [y, n] : years)
        max = std::max(max, n);
    const double slot = area.width() / years.size();
    int i = 0;
    p.setFont(font(7));
    for (const auto& [y, n] : years) {
        const double h = area.height() * 0.85 * n / max;
        const QRectF bar(area.left() + i * slot + slot * 0.2, area.bottom() - h, slot * 0.6, h);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(63, 0, 125));
        p.drawRect(bar);
        p.setPen(QColor(30, 30, 30));
        p.drawText(QRectF(bar.left() - slot * 0.2, bar.top() - mm(5), slot, mm(5)), Qt::AlignCenter,
                   QString::number(n));
        p.drawText(QRectF(bar.left() - slot * 0.2, area.bottom() + mm(1), slot, mm(5)),
                   Qt::AlignCenter, QString::number(y));
        ++i;
    }
    p.restore();
}

// Draws a framed map with scale bar and north arrow; returns the height of the legend below it.
double map_box(QPainter& p, const QRectF& frame, MapSettings s, const MapData& d,
               bool legend_below) {
    s.dpi = kDpi;
    paint_map(p, frame, s, d);
    p.setPen(QPen(QColor(60, 60, 60), mm(0.3)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(frame);
    paint_scale_bar(p, frame, map_transform(s.extent, frame), kDpi);
    paint_north_arrow(p, frame, kDpi);
    if (!legend_below)
        return 0;
    return mm(3) + paint_legend(p, QPointF(frame.left(), frame.bottom() + mm(3)), frame.width(),
                                legend_entries(s, d), kDpi, 3);
}

void cover_page(QPainter& p, const QRectF& page, const MapData& d, const MapStyle& style) {
    const QRectF inner = page.adjusted(mm(20), mm(25), -mm(20), -mm(20));
    double y = paragraph(p, QRectF(inner.left(), inner.top(), inner.width(), mm(40)),
                         qs(d.study().title), font(24, true));
    y = paragraph(p, QRectF(inner.left(), y + mm(4), inner.width(), mm(20)),
                  QStringLiteral("Atlas par convention territoriale globale (CTG) — ") +
                      qs(d.study().territory_label()),
                  font(13), QColor(60, 60, 60));
    y = paragraph(p, QRectF(inner.left(), y + mm(3), inner.width(), mm(10)), qs(d.source().date_text),
                  font(10, false, true), QColor(90, 90, 90));
    MapSettings s = default_settings(Theme::Structures, d, style);
    s.layers.labels = true;
    const QRectF frame(inner.left(), y + mm(10), inner.width(),
                       inner.bottom() - mm(45) - (y + mm(10)));
    map_box(p, frame, s, d, false);
    const auto years = initiatives_per_year(d, static_cast<std::size_t>(-1));
    int total = 0;
    QStringList per_year;
    for (const auto& [yy, n] : years) {
        total += n;
        per_year << QStringLiteral("%1 en %2").arg(n).arg(yy);
    }
    QString summary = QStringLiteral("%1 communes, %2 habitants, %3 CTG. %4 structures ou lieux "
                                     "de vie sociale lus, %5 initiatives TECS dans le territoire")
                          .arg(d.territory().communes.size())
                          .arg(integer(d.territory().population()))
                          .arg(d.territory().ctgs.size())
                          .arg(d.inputs().structures.size())
                          .arg(d.inputs().initiatives_in_territory);
    if (!per_year.isEmpty())
        summary += QStringLiteral(" (") + per_year.join(QStringLiteral(", ")) + QStringLiteral(")");
    summary += QStringLiteral(".");
    if (!d.study().note.empty())
        summary += QStringLiteral("\n") + qs(d.study().note);
    const double below = paragraph(
        p, QRectF(inner.left(), frame.bottom() + mm(6), inner.width(), mm(35)), summary, font(10));
    if (d.inputs().illustrative.any())
        paragraph(p, QRectF(inner.left(), below + mm(2), inner.width(), mm(12)),
                  QStringLiteral("Données de démonstration (") + qs(d.inputs().illustrative.list()) +
                      QStringLiteral(") : chiffres illustratifs, non publiables."),
                  font(10, true), kDemoColour);
}

void overview_page(QPainter& p, const QRectF& page, const MapData& d, const MapStyle& style) {
    const QRectF inner = page.adjusted(mm(12), mm(12), -mm(12), -mm(20));
    double y = paragraph(p, QRectF(inner.left(), inner.top(), inner.width(), mm(12)),
                         QStringLiteral("Vue d'ensemble : couverture et CTG"), font(15, true));
    y = paragraph(p, QRectF(inner.left(), y + mm(1), inner.width(), mm(10)), coverage_subtitle(d),
                  font(9, false, true), QColor(70, 70, 70));
    // The table below counts initiatives: say where they are invented.
    if (d.inputs().illustrative.initiatives || d.inputs().illustrative.structures)
        y = paragraph(p, QRectF(inner.left(), y + mm(1), inner.width(), mm(10)),
                      QStringLiteral("Données de démonstration (") +
                          qs(d.inputs().illustrative.list()) +
                          QStringLiteral(") : chiffres illustratifs, non publiables"),
                      font(9, true), kDemoColour);
    MapSettings s = default_settings(Theme::Gaps, d, style);
    const QRectF frame(inner.left(), y + mm(3), inner.width(), inner.height() * 0.52);
    const double legend_h = map_box(p, frame, s, d, true);
    // Table of CTGs.
    double ty = frame.bottom() + legend_h + mm(8);
    const double cols[] = {0, 0.43, 0.55, 0.64, 0.74, 0.88};
    const QString heads[] = {"CTG", "Population", "Struct.", "Initiat.", "Non couverts", "Grappes"};
    p.setFont(font(7.5, true));
    p.setPen(QColor(30, 30, 30));
    for (int i = 0; i < 6; ++i)
        p.drawText(QPointF(inner.left() + cols[i] * inner.width(), ty), heads[i]);
    ty += mm(1.5);
    p.drawLine(QPointF(inner.left(), ty), QPointF(inner.right(), ty));
    p.setFont(font(7));
    const double row = mm(4.2);
    for (const CtgIndicators& c : d.result().ctgs) {
        ty += row;
        if (ty > inner.bottom())
            break;
        const QString cells[] = {
            QFontMetricsF(p.font(), p.device())
                .elidedText(qs(c.ctg_name), Qt::ElideRight, inner.width() * 0.42),
            integer(c.population),
            QString::number(c.n_structures),
            QString::number(c.n_initiatives),
            percent(c.uncovered_share),
            QString::number(c.n_clusters)};
        for (int i = 0; i < 6; ++i)
            p.drawText(QPointF(inner.left() + cols[i] * inner.width(), ty), cells[i]);
    }
}

// A whole-territory map of one theme with its legend (the access pages of a study with roads).
void theme_page(QPainter& p, const QRectF& page, const MapData& d, const MapStyle& style,
                Theme theme, const QString& heading) {
    const QRectF inner = page.adjusted(mm(12), mm(12), -mm(12), -mm(20));
    const PageTexts texts = page_texts(theme, d);
    double y = paragraph(p, QRectF(inner.left(), inner.top(), inner.width(), mm(12)), heading,
                         font(15, true));
    y = paragraph(p, QRectF(inner.left(), y + mm(1), inner.width(), mm(14)), texts.subtitle,
                  font(9, false, true), QColor(70, 70, 70));
    if (!texts.demonstration.isEmpty())
        y = paragraph(p, QRectF(inner.left(), y + mm(1), inner.width(), mm(10)),
                      texts.demonstration, font(9, true), kDemoColour);
    const MapSettings s = default_settings(theme, d, style);
    map_box(p, QRectF(inner.left(), y + mm(3), inner.width(), inner.height() * 0.72), s, d, true);
}

// Access by road of a CTG (a study with [accessibility] roads): people beyond the time
// threshold (in any coverage rule), the median minutes of its inhabitants, the E2SFCA index.
void add_access_figures(std::vector<std::array<QString, 2>>& figures, const MapData& d,
                        std::size_t k) {
    if (!d.has_access())
        return;
    const CtgAccess& a = d.result().access->ctgs[k];
    const double pop = static_cast<double>(d.result().ctgs[k].population);
    const QString minutes = qs(fr::minutes(d.result().access->threshold_minutes));
    if (d.parameters().coverage_rule_setting() != CoverageRule::Time)
        figures.push_back({QStringLiteral("À plus de %1 par la route").arg(minutes),
                           integer(static_cast<long long>(a.pop_beyond + 0.5)) +
                               QStringLiteral(" habitants (") +
                               percent(pop > 0 ? a.pop_beyond / pop : 0) + ")"});
    figures.push_back({QStringLiteral("Temps d'accès médian"),
                       a.median_minutes
                           ? qs(fr::minutes(*a.median_minutes)) +
                                 QStringLiteral(" par la route (") + d.speeds_label() + ")"
                           : QStringLiteral("aucune structure accessible")});
    figures.push_back({QStringLiteral("Accessibilité E2SFCA"),
                       qs(fr::number(a.e2sfca * 10000.0, 2)) +
                           QStringLiteral(" structure(s) pour 10 000 habitants, pondérées par le "
                                          "temps d'accès")});
}

// Significant communes of a CTG after FDR control, said plainly when there are none.
QString hotspot_count(const MapData& d, std::size_t k) {
    int hot = 0, cold = 0;
    for (std::size_t i : d.territory().ctgs[k].communes) {
        hot += d.result().communes[i].hotspot > 0;
        cold += d.result().communes[i].hotspot < 0;
    }
    if (hot + cold == 0)
        return QStringLiteral("aucune commune significative");
    return QStringLiteral("%1 commune(s) en point chaud, %2 en point froid").arg(hot).arg(cold);
}

// The scenarios of the study side by side (uncovered population and covered share per CTG).
void scenarios_page(QPainter& p, const QRectF& page, const MapData& d) {
    const QRectF inner = page.adjusted(mm(12), mm(12), -mm(12), -mm(20));
    const auto& sc = d.result().scenarios;
    double y = paragraph(p, QRectF(inner.left(), inner.top(), inner.width(), mm(12)),
                         QStringLiteral("Scénarios : que changerait une nouvelle structure ?"),
                         font(15, true));
    y = paragraph(p, QRectF(inner.left(), y + mm(1), inner.width(), mm(14)),
                  QStringLiteral("Population %1 et part de la population couverte, par CTG, "
                                 "pour la situation actuelle et chaque scénario de l'étude "
                                 "(règle : %2).")
                      .arg(qs(uncovered_phrase(d.result().coverage_rule, d.parameters())),
                           qs(rule_phrase(d.result().coverage_rule, d.parameters()))),
                  font(9, false, true), QColor(70, 70, 70));
    double ty = y + mm(8);
    const std::size_t shown = std::min<std::size_t>(sc.size(), 5);
    const double first = inner.width() * 0.30;
    const double col = (inner.width() - first) / static_cast<double>(std::max<std::size_t>(shown, 1));
    p.setFont(font(7, true));
    p.setPen(QColor(30, 30, 30));
    for (std::size_t j = 0; j < shown; ++j)
        p.drawText(QRectF(inner.left() + first + j * col, ty - mm(4), col - mm(2), mm(10)),
                   Qt::AlignRight | Qt::TextWordWrap, qs(sc[j].name));
    ty += mm(7);
    p.drawLine(QPointF(inner.left(), ty), QPointF(inner.right(), ty));
    p.setFont(font(7));
    const double row = mm(4.6);
    auto cells = [&](const QString& name, auto uncovered, auto share) {
        ty += row;
        p.drawText(QPointF(inner.left(), ty),
                   QFontMetricsF(p.font(), p.device()).elidedText(name, Qt::ElideRight, first));
        for (std::size_t j = 0; j < shown; ++j)
            p.drawText(QRectF(inner.left() + first + j * col, ty - row * 0.8, col - mm(2), row),
                       Qt::AlignRight,
                       integer(static_cast<long long>(uncovered(j) + 0.5)) +
                           QStringLiteral(" ; ") + percent(share(j)));
    };
    for (std::size_t k = 0; k < d.territory().ctgs.size() && ty < inner.bottom() - row * 2; ++k)
        cells(qs(d.territory().ctgs[k].name),
              [&](std::size_t j) { return sc[j].ctg_pop_uncovered[k]; },
              [&](std::size_t j) { return sc[j].ctg_covered_share(d.territory(), k); });
    p.setFont(font(7, true));
    cells(QStringLiteral("Ensemble du territoire"),
          [&](std::size_t j) { return sc[j].pop_uncovered; },
          [&](std::size_t j) { return sc[j].covered_share(d.territory()); });
    if (sc.size() > shown)
        paragraph(p, QRectF(inner.left(), ty + mm(6), inner.width(), mm(10)),
                  QStringLiteral("%1 autres scénarios : voir la couche scenario_comparison du "
                                 "GeoPackage.")
                      .arg(sc.size() - shown),
                  font(8, false, true));
}

void ctg_page(QPainter& p, const QRectF& page, const MapData& d, const MapStyle& style,
              std::size_t k) {
    const Ctg& ctg = d.territory().ctgs[k];
    const CtgIndicators& ind = d.result().ctgs[k];
    const QRectF inner = page.adjusted(mm(12), mm(12), -mm(12), -mm(20));
    double y = paragraph(p, QRectF(inner.left(), inner.top(), inner.width(), mm(16)), qs(ctg.name),
                         font(15, true));
    QStringList epcis;
    for (const std::string& siren : ctg.epcis)
        for (const Epci& e : d.territory().epcis)
            if (e.siren == siren)
                epcis << qs(e.nom);
    y = paragraph(p, QRectF(inner.left(), y + mm(1), inner.width(), mm(10)),
                  QStringLiteral("CTG %1 — %2 — EPCI : %3")
                      .arg(qs(ctg.code))
                      .arg(ctg.communes.size() == 1
                               ? QStringLiteral("1 commune")
                               : QStringLiteral("%1 communes").arg(ctg.communes.size()))
                      .arg(epcis.isEmpty() ? QStringLiteral("aucun") : epcis.join(", ")),
                  font(8.5, false, true), QColor(70, 70, 70));
    MapSettings s = default_settings(Theme::Gaps, d, style, qs(ctg.code));
    s.overlay_initiatives = true;
    const QRectF frame(inner.left(), y + mm(3), inner.width(), inner.height() * 0.50);
    const double legend_h = map_box(p, frame, s, d, true);
    const double below = frame.bottom() + legend_h + mm(6);

    // Key figures.
    std::map<QString, int> types;
    int ambassadors = 0;
    for (const PointItem& st : d.structures())
        if (st.ctg == k) {
            ++types[st.type];
            ambassadors += st.ambassador;
        }
    QStringList type_list;
    for (const auto& [t, n] : types)
        type_list << QStringLiteral("%1 %2").arg(n).arg(t);
    const auto years = initiatives_per_year(d, k);
    const AnalysisParameters& par = d.parameters();
    // Figures drawn from demonstration data say so where they are printed.
    const IllustrativeInputs& il = d.inputs().illustrative;
    const QString demo = QStringLiteral(" (démonstration)");
    const QString demo_initiatives = il.initiatives ? demo : QString();
    std::vector<std::array<QString, 2>> figures = {
        {QStringLiteral("Population"), integer(ind.population) + QStringLiteral(" habitants")},
        {QStringLiteral("Structures"),
         QString::number(ind.n_structures) +
             (type_list.isEmpty() ? QString() : QStringLiteral(" (") + type_list.join(", ") + ")") +
             QStringLiteral(" ; ambassadeurs TECS : %1").arg(ambassadors) +
             (il.programme ? demo : QString())},
        {QStringLiteral("Initiatives TECS"),
         QStringLiteral("%1, soit %2 pour 10 000 habitants")
                 .arg(ind.n_initiatives)
                 .arg(qs(fr::number(ind.initiatives_per_10k, 1))) +
             demo_initiatives},
        {QStringLiteral("Évolution"), ctg_year_over_year(d, k) + demo_initiatives},
        {QStringLiteral("Population ") +
             qs(uncovered_phrase(d.result().coverage_rule, par)),
         integer(static_cast<long long>(ind.pop_uncovered + 0.5)) + QStringLiteral(" habitants (") +
             percent(ind.uncovered_share) + ")" + (il.structures ? demo : QString())},
        {QStringLiteral("Grappes d'initiatives"), QString::number(ind.n_clusters) + demo_initiatives},
        {QStringLiteral("Population en PAT / PCAET / CTE"),
         percent(ind.pat_share) + " / " + percent(ind.pcaet_share) + " / " +
             percent(ind.cte_share) +
             (il.perimeter(PerimeterKind::PAT) || il.perimeter(PerimeterKind::PCAET) ||
                      il.perimeter(PerimeterKind::CTE)
                  ? demo
                  : QString())},
        {QStringLiteral("Points chauds (FDR 10 %)"), hotspot_count(d, k) + demo_initiatives},
    };
    add_access_figures(figures, d, k);
    if (const QString best = ctg_best_site(d, k); !best.isEmpty())
        figures.push_back({QStringLiteral("Meilleur site pour une nouvelle structure"), best});
    double fy = below + mm(4);
    const double label_w = inner.width() * 0.27, value_w = inner.width() * 0.33;
    p.setFont(font(9, true));
    p.setPen(QColor(30, 30, 30));
    p.drawText(QPointF(inner.left(), fy), QStringLiteral("Chiffres clés"));
    fy += mm(3);
    for (const auto& f : figures) {
        const QRectF lb(inner.left(), fy, label_w, mm(12));
        const QRectF vb(inner.left() + label_w + mm(2), fy, value_w, mm(12));
        p.setFont(font(7.5, true));
        const QRectF ul = p.boundingRect(lb, Qt::TextWordWrap, f[0]);
        p.drawText(lb, Qt::TextWordWrap, f[0]);
        p.setFont(font(7.5));
        const QRectF uv = p.boundingRect(vb, Qt::TextWordWrap, f[1]);
        p.drawText(vb, Qt::TextWordWrap, f[1]);
        fy = std::max(ul.bottom(), uv.bottom()) + mm(1.8);
    }
    const QRectF chart(inner.left() + inner.width() * 0.64, below, inner.width() * 0.36, mm(55));
    bar_chart(p, chart, years, QStringLiteral("Initiatives par année") + demo_initiatives);
    // The programme year by year (ctg_indicators_by_year), its four latest years.
    draw_programme_table(p,
                         QRectF(chart.left(), chart.bottom() + mm(6), chart.width(),
                                inner.bottom() - chart.bottom() - mm(6)),
                         mm(1), programme_table(d, k, 4));
}

// How coverage and population were counted, as the run did it (the rule the figures follow:
// distance, agreed zones, both, or time; uniform or population grid), and the E2SFCA index when
// there is a road network.
QString coverage_method_text(const MapData& d, const QString& radius) {
    const AnalysisParameters& par = d.parameters();
    const CoverageRule rule = d.result().coverage_rule;
    const QString of_who = qs(of_covering_structures_phrase(par)); // « d'un centre social… »
    const QString zone = QStringLiteral("dans la zone de compétence agréée %1 (communes listées "
                                        "dans l'agrément ou polygone de la couche des zones)")
                             .arg(of_who);
    const QString disc = QStringLiteral("à moins de %1 à vol d'oiseau %2, y compris au-delà "
                                        "des limites du département")
                             .arg(radius, of_who);
    QString text;
    switch (rule) {
    case CoverageRule::Time:
        text = QStringLiteral(
                   "Un habitant est couvert s'il est à %1 au plus par la route %3 : temps "
                   "calculés sur le réseau OpenStreetMap (%2), marche jusqu'à la route et depuis "
                   "la route comprises, sens uniques respectés, depuis l'habitant vers la "
                   "structure.")
                   .arg(qs(fr::minutes(par.coverage_minutes())))
                   .arg(d.speeds_label())
                   .arg(of_who);
        break;
    case CoverageRule::Zones:
        text = QStringLiteral("Un habitant est couvert s'il vit %1.").arg(zone);
        break;
    case CoverageRule::ZonesAndDistance:
        text = QStringLiteral("Un habitant est couvert s'il vit %1, ou %2.").arg(zone, disc);
        break;
    case CoverageRule::Distance:
        text = QStringLiteral("Un habitant est couvert s'il vit %1.").arg(disc);
        break;
    }
    if (d.inputs().population)
        text += QStringLiteral(
            " Les habitants sont comptés où ils vivent : carreaux de 200 m de l'INSEE (Filosofi), "
            "partagés entre communes par la surface et ramenés à la population municipale de "
            "chaque commune ; un carreau est couvert ou non selon son centre.");
    else if (rule == CoverageRule::Time)
        text +=
            QStringLiteral(" Chaque commune est couverte ou non selon son point représentatif.");
    else
        text += QStringLiteral(" La population est supposée répartie uniformément dans chaque "
                               "commune : la population non couverte est la population multipliée "
                               "par la part de surface non couverte.");
    if (rule == CoverageRule::Distance || rule == CoverageRule::ZonesAndDistance)
        text += QStringLiteral(" Les disques sont approchés par des polygones de 128 côtés.");
    if (d.has_access())
        text +=
            QStringLiteral(
                " Indice E2SFCA (Luo et Qi, 2009) : offre de chaque structure rapportée à la "
                "population qui l'atteint en 30 minutes, pondérée par le temps (%1), puis "
                "sommée pour chaque habitant ; exprimé pour 10 000 habitants.")
                .arg(d.inputs().roads->settings.e2sfca_decay == E2sfcaDecay::Gaussian
                         ? QStringLiteral("gaussienne, 0,68 à 10 min")
                         : QStringLiteral("1 jusqu'à 10 min, 0,68 jusqu'à 20, 0,22 jusqu'à 30"));
    return text;
}

void methods_page(QPainter& p, const QRectF& page, const MapData& d) {
    const QRectF inner = page.adjusted(mm(18), mm(18), -mm(18), -mm(25));
    const AnalysisParameters& par = d.parameters();
    double y = paragraph(p, QRectF(inner.left(), inner.top(), inner.width(), mm(14)),
                         QStringLiteral("Méthodes et sources"), font(15, true));
    const QString r = qs(fr::km(par.coverage_radius_km()));
    const std::pair<QString, QString> sections[] = {
        {QStringLiteral("Territoire"),
         QStringLiteral(
             "Communes actuelles du Code officiel géographique (INSEE, %1), populations "
             "municipales. Les contours IGN Admin Express COG 2018 sont rattachés aux communes "
             "actuelles (codes anciens et communes déléguées réunis). Les EPCI sont la réunion de "
             "leurs communes du territoire ; chaque EPCI forme une CTG, sauf regroupement indiqué "
             "dans l'étude. Calculs en %2.")
             .arg(qs(d.source().cog_version))
             .arg(qs(crs_label(d.territory().crs)))},
        {QStringLiteral("Couverture"), coverage_method_text(d, r)},
        {QStringLiteral("Grappes d'initiatives"),
         QStringLiteral(
             "Algorithme DBSCAN appliqué séparément dans chaque CTG : une grappe réunit au moins "
             "%1 initiatives (l'initiative elle-même comprise) distantes de %2 au plus de "
             "proche en proche. Les initiatives isolées ne forment pas de grappe.")
             .arg(par.cluster_min_points())
             .arg(qs(fr::km(par.cluster_eps_km())))},
        {QStringLiteral("Points chauds"),
         QStringLiteral("Statistique Gi* de Getis et Ord, voisinage par contiguïté (communes à "
                        "moins d'un mètre, la commune elle-même comprise). Méthode appliquée : "
                        "%1. Chaque commune est testée par permutations conditionnelles "
                        "(pseudo-valeur p), puis le taux de fausses découvertes est contrôlé "
                        "(Benjamini–Hochberg) : une commune n'est classée point chaud ou froid "
                        "que si sa valeur q ajustée est au plus 0,10 (90 %), 0,05 (95 %) ou "
                        "0,01 (99 %). Les communes sans voisine ne sont jamais classées. Avec "
                        "peu d'initiatives, il est normal qu'aucune commune ne soit "
                        "significative : l'absence de point chaud n'est pas une absence "
                        "d'initiatives.")
             .arg(qs(d.result().hotspot_method))},
        {QStringLiteral("Évolution"),
         QStringLiteral("Initiatives datées de la dernière année comparées à celles de l'année "
                        "précédente, par CTG ; les initiatives sans année ne comptent pas.")},
        {QStringLiteral("Nouveaux sites proposés"),
         QStringLiteral("Quand l'étude le demande ([suggest] new), tecsmap cherche les "
                        "emplacements qui couvriraient le plus d'habitants non couverts "
                        "(localisation à couverture maximale, structures existantes "
                        "maintenues), selon la règle de couverture de l'étude ; un nouveau site, "
                        "sans zone de compétence encore, couvre son rayon. Chaque commune compte "
                        "pour sa population en son point représentatif, ou, avec le carroyage, "
                        "les habitants là où ils vivent. Le meilleur site de chaque CTG est "
                        "celui qui couvrirait le plus d'habitants de la CTG elle-même.")},
        {QStringLiteral("Programme TECS par année"),
         QStringLiteral("Par CTG et par année : initiatives de l'année (Init.) et écart avec "
                        "l'année précédente (Évol.) ; structures de la CTG déclarant chaque "
                        "dimension du bonus développement durable cette année-là : interne, "
                        "pratiques professionnelles (B. int.), externe, actions habitants "
                        "(B. ext.), transversale, projet social et partenariat (B. transv.) ; "
                        "structures ayant un ambassadeur TECS (Amb.). Table "
                        "ctg_indicators_by_year du GeoPackage.")},
        {QStringLiteral("Politiques locales"),
         QStringLiteral("Part de la population de chaque CTG vivant dans une commune dont le point "
                        "représentatif est dans un périmètre de PAT, de PCAET ou de CTE.")},
        {QStringLiteral("Sources et licences"),
         QStringLiteral("IGN – Admin Express COG 2018 via france-geojson (Licence Ouverte) ; INSEE "
                        "– Code officiel géographique via @etalab/decoupage-administratif (MIT) ; "
                        "ANCT – cartographie nationale des lieux (Licence Ouverte 2.0) ; CAF de la "
                        "Drôme – programme TECS. Palettes ColorBrewer. ") +
             qs(d.study().note)},
    };
    for (const auto& [head, body] : sections) {
        y = paragraph(p, QRectF(inner.left(), y + mm(5), inner.width(), mm(8)), head,
                      font(10, true));
        y = paragraph(p, QRectF(inner.left(), y + mm(1.5), inner.width(), mm(60)), body, font(8.5));
    }
}

} // namespace

int write_atlas(const std::string& path, const MapData& d, const MapStyle& style,
                Feedback* feedback) {
    AtomicOutput out(path);
    QPdfWriter pdf(QString::fromStdString(out.temp_path()));
    pdf.setResolution(static_cast<int>(kDpi));
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(QStringLiteral("Atlas des CTG — ") + QString::fromStdString(d.study().title));
    pdf.setCreator(QStringLiteral("tecsmap"));
    QPainter p;
    if (!p.begin(&pdf))
        throw OutputError(path + " : écriture PDF impossible");
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const QRectF page(0, 0, pdf.width(), pdf.height());
    int pages = 0;
    const std::size_t total = d.territory().ctgs.size() + 3 +
                              (d.result().scenarios.empty() ? 0 : 1) + (d.has_access() ? 2 : 0);
    auto next = [&](const std::string&) {
        feedback_check(feedback);
        if (pages > 0 && !pdf.newPage())
            throw OutputError(path + " : écriture PDF impossible (nouvelle page)");
        ++pages;
        feedback_fraction(feedback, static_cast<double>(pages) / static_cast<double>(total));
    };
    next("couverture");
    cover_page(p, page, d, style);
    footer(p, page, d, pages);
    next("vue d'ensemble");
    overview_page(p, page, d, style);
    footer(p, page, d, pages);
    if (d.has_access()) { // minutes and the E2SFCA index, for the whole territory
        next("temps d'accès");
        theme_page(p, page, d, style, Theme::Access, QStringLiteral("Temps d'accès par la route"));
        footer(p, page, d, pages);
        next("indice E2SFCA");
        theme_page(p, page, d, style, Theme::AccessIndex,
                   QStringLiteral("Accessibilité : indice E2SFCA"));
        footer(p, page, d, pages);
    }
    for (std::size_t k = 0; k < d.territory().ctgs.size(); ++k) {
        next("CTG " + d.territory().ctgs[k].name);
        ctg_page(p, page, d, style, k);
        footer(p, page, d, pages);
    }
    if (!d.result().scenarios.empty()) {
        next("scénarios");
        scenarios_page(p, page, d);
        footer(p, page, d, pages);
    }
    next("méthodes et sources");
    methods_page(p, page, d);
    footer(p, page, d, pages);
    if (!p.end())
        throw OutputError(path + " : écriture PDF impossible (disque plein ?)");
    finish_pdf(out.temp_path(), path);
    out.commit();
    return pages;
}

} // namespace tecsmap::render
