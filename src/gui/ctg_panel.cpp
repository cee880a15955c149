#include "ctg_panel.hpp"

#include "feature_info.hpp"
#include "format.hpp"

#include <QLabel>
#include <QListWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace tecsmap::gui {

CtgPanel::CtgPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    list_ = new QListWidget(this);
    list_->setObjectName("ctg_list");
    ctg_info_ = new QTextBrowser(this);
    ctg_info_->setObjectName("ctg_info");
    info_ = new QTextBrowser(this);
    info_->setObjectName("info");
    info_->setPlaceholderText(
        QStringLiteral("Cliquez sur la carte pour lire les chiffres d'une commune."));
    layout->addWidget(new QLabel(QStringLiteral("CTG"), this));
    layout->addWidget(list_, 2);
    layout->addWidget(new QLabel(QStringLiteral("Indicateurs de la CTG"), this));
    layout->addWidget(ctg_info_, 3);
    layout->addWidget(new QLabel(QStringLiteral("Élément cliqué"), this));
    layout->addWidget(info_, 3);
    connect(list_, &QListWidget::currentRowChanged, this, &CtgPanel::selected);
}

void CtgPanel::show_results(const render::MapData& data, bool reset) {
    const int row = reset ? -1 : list_->currentRow();
    {
        const QSignalBlocker block(list_);
        list_->clear();
        for (const CtgIndicators& c : data.result().ctgs)
            list_->addItem(QString::fromStdString(c.ctg_name));
        list_->setCurrentRow(row);
    }
    if (row >= 0 && row < list_->count())
        ctg_info_->setHtml(ctg_html(data, static_cast<std::size_t>(row)));
    else
        ctg_info_->clear();
}

void CtgPanel::show_ctg(const render::MapData& data, int index) {
    ctg_info_->setHtml(ctg_html(data, static_cast<std::size_t>(index)));
    if (list_->currentRow() != index) {
        const QSignalBlocker block(list_);
        list_->setCurrentRow(index);
    }
}

void CtgPanel::show_what_if(const render::MapData& data, const std::vector<double>& uncovered) {
    const auto& ctgs = data.result().ctgs;
    for (int row = 0; row < list_->count() && row < static_cast<int>(ctgs.size()); ++row) {
        const CtgIndicators& c = ctgs[static_cast<std::size_t>(row)];
        QString text = QString::fromStdString(c.ctg_name);
        if (static_cast<std::size_t>(row) < uncovered.size()) {
            const double now = uncovered[static_cast<std::size_t>(row)];
            const double d = now - c.pop_uncovered;
            text +=
                QStringLiteral(" — %1 non couverts").arg(QString::fromStdString(fr::people(now)));
            if (std::abs(d) >= 0.5)
                text += QStringLiteral(" (%1%2)")
                            .arg(d < 0 ? QStringLiteral("−") : QStringLiteral("+"))
                            .arg(QString::fromStdString(fr::people(std::abs(d))));
        }
        list_->item(row)->setText(text);
    }
}

QString CtgPanel::row_text(int row) const {
    const QListWidgetItem* item = list_->item(row);
    return item ? item->text() : QString();
}

void CtgPanel::show_info(const QString& html) {
    info_->setHtml(html);
}

int CtgPanel::current() const {
    return list_->currentRow();
}

QString CtgPanel::ctg_text() const {
    return ctg_info_->toPlainText();
}

QString CtgPanel::info_text() const {
    return info_->toPlainText();
}

} // namespace tecsmap::gui
