#pragma once
// One map-view frame rendered on a worker thread. A RenderJob is a small value: its settings,
// data snapshot, layer cache and cancel flag live in a state shared with the worker, which
// touches nothing else (no QObject): whoever started it may drop it at any time. The result
// comes back through the QFuture (watched by the receiver with a QFutureWatcher it owns, so
// the hand-off happens on the receiver's thread and stops when the receiver is destroyed).
//
// Cancellation: cancel() sets an atomic flag that the painter polls between layers (and the
// cache between groups); a job cancelled before its result is ready yields no frame (a null
// pointer), never a partial image. The same paint code draws print exports synchronously.

#include "layer_cache.hpp"
#include "map_data.hpp"
#include "map_settings.hpp"

#include <QFuture>
#include <QImage>

#include <atomic>
#include <memory>

namespace tecsmap::render {

/// A finished frame: immutable once handed over.
struct Frame {
    QImage image;
    MapSettings settings;
    double elapsed_ms = 0;
    const void* job = nullptr; ///< RenderJob::id() of the job that rendered it
};

class RenderJob {
public:
    /// `cache` (may be null) holds the static layers shared by a view's successive frames.
    RenderJob(MapSettings settings, std::shared_ptr<const MapData> data,
              std::shared_ptr<LayerCache> cache = nullptr);

    /// Runs the job on the global thread pool. The future's result is the frame, or null when
    /// the job was cancelled before it was done.
    QFuture<std::shared_ptr<const Frame>> start() const;
    /// Renders on the calling thread (what start() runs); null when cancelled.
    std::shared_ptr<const Frame> run() const;
    /// Asks the worker to stop at its next check; thread-safe, idempotent.
    void cancel() const noexcept { state_->cancel = true; }
    bool cancelled() const noexcept { return state_->cancel; }
    const MapSettings& settings() const { return state_->settings; }
    /// Identifies the job (and its copies): a frame is the current job's if frame.job == id().
    const void* id() const noexcept { return state_.get(); }

    /// Synchronous render of the whole map, without cache (tests, exports, benchmarks).
    static QImage render_now(const MapSettings& settings, const MapData& data);

private:
    struct State {
        MapSettings settings;
        std::shared_ptr<const MapData> data;
        std::shared_ptr<LayerCache> cache;
        std::atomic_bool cancel{false};
    };
    std::shared_ptr<State> state_;
};

} // namespace tecsmap::render
