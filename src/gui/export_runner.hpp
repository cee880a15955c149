#pragma once
// The map view's exports (the view as PNG/SVG/PDF, the analysis as a GeoPackage or into a
// PostGIS schema, the atlas),
// run one at a time on a worker (background_task.hpp). Each calls the render/core writer,
// which writes atomically (AtomicOutput): a failed export leaves the previous file intact, and
// its message gives the cause (missing directory, no write permission, unknown extension,
// full disk...).

#include "background_task.hpp"
#include "map_data.hpp"
#include "map_settings.hpp"

#include <QObject>
#include <QString>

#include <memory>

class QWidget;

namespace tecsmap::gui {

class ExportRunner : public QObject {
    Q_OBJECT
public:
    explicit ExportRunner(QObject* parent = nullptr);

    /// The view (settings with its extent) on an A4 page, PNG 300 dpi, SVG or PDF by extension.
    void export_view(const QString& path, const render::MapSettings& settings,
                     std::shared_ptr<const render::MapData> data, bool landscape);
    void export_geopackage(const QString& path, std::shared_ptr<const render::MapData> data,
                           const MapStyle& style);
    void export_atlas(const QString& path, std::shared_ptr<const render::MapData> data,
                      const MapStyle& style);
    /// The analysis published into a PostGIS schema ("postgresql://user@host/db?schema=s"), in
    /// one transaction (publish_run.hpp). The address is checked first: a malformed one, one
    /// without a schema or one carrying a password fails at once (never repeating the
    /// password); `finished` then gives the address as shown to users.
    void export_postgis(const QString& address, std::shared_ptr<const render::MapData> data,
                        const MapStyle& style);
    void cancel() { task_.cancel(); }
    bool busy() const { return task_.busy(); }

    /// `path` with the extension of the chosen file-dialog filter added when it has none
    /// (« carte » with « PNG (*.png) » gives « carte.png »).
    static QString with_extension(const QString& path, const QString& filter);
    /// The save-file dialog, with the extension of the chosen filter added when missing;
    /// empty when cancelled.
    static QString ask_path(QWidget* parent, const QString& title, const QString& name,
                            const QString& filters);

signals:
    void started(const QString& what);
    /// Overall progress in percent when the writer reports it (the atlas), else -1.
    void progress(int percent, const QString& stage);
    void finished(const QString& path);
    void failed(const QString& message);

private:
    void run(const QString& what, const QString& path, std::function<void(Feedback&)> work);
    BackgroundTask<bool> task_;
};

} // namespace tecsmap::gui
