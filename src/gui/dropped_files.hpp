#pragma once
// Files dropped on the map view: a study (.toml) opens, a layer file (CSV, GeoPackage,
// GeoJSON, Shapefile, FlatGeobuf) is added to the open study as the kind the user picks.

#include <QString>

class QMimeData;
class QWidget;

namespace tecsmap::gui {

/// True when the drag carries at least one file the window can use.
bool accepts_drop(const QMimeData* mime);
bool is_study_file(const QString& path);
/// Asks what a dropped layer file holds: "initiatives", "structures" or "perimeters"; empty
/// when the user cancels.
QString ask_layer_kind(QWidget* parent, const QString& path);

} // namespace tecsmap::gui
