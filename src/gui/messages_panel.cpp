#include "messages_panel.hpp"

#include "format.hpp"
#include "text.hpp"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace tecsmap::gui {

namespace {
QString severity_label(Severity s) {
    switch (s) {
    case Severity::Error:
        return QStringLiteral("erreur");
    case Severity::Warning:
        return QStringLiteral("attention");
    case Severity::Info:
        break;
    }
    return QStringLiteral("info");
}

// « drome_structures.csv, ligne 8 »: the file's name (its path in the tooltip) and the place.
QString where(const Diagnostic& d) {
    QString out = QFileInfo(QString::fromStdString(d.file)).fileName();
    if (!d.location.empty())
        out += (out.isEmpty() ? QString() : QStringLiteral(", ")) +
               QString::fromStdString(d.location);
    return out;
}

// A register of 100 000 bad rows would give as many messages: the list stays quick to fill on
// the GUI thread (the whole set is in `tecsmap analyse --all-warnings`).
constexpr qsizetype kMaxMessageRows = 10000;

QString plural(std::size_t n, const char* one, const char* many) {
    return QString::fromStdString(fr::integer(static_cast<long long>(n))) + QLatin1Char(' ') +
           QString::fromUtf8(n > 1 ? many : one);
}
} // namespace

QString messages_title(const Diagnostics& messages) {
    const std::size_t n = messages.items().size();
    return n == 0 ? QStringLiteral("Messages") : QStringLiteral("Messages (%1)").arg(n);
}

MessagesPanel::MessagesPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel(QStringLiteral("Aucune étude chargée."), this);
    summary_->setObjectName("messages_summary");
    list_ = new QTreeWidget(this);
    list_->setObjectName("messages_list");
    list_->setColumnCount(3);
    list_->setHeaderLabels({QStringLiteral("Gravité"), QStringLiteral("Message"),
                            QStringLiteral("Où")});
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true); // thousands of rows stay quick
    list_->setWordWrap(false);
    list_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    list_->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    layout->addWidget(summary_);
    layout->addWidget(list_);
}

void MessagesPanel::show_messages(const Diagnostics& messages) {
    list_->clear();
    const auto& all = messages.items();
    const std::size_t errors = messages.count(Severity::Error);
    const std::size_t warnings = all.size() - errors; // run_messages leaves no Info
    // Errors first, as the CLI prints them, so that the cap never hides one; then the
    // warnings, each group in the run's order.
    QList<QTreeWidgetItem*> rows;
    rows.reserve(std::min<qsizetype>(static_cast<qsizetype>(all.size()), kMaxMessageRows));
    for (const bool error_pass : {true, false})
        for (const Diagnostic& d : all) {
            if ((d.severity == Severity::Error) != error_pass || rows.size() >= kMaxMessageRows)
                continue; // another pass, or counted and not listed
            // Register text may hold control characters: shown as the CLI shows them.
            const QString message = QString::fromStdString(text::printable(d.message));
            auto* row = new QTreeWidgetItem({severity_label(d.severity), message, where(d)});
            row->setToolTip(1, message);
            row->setToolTip(2, QString::fromStdString(d.file));
            row->setData(0, Qt::UserRole, QString::fromStdString(d.code));
            rows.push_back(row);
        }
    list_->addTopLevelItems(rows); // the list owns them
    if (all.empty()) {
        summary_->setText(QStringLiteral("Aucun message pour cette analyse."));
        return;
    }
    QStringList counts;
    if (errors > 0)
        counts << plural(errors, "erreur", "erreurs");
    if (warnings > 0)
        counts << plural(warnings, "avertissement", "avertissements");
    QString summary = counts.join(QStringLiteral(", ")) +
                      QStringLiteral(" (territoire, couches et analyse ; les lignes rejetées "
                                     "sont aussi dans la couche « rejects » du GeoPackage "
                                     "exporté)");
    if (rows.size() < static_cast<qsizetype>(all.size()))
        summary += QStringLiteral(" ; les %1 premiers sont listés, les erreurs d'abord")
                       .arg(QString::fromStdString(fr::integer(rows.size())));
    summary_->setText(summary);
}

int MessagesPanel::count() const {
    return list_->topLevelItemCount();
}

QString MessagesPanel::row_text(int row) const {
    const QTreeWidgetItem* item = list_->topLevelItem(row);
    if (!item)
        return {};
    QString out = item->text(0) + QStringLiteral(" : ") + item->text(1);
    if (!item->text(2).isEmpty())
        out += QStringLiteral(" — ") + item->text(2);
    return out;
}

QString MessagesPanel::summary() const {
    return summary_->text();
}

} // namespace tecsmap::gui
