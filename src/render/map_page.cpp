#include "map_page.hpp"

#include "access_classes.hpp"
#include "coverage_wording.hpp"
#include "errors.hpp"
#include "map_painter.hpp"
#include "page_text.hpp"
#include "format.hpp"
#include "analysis/evolution.hpp"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace tecsmap::render {

namespace {

double mm(double v, double dpi) {
    return v / 25.4 * dpi;
}

QFont font(double pt, bool bold = false, bool italic = false) {
    return map_font(pt, bold, italic);
}

} // namespace

PageSpec page_spec(const std::string& paper, bool landscape, double dpi) {
    QSizeF size;
    if (paper == "A4")
        size = {210, 297};
    else if (paper == "A3")
        size = {297, 420};
    else
        throw std::invalid_argument("format de page « " + paper + " » inconnu (A4 ou A3)");
    if (landscape)
        size.transpose();
    if (!(dpi >= kMinDpi && dpi <= kMaxDpi))
        throw std::invalid_argument("résolution de " + fr::number(dpi, 2) +
                                    " dpi hors limites (" + fr::number(kMinDpi, 0) + " à " +
                                    fr::number(kMaxDpi, 0) + ")");
    return {size, dpi};
}

QString parameters_subtitle(Theme theme, const AnalysisParameters& p) {
    switch (theme) {
    case Theme::Gaps:
        if (p.coverage_rule_setting() == CoverageRule::Time)
            return QStringLiteral("Territoire habité à plus de %1 par la route d'une structure — "
                                  "couverture en temps de trajet : %1")
                .arg(qs(fr::minutes(p.coverage_minutes())));
        return QStringLiteral("Territoire à plus de %1 d'une structure — rayon de couverture : %1")
            .arg(qs(fr::km(p.coverage_radius_km())));
    case Theme::Clusters:
        return QStringLiteral("DBSCAN par CTG : distance %1, %2 initiatives au moins par grappe")
            .arg(qs(fr::km(p.cluster_eps_km())))
            .arg(p.cluster_min_points());
    case Theme::Hotspots:
        return QStringLiteral("Getis-Ord Gi* sur %1 (contiguïté), %2 permutations, seuils "
                              "contrôlés par le taux de fausses découvertes (FDR)")
            .arg(p.hotspot_variable() == HotspotVariable::Rate
                     ? QStringLiteral("les initiatives pour 10 000 habitants")
                     : QStringLiteral("le nombre d'initiatives"))
            .arg(p.hotspot_permutations());
    case Theme::Evolution:
        return QStringLiteral("Initiatives TECS datées, par CTG : dernière année comparée à "
                              "la précédente");
    case Theme::Perimeters:
        return QStringLiteral(
            "Plans alimentaires territoriaux, plans climat et contrats de transition écologique");
    case Theme::Structures:
        return QStringLiteral("Centres sociaux, espaces de vie sociale et autres structures ; "
                              "ambassadeurs TECS entourés");
    case Theme::Access:
        return QStringLiteral("Minutes par la route jusqu'au centre social ou EVS le plus proche, "
                              "depuis où vivent les habitants — seuil de couverture : %1")
            .arg(qs(fr::minutes(p.coverage_minutes())));
    case Theme::AccessIndex:
        return QStringLiteral("Offre des structures rapportée à la population qui les atteint en "
                              "30 min par la route, pondérée par le temps (E2SFCA), pour "
                              "10 000 habitants ; classes : quintiles");
    }
    return {};
}

QString sources_line(const MapData& d) {
    QString s = QStringLiteral("Sources : IGN – Admin Express COG 2018 (Licence Ouverte) ; INSEE – "
                               "COG, populations municipales (%1) ; ANCT – cartographie nationale "
                               "(Licence Ouverte 2.0) ; CAF de la Drôme – programme TECS.")
                    .arg(qs(d.source().cog_version));
    if (!d.study().note.empty())
        s += QStringLiteral(" ") + qs(d.study().note);
    return s + QStringLiteral(" Réalisation : tecsmap, ") + qs(d.source().date_text) +
           QStringLiteral(".");
}

QString coverage_subtitle(const MapData& d) {
    const AnalysisParameters& p = d.parameters();
    const CoverageRule rule = d.result().coverage_rule;
    if (rule == CoverageRule::Distance)
        return parameters_subtitle(Theme::Gaps, p); // the wording maps have always carried
    return QStringLiteral("Territoire ") + qs(uncovered_phrase(rule, p)) + QStringLiteral(" — ") +
           qs(rule_phrase(rule, p));
}

QString demonstration_note(Theme theme, const MapData& d) {
    const IllustrativeInputs& il = d.inputs().illustrative;
    bool drawn = false;
    switch (theme) {
    case Theme::Gaps:
        drawn = il.structures;
        break;
    case Theme::Clusters:
    case Theme::Hotspots:
    case Theme::Evolution:
        drawn = il.initiatives;
        break;
    case Theme::Perimeters:
        for (PerimeterKind k : kPerimeterKinds)
            drawn = drawn || il.perimeter(k);
        break;
    case Theme::Structures:
        drawn = il.structures || il.programme;
        break;
    case Theme::Access:
    case Theme::AccessIndex:
        drawn = il.structures;
        break;
    }
    if (!drawn)
        return {};
    return QStringLiteral("Données de démonstration (") + qs(il.list()) +
           QStringLiteral(") : chiffres illustratifs, non publiables");
}

PageTexts page_texts(Theme theme, const MapData& data, const QString& focus_ctg,
                     std::optional<int> year) {
    const std::size_t k = focus_ctg.isEmpty() ? static_cast<std::size_t>(-1)
                                              : data.ctg_index(focus_ctg);
    const QString where = k < data.ctgs().size() ? data.ctgs()[k].name
                                                 : qs(data.study().territory_label());
    QString subtitle = theme == Theme::Gaps ? coverage_subtitle(data)
                                            : parameters_subtitle(theme, data.parameters());
    // The method as the analysis applied it (variable, EB, permutations, FDR).
    if (theme == Theme::Hotspots && !data.result().hotspot_method.empty())
        subtitle = qs(data.result().hotspot_method);
    if (theme == Theme::Evolution) {
        if (const auto e = ctg_evolution(data.territory(), data.inputs().initiatives, year))
            subtitle = QStringLiteral("Initiatives TECS par CTG : %1 comparé à %2 (%3 puis %4 "
                                      "initiatives datées dans le territoire)")
                           .arg(e->year)
                           .arg(e->year - 1)
                           .arg(e->total_previous())
                           .arg(e->total_current());
        else
            subtitle = QStringLiteral("Aucune initiative datée : pas d'évolution à montrer");
    }
    // The coverage title says which structures cover (coverage_types), never more.
    const QString title =
        theme == Theme::Gaps
            ? QStringLiteral("Zones non couvertes par ") +
                  qs(covering_structures_phrase(data.parameters()))
            : theme_title(theme);
    return {title + QStringLiteral(" — ") + where, subtitle, demonstration_note(theme, data)};
}

MapSettings default_settings(Theme theme, const MapData& data, const MapStyle& style,
                             const QString& focus_ctg) {
    MapSettings s;
    s.theme = theme;
    s.style = style;
    s.focus_ctg = focus_ctg;
    const QRectF e = focus_ctg.isEmpty() ? data.extent() : data.ctg_extent(focus_ctg);
    const double pad = std::max(e.width(), e.height()) * 0.04;
    s.extent = e.adjusted(-pad, -pad, pad, pad);
    return s;
}

namespace {

// Themes acces and e2sfca: the classes drawn (of communes or of inhabited cells), the
// isochrones (acces), and which speeds table gave the minutes.
void add_access_legend(std::vector<LegendEntry>& out, const DrawnClasses& drawn,
                       const MapSettings& s, const MapData& d) {
    using K = LegendEntry::Kind;
    if (!is_access_theme(s.theme))
        return;
    const AccessStyle& a = s.style.access;
    const AccessClasses ac(s, d);
    const QString what =
        drawn.access_cells ? QStringLiteral("carreau habité") : QStringLiteral("commune");
    for (std::size_t k : drawn.minute_classes) {
        const bool first = k == drawn.minute_classes.front();
        out.push_back({K::Fill,
                       ac.label(k) +
                           (first ? QStringLiteral(" (") +
                                        (s.theme == Theme::AccessIndex
                                             ? ac.unit() + QStringLiteral(", par ")
                                             : QString()) +
                                        what + QStringLiteral(")")
                                  : QString()),
                       ac.color(k),
                       to_qcolor(s.style.communes.stroke),
                       {},
                       Qt::SolidLine});
    }
    for (const auto& [minutes, rank] : drawn.isochrones)
        out.push_back({K::Line,
                       QStringLiteral("Isochrone %1 d'une structure").arg(qs(fr::minutes(minutes))),
                       Qt::transparent,
                       to_qcolor(a.isochrone_color(rank)),
                       {},
                       Qt::SolidLine});
    if (d.has_access())
        out.push_back(
            {K::Note,
             QStringLiteral("Vitesses : ") + d.speeds_label() + QStringLiteral(" (OpenStreetMap)"),
             Qt::transparent,
             Qt::transparent,
             {},
             Qt::SolidLine});
    else
        out.push_back({K::Note,
                       QStringLiteral("Aucun réseau routier dans l'étude : [accessibility] roads"),
                       Qt::transparent,
                       Qt::transparent,
                       {},
                       Qt::SolidLine});
}

} // namespace

std::vector<LegendEntry> legend_entries(const MapSettings& s, const MapData& d) {
    using K = LegendEntry::Kind;
    std::vector<LegendEntry> out;
    const DrawnClasses drawn = drawn_classes(s, d);
    const MapStyle& st = s.style;
    if (drawn.gaps) {
        QString label = qs(st.gaps.label);
        label.replace(QStringLiteral("{radius}"), qs(fr::km(d.parameters().coverage_radius_km())));
        // The style's label speaks of distance; with agreed zones the rule's own words.
        if (d.result().coverage_rule != CoverageRule::Distance)
            label = QStringLiteral("Territoire ") +
                    qs(uncovered_phrase(d.result().coverage_rule, d.parameters()));
        out.push_back({K::Hatch,
                       label,
                       to_qcolor(st.gaps.fill),
                       to_qcolor(st.gaps.stroke),
                       {},
                       Qt::SolidLine});
    }
    if (drawn.zones) {
        const Qt::PenStyle dash = pen_style(st.zones_dash);
        out.push_back({K::Fill, qs(st.zones.label), to_qcolor(st.zones.fill, st.zones_fill_opacity),
                       to_qcolor(st.zones.stroke), {}, dash});
    }
    for (int v : drawn.hotspots)
        for (const HotspotClass& h : st.hotspots)
            if (h.value == v)
                out.push_back({K::Fill,
                               qs(h.label),
                               to_qcolor(h.color),
                               to_qcolor(st.communes.stroke),
                               {},
                               Qt::SolidLine});
    if (s.theme == Theme::Hotspots && s.layers.hotspots) {
        // Said plainly: with few initiatives and FDR control, often nothing is significant.
        if (std::all_of(drawn.hotspots.begin(), drawn.hotspots.end(),
                        [](int v) { return v == 0; }))
            out.push_back({K::Note,
                           QStringLiteral("Aucune commune significative au seuil de 90 % après "
                                          "contrôle du taux de fausses découvertes : pas de "
                                          "point chaud ni froid démontré"),
                           {}, {}, {}, Qt::SolidLine});
        if (!d.result().hotspot_method.empty())
            out.push_back({K::Note, QStringLiteral("Méthode : ") + qs(d.result().hotspot_method),
                           {}, {}, {}, Qt::SolidLine});
    }
    if (s.theme == Theme::Evolution) {
        const int t = drawn.evolution_threshold;
        auto range = [](const QString& word, int lo, int hi) {
            return lo == hi ? QStringLiteral("%1 de %2").arg(word).arg(lo)
                            : QStringLiteral("%1 de %2 à %3").arg(word).arg(lo).arg(hi);
        };
        for (int cls : drawn.evolution) {
            QString label;
            switch (cls) {
            case -2: label = QStringLiteral("Baisse de %1 ou plus").arg(t); break;
            case -1: label = range(QStringLiteral("Baisse"), 1, t - 1); break;
            case 0: label = QStringLiteral("Stable"); break;
            case 1: label = range(QStringLiteral("Hausse"), 1, t - 1); break;
            default: label = QStringLiteral("Hausse de %1 ou plus").arg(t); break;
            }
            out.push_back({K::Fill, label + QStringLiteral(" initiative(s)"),
                           to_qcolor(st.evolution[static_cast<std::size_t>(cls + 2)]),
                           to_qcolor(st.communes.stroke), {}, Qt::SolidLine});
        }
        if (drawn.evolution_year > 0)
            out.push_back({K::Note,
                           QStringLiteral("Différence par CTG : initiatives datées de %1 moins "
                                          "celles de %2")
                               .arg(drawn.evolution_year)
                               .arg(drawn.evolution_year - 1),
                           {}, {}, {}, Qt::SolidLine});
    }
    if (drawn.suggestions)
        out.push_back({K::Marker,
                       QStringLiteral("Site proposé (rang) : couvrirait le plus d'habitants"),
                       to_qcolor(st.suggestion.color), Qt::white, st.suggestion.shape,
                       Qt::SolidLine});
    if (drawn.best_sites)
        out.push_back({K::Marker, qs(st.best_site.label), to_qcolor(st.best_site.color),
                       Qt::white, st.best_site.shape, Qt::SolidLine});
    if (drawn.clusters) {
        // Coloured by CTG: the focused CTG's colour when zoomed on one, else the first.
        const std::size_t k =
            s.focus_ctg.isEmpty() ? 0 : std::min(d.ctg_index(s.focus_ctg), d.ctgs().size() - 1);
        out.push_back(
            {K::Fill,
             qs(st.cluster_label) +
                 (s.focus_ctg.isEmpty() ? QStringLiteral(" (couleur de sa CTG)") : QString()),
             to_qcolor(st.ctg_color(k), st.cluster_opacity),
             to_qcolor(st.ctg_color(k)),
             {},
             Qt::SolidLine});
    }
    if (drawn.initiatives)
        out.push_back({K::Marker, qs(st.initiative.label), to_qcolor(st.initiative.color),
                       Qt::white, st.initiative.shape, Qt::SolidLine});
    for (const QString& t : drawn.structure_types) {
        const MarkerStyle& m = st.structure(t.toStdString());
        QString label = qs(m.label);
        if (!st.structure_types.count(t.toStdString()) && !t.isEmpty())
            label += QStringLiteral(" (") + t + QStringLiteral(")");
        out.push_back({K::Marker, label, to_qcolor(m.color), Qt::white, m.shape, Qt::SolidLine});
    }
    if (drawn.ambassadors)
        out.push_back({K::Ring,
                       QStringLiteral("Ambassadeur TECS"),
                       Qt::transparent,
                       QColor(230, 171, 2),
                       {},
                       Qt::SolidLine});
    for (const QString& k : drawn.perimeter_kinds) {
        const LineStyle* l = st.perimeter(k.toStdString());
        if (!l)
            continue;
        const Qt::PenStyle dash = pen_style(l->dash);
        out.push_back({K::Line,
                       qs(l->label),
                       Qt::transparent,
                       to_qcolor(l->color),
                       {},
                       dash});
    }
    add_access_legend(out, drawn, s, d);
    if (s.layers.ctg)
        out.push_back({K::Line,
                       QStringLiteral("Limite de CTG"),
                       Qt::transparent,
                       to_qcolor(st.ctg.color),
                       {},
                       Qt::SolidLine});
    return out;
}

double paint_legend(QPainter& p, QPointF at, double width, const std::vector<LegendEntry>& entries,
                    double dpi, int columns) {
    using K = LegendEntry::Kind;
    const QFont f = font(7);
    const QFontMetricsF fm(f, p.device());
    const double swatch = mm(5, dpi), row = std::max(mm(6.5, dpi), fm.height() * 1.3);
    const double col_w = width / std::max(columns, 1);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font(8, true));
    p.setPen(QColor(30, 30, 30));
    p.drawText(at + QPointF(0, QFontMetricsF(font(8, true), p.device()).ascent()),
               QStringLiteral("Légende"));
    const double top = at.y() + mm(6, dpi);
    const int rows = static_cast<int>((entries.size() + columns - 1) / std::max(columns, 1));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const LegendEntry& e = entries[i];
        const int col = static_cast<int>(i) / std::max(rows, 1);
        const int r = static_cast<int>(i) % std::max(rows, 1);
        const QRectF sw(at.x() + col * col_w, top + r * row, swatch, swatch * 0.7);
        switch (e.kind) {
        case K::Fill:
            p.setPen(QPen(e.stroke, mm(0.2, dpi)));
            p.setBrush(e.fill);
            p.drawRect(sw);
            break;
        case K::Hatch: {
            QColor tint = e.fill;
            tint.setAlphaF(0.22);
            p.setPen(Qt::NoPen);
            p.setBrush(tint);
            p.drawRect(sw);
            p.save();
            p.setClipRect(sw);
            p.setPen(QPen(e.fill, mm(0.25, dpi)));
            for (double x = sw.left() - sw.height(); x < sw.right(); x += mm(1.6, dpi))
                p.drawLine(QPointF(x, sw.bottom()), QPointF(x + sw.height(), sw.top()));
            p.restore();
            p.setPen(QPen(e.stroke, mm(0.3, dpi)));
            p.setBrush(Qt::NoBrush);
            p.drawRect(sw);
            break;
        }
        case K::Marker:
            draw_marker(p, sw.center(), e.shape, mm(3, dpi), e.fill, e.stroke, mm(0.2, dpi));
            break;
        case K::Ring:
            p.setPen(QPen(e.stroke, mm(0.6, dpi)));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(sw.center(), mm(1.8, dpi), mm(1.8, dpi));
            break;
        case K::Line:
            p.setPen(QPen(e.stroke, mm(0.7, dpi), e.dash, Qt::FlatCap));
            p.drawLine(QPointF(sw.left(), sw.center().y()), QPointF(sw.right(), sw.center().y()));
            break;
        case K::Note:
            break;
        }
        p.setFont(e.kind == K::Note ? font(6.5, false, true) : f);
        p.setPen(QColor(30, 30, 30));
        const double text_left = e.kind == K::Note ? sw.left() : sw.right() + mm(2, dpi);
        const QRectF text_box(text_left, sw.top() - mm(1.5, dpi),
                              col_w - (text_left - sw.left()) - mm(1, dpi), row);
        p.drawText(text_box, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, e.label);
    }
    p.restore();
    return mm(6, dpi) + rows * row;
}

void paint_scale_bar(QPainter& p, const QRectF& frame, const QTransform& t, double dpi) {
    const double m_per_px = 1.0 / t.m11();
    const double target_m = frame.width() * 0.22 * m_per_px;
    double km = 1;
    for (double c : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0})
        if (c * 1000 <= target_m)
            km = c;
    const double len = km * 1000 / m_per_px;
    const QPointF o(frame.left() + mm(6, dpi), frame.bottom() - mm(7, dpi));
    const double h = mm(1.5, dpi);
    p.save();
    p.setPen(QPen(QColor(30, 30, 30), mm(0.2, dpi)));
    for (int i = 0; i < 4; ++i) {
        p.setBrush(i % 2 ? Qt::white : QColor(30, 30, 30));
        p.drawRect(QRectF(o.x() + i * len / 4, o.y(), len / 4, h));
    }
    p.setFont(font(6.5));
    const QFontMetricsF fm(p.font(), p.device());
    p.drawText(QPointF(o.x() - fm.horizontalAdvance("0") / 2, o.y() - mm(1, dpi)), "0");
    const QString label = qs(fr::km(km));
    p.drawText(QPointF(o.x() + len - fm.horizontalAdvance(label) / 2, o.y() - mm(1, dpi)), label);
    p.restore();
}

void paint_north_arrow(QPainter& p, const QRectF& frame, double dpi) {
    const QPointF tip(frame.right() - mm(10, dpi), frame.top() + mm(8, dpi));
    const double h = mm(9, dpi), w = mm(3.2, dpi);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(30, 30, 30), mm(0.2, dpi)));
    p.setBrush(QColor(30, 30, 30));
    p.drawPolygon(QPolygonF({tip, tip + QPointF(w, h), tip + QPointF(0, h * 0.72)}));
    p.setBrush(Qt::white);
    p.drawPolygon(QPolygonF({tip, tip + QPointF(-w, h), tip + QPointF(0, h * 0.72)}));
    p.setFont(font(8, true));
    const QFontMetricsF fm(p.font(), p.device());
    p.drawText(
        QPointF(tip.x() - fm.horizontalAdvance("N") / 2, tip.y() + h + fm.ascent() + mm(0.5, dpi)),
        "N");
    p.restore();
}

void paint_map_page(QPainter& p, const QRectF& page, MapSettings s, const MapData& d,
                    const PageTexts& texts) {
    const double dpi = s.dpi;
    const double margin = mm(12, dpi);
    const QRectF inner = page.adjusted(margin, margin, -margin, -margin);
    const bool landscape = page.width() > page.height();
    p.save();
    p.fillRect(page, Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    // Title block.
    p.setPen(QColor(20, 20, 20));
    p.setFont(font(landscape ? 15 : 14, true));
    QFontMetricsF title_fm(p.font(), p.device());
    const QRectF title_box(inner.left(), inner.top(), inner.width(), title_fm.height() * 2.2);
    const QRectF used_title =
        p.boundingRect(title_box, Qt::AlignLeft | Qt::TextWordWrap, texts.title);
    p.drawText(title_box, Qt::AlignLeft | Qt::TextWordWrap, texts.title);
    p.setFont(font(9, false, true));
    p.setPen(QColor(70, 70, 70));
    QFontMetricsF sub_fm(p.font(), p.device());
    const QRectF sub_box(inner.left(), used_title.bottom() + mm(1, dpi), inner.width(),
                         sub_fm.height() * 2.2);
    const QRectF used_sub =
        p.boundingRect(sub_box, Qt::AlignLeft | Qt::TextWordWrap, texts.subtitle);
    p.drawText(sub_box, Qt::AlignLeft | Qt::TextWordWrap, texts.subtitle);
    double map_top = used_sub.bottom() + mm(4, dpi);
    if (!texts.demonstration.isEmpty()) {
        // Visible where the map is, not only in the footer: the figures are invented.
        p.setFont(font(9, true));
        p.setPen(QColor(178, 24, 43));
        const QRectF demo_box(inner.left(), used_sub.bottom() + mm(1, dpi), inner.width(),
                              sub_fm.height() * 2.2);
        const QRectF used_demo =
            p.boundingRect(demo_box, Qt::AlignLeft | Qt::TextWordWrap, texts.demonstration);
        p.drawText(demo_box, Qt::AlignLeft | Qt::TextWordWrap, texts.demonstration);
        map_top = used_demo.bottom() + mm(4, dpi);
    }

    // Footer: sources.
    p.setFont(font(6));
    QFontMetricsF foot_fm(p.font(), p.device());
    const QRectF foot(inner.left(), inner.bottom() - foot_fm.height() * 3.2, inner.width(),
                      foot_fm.height() * 3.2);
    p.setPen(QColor(90, 90, 90));
    p.drawText(foot, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, sources_line(d));

    // Map frame and legend: legend at the right in landscape, below in portrait.
    const std::vector<LegendEntry> legend = legend_entries(s, d);
    QRectF frame;
    if (landscape) {
        const double legend_w = mm(62, dpi);
        frame = QRectF(inner.left(), map_top, inner.width() - legend_w - mm(5, dpi),
                       foot.top() - mm(3, dpi) - map_top);
        paint_legend(p, QPointF(frame.right() + mm(5, dpi), map_top), legend_w, legend, dpi, 1);
    } else {
        const int columns = 2;
        const double rows = std::ceil(legend.size() / static_cast<double>(columns));
        const double legend_h =
            mm(6, dpi) +
            rows * std::max(mm(6.5, dpi), QFontMetricsF(font(7), p.device()).height() * 1.3);
        frame = QRectF(inner.left(), map_top, inner.width(),
                       foot.top() - mm(4, dpi) - legend_h - mm(3, dpi) - map_top);
        paint_legend(p, QPointF(inner.left(), frame.bottom() + mm(3, dpi)), inner.width(), legend,
                     dpi, columns);
    }
    paint_map(p, frame, s, d);
    p.setPen(QPen(QColor(60, 60, 60), mm(0.3, dpi)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(frame);
    paint_scale_bar(p, frame, map_transform(s.extent, frame), dpi);
    paint_north_arrow(p, frame, dpi);
    p.restore();
}

} // namespace tecsmap::render
