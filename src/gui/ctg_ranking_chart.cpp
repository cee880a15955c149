#include "ctg_ranking_chart.hpp"

#include "format.hpp"
#include "map_data.hpp"

#include <QPainter>

#include <algorithm>

namespace tecsmap::gui {

CtgRankingChart::CtgRankingChart(QWidget* parent)
    : QWidget(parent) {
    setObjectName("ctg_ranking_chart");
    setMinimumSize(400, 300);
}

std::vector<CtgRankingChart::Row> CtgRankingChart::ranking(const render::MapData& data) {
    std::vector<Row> rows;
    for (const CtgIndicators& c : data.result().ctgs)
        rows.push_back({QString::fromStdString(c.ctg_name), c.uncovered_share, c.pop_uncovered});
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.uncovered_share != b.uncovered_share)
            return a.uncovered_share > b.uncovered_share;
        return a.name < b.name;
    });
    return rows;
}

void CtgRankingChart::set_rows(std::vector<Row> rows) {
    rows_ = std::move(rows);
    update();
}

void CtgRankingChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (rows_.empty())
        return;
    p.setRenderHint(QPainter::Antialiasing);
    QFont f = font();
    f.setPointSizeF(std::clamp(height() / (rows_.size() * 3.2), 7.0, 16.0));
    p.setFont(f);
    const QFontMetricsF fm(f);
    double name_w = 0;
    for (const Row& r : rows_)
        name_w = std::max(name_w, fm.horizontalAdvance(r.name));
    name_w = std::min(name_w + 12, width() * 0.45);
    const double value_w = fm.horizontalAdvance(QStringLiteral("100,0 %")) + 12;
    const double bar_max = std::max(10.0, width() - name_w - value_w - 10);
    const double row_h = static_cast<double>(height() - 10) / rows_.size();
    const double top_share = std::max(rows_.front().uncovered_share, 1e-9);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const Row& r = rows_[i];
        const double y = 5 + i * row_h;
        p.setPen(QColor(40, 40, 40));
        p.drawText(QRectF(0, y, name_w - 8, row_h), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(r.name, Qt::ElideRight, name_w - 8));
        const double w = bar_max * r.uncovered_share / top_share;
        p.fillRect(QRectF(name_w, y + row_h * 0.15, w, row_h * 0.7), QColor(203, 24, 29));
        p.drawText(QRectF(name_w + w + 6, y, value_w, row_h), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::fromStdString(fr::percent(r.uncovered_share)));
    }
}

} // namespace tecsmap::gui
