#include "render_job.hpp"

#include "map_painter.hpp"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPainter>
#include <QPointer>
#include <QThreadPool>

namespace tecsmap::render {

RenderJob::RenderJob(MapSettings settings, std::shared_ptr<const MapData> data, QObject* parent)
    : QObject(parent)
    , settings_(std::move(settings))
    , data_(std::move(data))
    , shared_(std::make_shared<Shared>()) {}

RenderJob::~RenderJob() {
    shared_->cancel = true;
}

QImage RenderJob::render_now(const MapSettings& s, const MapData& data) {
    QImage image(s.size_px, QImage::Format_ARGB32_Premultiplied);
    image.fill(s.background);
    QPainter painter(&image);
    paint_map(painter, QRectF(QPointF(0, 0), QSizeF(s.size_px)), s, data);
    return image;
}

void RenderJob::start() {
    QPointer<RenderJob> self(this);
    auto shared = shared_;
    auto data = data_;
    MapSettings settings = settings_;
    QThreadPool::globalInstance()->start([self, shared, data, settings] {
        QElapsedTimer timer;
        timer.start();
        QImage image(settings.size_px, QImage::Format_ARGB32_Premultiplied);
        image.fill(settings.background);
        {
            QPainter painter(&image);
            paint_map(painter, QRectF(QPointF(0, 0), QSizeF(settings.size_px)), settings, *data,
                      &shared->cancel);
        }
        const double ms = timer.nsecsElapsed() / 1e6;
        // Back on the job's thread; if the job is gone, the image is simply dropped.
        QMetaObject::invokeMethod(
            self.data(),
            [self, image = std::move(image), ms]() mutable {
                if (!self)
                    return;
                self->image_ = std::move(image);
                self->elapsed_ms_ = ms;
                emit self->finished();
            },
            Qt::QueuedConnection);
    });
}

} // namespace tecsmap::render
