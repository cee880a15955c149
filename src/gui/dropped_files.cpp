#include "dropped_files.hpp"

#include <QFileInfo>
#include <QInputDialog>
#include <QMimeData>
#include <QStringList>
#include <QUrl>

namespace tecsmap::gui {

bool is_study_file(const QString& path) {
    return QFileInfo(path).suffix().toLower() == "toml";
}

bool accepts_drop(const QMimeData* mime) {
    static const QStringList layers = {"csv", "gpkg", "geojson", "json", "shp", "fgb"};
    for (const QUrl& url : mime->urls()) {
        const QString path = url.toLocalFile();
        if (is_study_file(path) || layers.contains(QFileInfo(path).suffix().toLower()))
            return true;
    }
    return false;
}

QString ask_layer_kind(QWidget* parent, const QString& path) {
    bool ok = false;
    const QStringList kinds = {QStringLiteral("Initiatives"), QStringLiteral("Structures"),
                               QStringLiteral("Périmètres")};
    const QString kind = QInputDialog::getItem(
        parent, QStringLiteral("Ajouter une couche"),
        QStringLiteral("Ajouter « %1 » comme :").arg(QFileInfo(path).fileName()), kinds, 0, false,
        &ok);
    if (!ok)
        return {};
    return kind == kinds[0]   ? QStringLiteral("initiatives")
           : kind == kinds[1] ? QStringLiteral("structures")
                              : QStringLiteral("perimeters");
}

} // namespace tecsmap::gui
