#include "render_job.hpp"

#include "map_painter.hpp"

#include <QElapsedTimer>
#include <QPainter>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace tecsmap::render {

RenderJob::RenderJob(MapSettings settings, std::shared_ptr<const MapData> data,
                     std::shared_ptr<LayerCache> cache)
    : state_(std::make_shared<State>()) {
    state_->settings = std::move(settings);
    state_->data = std::move(data);
    state_->cache = std::move(cache);
}

QImage RenderJob::render_now(const MapSettings& s, const MapData& data) {
    QImage image(s.size_px, QImage::Format_ARGB32_Premultiplied);
    image.fill(s.background);
    QPainter painter(&image);
    paint_map(painter, QRectF(QPointF(0, 0), QSizeF(s.size_px)), s, data);
    return image;
}

std::shared_ptr<const Frame> RenderJob::run() const {
    const State& st = *state_;
    if (st.cancel || !st.data || st.settings.size_px.isEmpty())
        return nullptr;
    QElapsedTimer timer;
    timer.start();
    QImage image = render_frame(st.settings, st.data, st.cache.get(), &st.cancel);
    // Checked again after painting: a job cancelled at any time before now delivers nothing.
    if (image.isNull() || st.cancel)
        return nullptr;
    return std::make_shared<const Frame>(Frame{
        std::move(image), st.settings, static_cast<double>(timer.nsecsElapsed()) / 1e6, id()});
}

QFuture<std::shared_ptr<const Frame>> RenderJob::start() const {
    // The worker holds the job (a shared state), never the object that started it.
    return QtConcurrent::run(QThreadPool::globalInstance(), [job = *this] { return job.run(); });
}

} // namespace tecsmap::render
