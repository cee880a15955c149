#include "presentation_view.hpp"

#include "format.hpp"
#include "map_canvas.hpp"
#include "map_page.hpp"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace tecsmap::gui {

PresentationView::PresentationView(std::shared_ptr<const render::MapData> data, MapStyle style,
                                   QWidget* parent)
    : QWidget(parent, Qt::Window)
    , data_(std::move(data))
    , style_(std::move(style)) {
    setWindowTitle(QStringLiteral("tecsmap — présentation"));
    setStyleSheet("background: white;");
    auto* layout = new QHBoxLayout(this);
    canvas_ = new MapCanvas(this);
    canvas_->setObjectName("presentation_canvas");
    layout->addWidget(canvas_, 3);
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
    auto* hint =
        new QLabel(QStringLiteral("← → : CTG précédente / suivante — Échap : quitter"), this);
    side->addWidget(title_);
    side->addWidget(figures_, 1);
    side->addWidget(hint);
    layout->addLayout(side, 2);
    canvas_->set_data(data_);
    show_ctg(0);
}

int PresentationView::count() const {
    return static_cast<int>(data_->ctgs().size());
}

void PresentationView::show_ctg(int index) {
    if (count() == 0)
        return;
    current_ = (index % count() + count()) % count();
    const render::CtgShape& ctg = data_->ctgs()[static_cast<std::size_t>(current_)];
    render::MapSettings s = render::default_settings(render::Theme::Gaps, *data_, style_, ctg.code);
    s.overlay_initiatives = true;
    canvas_->set_settings(s);
    canvas_->zoom_to(s.extent);
    const CtgIndicators& c = data_->result().ctgs[static_cast<std::size_t>(current_)];
    title_->setText(ctg.name + QStringLiteral("  (%1/%2)").arg(current_ + 1).arg(count()));
    auto q = [](const std::string& s) { return QString::fromStdString(s); };
    figures_->setText(
        QStringLiteral(
            "<p><b>%1</b> habitants</p><p><b>%2</b> structures, <b>%3</b> initiatives TECS</p>"
            "<p><b>%4</b> habitants à plus de %5 d'une structure (<b>%6</b>)</p>"
            "<p><b>%7</b> grappe(s) d'initiatives</p>"
            "<p>PAT %8 · PCAET %9 · CTE %10</p>")
            .arg(q(fr::integer(c.population)))
            .arg(c.n_structures)
            .arg(c.n_initiatives)
            .arg(q(fr::people(c.pop_uncovered)))
            .arg(q(fr::km(data_->parameters().coverage_radius_km())))
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
        show_ctg(current_ + 1);
        break;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        show_ctg(current_ - 1);
        break;
    case Qt::Key_Escape:
        close();
        break;
    default:
        QWidget::keyPressEvent(e);
    }
}

} // namespace tecsmap::gui
