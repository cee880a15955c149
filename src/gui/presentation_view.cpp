#include "presentation_view.hpp"

#include "analysis/evolution.hpp"
#include "coverage_wording.hpp"
#include "ctg_ranking_chart.hpp"
#include "format.hpp"
#include "map_canvas.hpp"
#include "map_page.hpp"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace tecsmap::gui {

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

PresentationView::PresentationView(std::shared_ptr<const render::MapData> data, MapStyle style,
                                   QWidget* parent, std::optional<int> year)
    : QWidget(parent, Qt::Window)
    , data_(std::move(data))
    , style_(std::move(style))
    , year_(year) {
    setWindowTitle(QStringLiteral("tecsmap — présentation"));
    setStyleSheet("background: white;");
    auto* layout = new QHBoxLayout(this);
    stack_ = new QStackedLayout;
    canvas_ = new MapCanvas(this);
    canvas_->setObjectName("presentation_canvas");
    chart_ = new CtgRankingChart(this);
    stack_->addWidget(canvas_);
    stack_->addWidget(chart_);
    layout->addLayout(stack_, 3);
    auto* side = new QVBoxLayout;
    title_ = new QLabel(this);
    title_->setObjectName("presentation_title");
    title_->setWordWrap(true);
    QFont big = font();
    big.setPointSizeF(26);
    big.setBold(true);
    title_->setFont(big);
    figures_ = new QLabel(this);
    figures_->setObjectName("presentation_figures");
    figures_->setWordWrap(true);
    QFont large = font();
    large.setPointSizeF(17);
    figures_->setFont(large);
    figures_->setTextFormat(Qt::RichText);
    auto* hint = new QLabel(QStringLiteral("← → : diapositive précédente / suivante — Échap : "
                                           "quitter"),
                            this);
    side->addWidget(title_);
    side->addWidget(figures_, 1);
    side->addWidget(hint);
    layout->addLayout(side, 2);
    canvas_->set_data(data_);
    chart_->set_rows(CtgRankingChart::ranking(*data_));
    show_slide(0);
}

int PresentationView::count() const {
    return kTerritorySlides + static_cast<int>(data_->ctgs().size());
}

PresentationView::Slide PresentationView::kind(int index) const {
    switch (index) {
    case 0:
        return Slide::Overview;
    case 1:
        return Slide::Ranking;
    case 2:
        return Slide::Years;
    default:
        return Slide::Ctg;
    }
}

QString PresentationView::title_text() const {
    return title_->text();
}
QString PresentationView::figures_text() const {
    return figures_->text();
}

void PresentationView::show_ctg(int ctg) {
    show_slide(kTerritorySlides + ctg);
}

void PresentationView::show_slide(int index) {
    current_ = (index % count() + count()) % count();
    switch (kind(current_)) {
    case Slide::Overview:
        show_overview();
        break;
    case Slide::Ranking:
        show_ranking();
        break;
    case Slide::Years:
        show_years();
        break;
    case Slide::Ctg:
        show_one_ctg(current_ - kTerritorySlides);
        break;
    }
}

void PresentationView::show_map(const render::MapSettings& s) {
    stack_->setCurrentWidget(canvas_);
    canvas_->set_settings(s);
    canvas_->zoom_to(s.extent);
}

void PresentationView::show_overview() {
    render::MapSettings s = render::default_settings(render::Theme::Gaps, *data_, style_);
    s.overlay_initiatives = true;
    show_map(s);
    long long population = 0;
    double uncovered = 0;
    int structures = 0, initiatives = 0, clusters = 0;
    for (const CtgIndicators& c : data_->result().ctgs) {
        population += c.population;
        uncovered += c.pop_uncovered;
        structures += c.n_structures;
        initiatives += c.n_initiatives;
        clusters += c.n_clusters;
    }
    title_->setText(q(data_->study().title) + QStringLiteral("  (1/%1)").arg(count()));
    figures_->setText(
        QStringLiteral("<p><b>%1</b> habitants, <b>%2</b> communes, <b>%3</b> CTG</p>"
                       "<p><b>%4</b> structures, <b>%5</b> initiatives TECS</p>"
                       "<p><b>%6</b> habitants %7 (<b>%8</b>)</p>"
                       "<p><b>%9</b> grappe(s) d'initiatives</p>")
            .arg(q(fr::integer(population)))
            .arg(data_->territory().communes.size())
            .arg(data_->ctgs().size())
            .arg(structures)
            .arg(initiatives)
            .arg(q(fr::people(uncovered)))
            .arg(q(uncovered_phrase(data_->result().coverage_rule, data_->parameters())))
            .arg(q(fr::percent(population > 0 ? uncovered / population : 0)))
            .arg(clusters));
}

void PresentationView::show_ranking() {
    stack_->setCurrentWidget(chart_);
    title_->setText(
        QStringLiteral("CTG classées par part de population non couverte  (2/%1)").arg(count()));
    QString text = QStringLiteral("<p>Part des habitants %1.</p><ol>")
                       .arg(q(uncovered_phrase(data_->result().coverage_rule,
                                               data_->parameters())));
    const auto& rows = chart_->rows();
    for (std::size_t i = 0; i < rows.size() && i < 5; ++i)
        text += QStringLiteral("<li><b>%1</b> : %2 (%3 habitants)</li>")
                    .arg(rows[i].name.toHtmlEscaped(), q(fr::percent(rows[i].uncovered_share)),
                         q(fr::people(rows[i].pop_uncovered)));
    figures_->setText(text + QStringLiteral("</ol>"));
}

void PresentationView::show_years() {
    const auto e = ctg_evolution(data_->territory(), data_->inputs().initiatives, year_);
    render::MapSettings s = render::default_settings(
        e ? render::Theme::Evolution : render::Theme::Gaps, *data_, style_);
    s.year = year_;
    show_map(s);
    if (!e) {
        title_->setText(QStringLiteral("Évolution d'une année à l'autre  (3/%1)").arg(count()));
        figures_->setText(QStringLiteral("<p>Aucune initiative n'est datée : pas de comparaison "
                                         "d'une année à l'autre.</p>"));
        return;
    }
    title_->setText(QStringLiteral("Initiatives %1 par rapport à %2  (3/%3)")
                        .arg(e->year)
                        .arg(e->year - 1)
                        .arg(count()));
    QString table = QStringLiteral("<table cellspacing='6'><tr><th align='left'>CTG</th>"
                                   "<th>%1</th><th>%2</th><th>écart</th></tr>")
                        .arg(e->year - 1)
                        .arg(e->year);
    for (std::size_t k = 0; k < data_->ctgs().size(); ++k) {
        const int d = e->difference(k);
        table += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3"
                                "</td><td align='right'><b>%4%5</b></td></tr>")
                     .arg(data_->ctgs()[k].name.toHtmlEscaped())
                     .arg(e->previous[k])
                     .arg(e->current[k])
                     .arg(d > 0 ? QStringLiteral("+") : QString())
                     .arg(d);
    }
    table += QStringLiteral("<tr><td><b>Total</b></td><td align='right'>%1</td>"
                            "<td align='right'>%2</td><td></td></tr></table>")
                 .arg(e->total_previous())
                 .arg(e->total_current());
    figures_->setText(table);
}

void PresentationView::show_one_ctg(int index) {
    const render::CtgShape& ctg = data_->ctgs()[static_cast<std::size_t>(index)];
    render::MapSettings s = render::default_settings(render::Theme::Gaps, *data_, style_, ctg.code);
    s.overlay_initiatives = true;
    show_map(s);
    const CtgIndicators& c = data_->result().ctgs[static_cast<std::size_t>(index)];
    title_->setText(ctg.name + QStringLiteral("  (%1/%2)").arg(current_ + 1).arg(count()));
    figures_->setText(
        QStringLiteral(
            "<p><b>%1</b> habitants</p><p><b>%2</b> structures, <b>%3</b> initiatives TECS</p>"
            "<p><b>%4</b> habitants %5 (<b>%6</b>)</p>"
            "<p><b>%7</b> grappe(s) d'initiatives</p>"
            "<p>PAT %8 · PCAET %9 · CTE %10</p>")
            .arg(q(fr::integer(c.population)))
            .arg(c.n_structures)
            .arg(c.n_initiatives)
            .arg(q(fr::people(c.pop_uncovered)))
            .arg(q(uncovered_phrase(data_->result().coverage_rule, data_->parameters())))
            .arg(q(fr::percent(c.uncovered_share)))
            .arg(c.n_clusters)
            .arg(q(fr::percent(c.pat_share, 0)))
            .arg(q(fr::percent(c.pcaet_share, 0)))
            .arg(q(fr::percent(c.cte_share, 0))));
}

void PresentationView::keyPressEvent(QKeyEvent* e) {
    switch (e->key()) {
    case Qt::Key_Right:
    case Qt::Key_Space:
    case Qt::Key_PageDown:
        show_slide(current_ + 1);
        break;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        show_slide(current_ - 1);
        break;
    case Qt::Key_Escape:
        close();
        break;
    default:
        QWidget::keyPressEvent(e);
    }
}

} // namespace tecsmap::gui
