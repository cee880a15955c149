#include "export_runner.hpp"

#include "atlas.hpp"
#include "exporter.hpp"
#include "gpkg_writer.hpp"
#include "map_page.hpp"
#include "publish_run.hpp"
#include "run_info.hpp"

#include <QFileDialog>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace tecsmap::gui {

ExportRunner::ExportRunner(QObject* parent)
    : QObject(parent)
    , task_(this, [this](const ProgressSlot::Progress& p) {
        emit progress(std::clamp(static_cast<int>(p.overall * 100), 0, 100), p.stage);
    }) {}

QString ExportRunner::with_extension(const QString& path, const QString& filter) {
    if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty())
        return path;
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("\\*\\.(\\w+)")).match(filter);
    return m.hasMatch() ? path + '.' + m.captured(1) : path;
}

QString ExportRunner::ask_path(QWidget* parent, const QString& title, const QString& name,
                               const QString& filters) {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(parent, title, name, filters, &filter);
    return with_extension(path, filter);
}

void ExportRunner::run(const QString& what, const QString& path,
                       std::function<void(Feedback&)> work) {
    if (task_.busy()) {
        emit failed(what + QStringLiteral(" : un export est déjà en cours, attendez sa fin."));
        return;
    }
    emit started(what);
    task_.start(
        [work = std::move(work)](Feedback& feedback) {
            work(feedback);
            return true;
        },
        [this, what, path](TaskOutcome<bool> o) {
            if (o.value)
                emit finished(path);
            else if (o.cancelled)
                emit failed(what + QStringLiteral(" annulé ; le fichier précédent est intact."));
            else
                emit failed(what + QStringLiteral(" impossible : ") + o.error);
        });
}

void ExportRunner::export_view(const QString& path, const render::MapSettings& settings,
                               std::shared_ptr<const render::MapData> data, bool landscape) {
    const render::PageTexts texts = render::page_texts(settings.theme, *data, settings.focus_ctg);
    run(QStringLiteral("Export de la vue"), path,
        [p = path.toStdString(), settings, data, landscape, texts](Feedback&) {
            render::export_map(p, settings, *data, render::page_spec("A4", landscape, 300), texts);
        });
}

void ExportRunner::export_geopackage(const QString& path,
                                     std::shared_ptr<const render::MapData> data,
                                     const MapStyle& style) {
    run(QStringLiteral("Export GeoPackage"), path,
        [p = path.toStdString(), data, style](Feedback&) {
            write_geopackage(p, data->run(), style, describe_run(data->run(), Cog::bundled()));
        });
}

void ExportRunner::export_atlas(const QString& path, std::shared_ptr<const render::MapData> data,
                                const MapStyle& style) {
    run(QStringLiteral("Export de l'atlas"), path,
        [p = path.toStdString(), data, style](Feedback& feedback) {
            render::write_atlas(p, *data, style, &feedback);
        });
}

void ExportRunner::export_postgis(const QString& address,
                                  std::shared_ptr<const render::MapData> data,
                                  const MapStyle& style) {
    const QString what = QStringLiteral("Publication dans PostGIS");
    QString shown;
    try {
        shown = QString::fromStdString(checked_publication_target(address.toStdString()));
    } catch (const std::exception& e) {
        emit failed(what + QStringLiteral(" impossible : ") + QString::fromUtf8(e.what()));
        return;
    }
    run(what, shown, [a = address.toStdString(), data, style](Feedback& feedback) {
        publish_run(data->run(), style, describe_run(data->run(), Cog::bundled()), a, &feedback);
    });
}

} // namespace tecsmap::gui
