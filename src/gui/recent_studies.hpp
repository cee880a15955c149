#pragma once
// Fichier › Études récentes: the last studies opened or saved (QSettings « tecsmap »), newest
// first, at most eight.

#include <QObject>
#include <QStringList>

class QMenu;

namespace tecsmap::gui {

class RecentStudies : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 8;
    /// Fills `menu` (owned by the caller) and keeps it up to date.
    explicit RecentStudies(QMenu* menu, QObject* parent = nullptr);
    void remember(const QString& path);
    QStringList paths() const;

signals:
    void open_requested(const QString& path);

private:
    void rebuild();
    QMenu* menu_;
};

} // namespace tecsmap::gui
