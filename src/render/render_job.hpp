#pragma once
// Renders a MapSettings snapshot into an image on a worker thread (QThreadPool). The map view
// starts one per frame, cancels stale ones, and swaps in the image when finished() arrives.
// The same paint code draws print exports synchronously.

#include "map_data.hpp"
#include "map_settings.hpp"

#include <QImage>
#include <QObject>

#include <atomic>
#include <memory>

namespace tecsmap::render {

class RenderJob : public QObject {
    Q_OBJECT
public:
    RenderJob(MapSettings settings, std::shared_ptr<const MapData> data, QObject* parent = nullptr);
    ~RenderJob() override;

    void start();
    /// Asks the worker to stop at its next check; finished() is still emitted (cancelled).
    void cancel() { shared_->cancel = true; }
    const MapSettings& settings() const { return settings_; }
    const QImage& image() const { return image_; }
    bool cancelled() const { return shared_->cancel; }
    /// Rendering time of the finished job, in milliseconds.
    double elapsed_ms() const { return elapsed_ms_; }

    /// Synchronous render (tests, exports, benchmarks).
    static QImage render_now(const MapSettings& settings, const MapData& data);

signals:
    void finished();

private:
    // State shared with the worker, so that a job deleted early never leaves it dangling.
    struct Shared {
        std::atomic_bool cancel{false};
    };
    MapSettings settings_;
    std::shared_ptr<const MapData> data_;
    std::shared_ptr<Shared> shared_;
    QImage image_;
    double elapsed_ms_ = 0;
};

} // namespace tecsmap::render
