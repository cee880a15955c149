#pragma once
// Small helpers shared by the pages (map page furniture, atlas): the map font and conversions.

#include <QFont>
#include <QString>

#include <string>

namespace tecsmap::render {

/// The font of every map and page (DejaVu Sans, shipped by Debian's fonts-dejavu-core).
inline QFont map_font(double points, bool bold = false, bool italic = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
}

inline QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace tecsmap::render
