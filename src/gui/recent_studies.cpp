#include "recent_studies.hpp"

#include <QMenu>
#include <QSettings>

namespace tecsmap::gui {

RecentStudies::RecentStudies(QMenu* menu, QObject* parent)
    : QObject(parent)
    , menu_(menu) {
    rebuild();
}

QStringList RecentStudies::paths() const {
    return QSettings(QStringLiteral("tecsmap"), QStringLiteral("tecsmap"))
        .value("recent")
        .toStringList();
}

void RecentStudies::remember(const QString& path) {
    QStringList recent = paths();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMax)
        recent.removeLast();
    QSettings(QStringLiteral("tecsmap"), QStringLiteral("tecsmap")).setValue("recent", recent);
    rebuild();
}

void RecentStudies::rebuild() {
    menu_->clear();
    const QStringList recent = paths();
    for (const QString& p : recent)
        menu_->addAction(p, this, [this, p] { emit open_requested(p); });
    menu_->setEnabled(!recent.isEmpty());
}

} // namespace tecsmap::gui
