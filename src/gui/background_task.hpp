#pragma once
// How long work runs off the GUI thread and hands its result back, safely.
//
// The rules (docs/conventions.md, "GUI never blocks"):
//  - The worker touches no QObject, ever: it gets values and immutable shared snapshots in and
//    returns a value out. A QObject may be deleted by the GUI thread at any moment, so even
//    `QPointer::data()` or `QMetaObject::invokeMethod(ptr, ...)` from a worker races with that
//    deletion (the pointer can die between the check and the call).
//  - The result comes back through a QFuture watched by a QFutureWatcher that the receiver
//    owns (a child of the receiver): Qt delivers `finished` on the receiver's thread, and
//    destroying the watcher (with the receiver, or when a newer run supersedes this one)
//    disconnects it, so a late result is simply dropped with the future.
//  - Progress and cancellation go through core's Feedback. Its sink runs on the worker, under
//    the feedback's lock, so it only stores the latest (stage, overall fraction) in a
//    ProgressSlot, a mutex-protected value shared by the worker and the GUI; a QTimer of the
//    receiver polls that slot on the GUI thread. We poll rather than post: posting needs a
//    QObject that outlives every worker (none of ours does), and polling bounds the GUI's
//    update rate whatever the worker's rate of reports. Cancelling sets the Feedback's atomic
//    flag, which the run polls at its safe points (Cancelled is thrown there).
//  - Each run's Feedback is shared (std::shared_ptr) by the GUI and the worker: whichever
//    finishes last frees it.

#include "errors.hpp"
#include "feedback.hpp"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace tecsmap::gui {

/// The latest progress of a run: written by the worker, read by the GUI thread.
class ProgressSlot {
public:
    void store(const std::string& stage, double overall) {
        std::lock_guard lock(mutex_);
        stage_ = stage;
        overall_ = overall;
        fresh_ = true;
    }
    struct Progress {
        QString stage;
        double overall = 0; ///< the Feedback's overall fraction, in [0, 1]
    };
    /// What was stored since the last call, if anything.
    std::optional<Progress> take() {
        std::lock_guard lock(mutex_);
        if (!fresh_)
            return std::nullopt;
        fresh_ = false;
        return Progress{QString::fromStdString(stage_), overall_};
    }

private:
    std::mutex mutex_;
    std::string stage_;
    double overall_ = 0;
    bool fresh_ = false;
};

/// What a run hands back: its value, or the error's message, or that it was cancelled.
template <class T> struct TaskOutcome {
    std::optional<T> value;
    QString error;
    bool cancelled = false;
};

/// Runs work of type `T(Feedback&)` on the global thread pool, one run at a time per task (a
/// new start() cancels and supersedes the running one: only the last run's outcome is
/// delivered). A member of the receiver: its callbacks run on the receiver's thread and never
/// after the task (or the receiver) is destroyed.
template <class T> class BackgroundTask {
public:
    using Work = std::function<T(Feedback&)>;
    using Done = std::function<void(TaskOutcome<T>)>;
    using OnProgress = std::function<void(const ProgressSlot::Progress&)>;

    BackgroundTask(QObject* owner, OnProgress on_progress = {}, int poll_ms = 50)
        : owner_(owner)
        , on_progress_(std::move(on_progress))
        , poll_(new QTimer(owner)) {
        poll_->setInterval(poll_ms);
        QObject::connect(poll_, &QTimer::timeout, owner_, [this] { deliver_progress(); });
    }
    ~BackgroundTask() {
        cancel();
        delete watcher_; // disconnects: no callback after this point
        delete poll_;
    }
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    /// Starts `work` on a worker. `work` must capture no QObject (values and shared immutable
    /// snapshots only). `done` runs on the owner's thread unless superseded or destroyed.
    void start(Work work, Done done) {
        cancel();
        retire_watcher();
        auto slot = std::make_shared<ProgressSlot>();
        slot_ = slot;
        feedback_ = std::make_shared<Feedback>(
            [slot](const std::string& stage, double overall) { slot->store(stage, overall); });
        auto* watcher = new QFutureWatcher<TaskOutcome<T>>(owner_);
        watcher_ = watcher;
        QObject::connect(watcher, &QFutureWatcherBase::finished, owner_,
                         [this, watcher, done = std::move(done)] {
                             if (watcher != watcher_)
                                 return; // superseded
                             deliver_progress();
                             poll_->stop();
                             busy_ = false;
                             TaskOutcome<T> outcome = watcher->future().result();
                             done(std::move(outcome)); // may start() again: keep this last
                         });
        busy_ = true;
        poll_->start();
        watcher->setFuture(
            QtConcurrent::run(QThreadPool::globalInstance(),
                              [work = std::move(work), feedback = feedback_]() -> TaskOutcome<T> {
                                  TaskOutcome<T> out;
                                  try {
                                      out.value.emplace(work(*feedback));
                                  } catch (const Cancelled&) {
                                      out.cancelled = true;
                                  } catch (const std::exception& e) {
                                      out.error = QString::fromUtf8(e.what());
                                  }
                                  if (!out.error.isEmpty() || out.cancelled)
                                      out.value.reset();
                                  return out;
                              }));
    }

    /// Asks the running work to stop at its next safe point; its outcome (cancelled) is still
    /// delivered. No-op when idle.
    void cancel() {
        if (feedback_)
            feedback_->cancel();
    }
    bool busy() const { return busy_; }

private:
    void deliver_progress() {
        if (!slot_ || !on_progress_)
            return;
        if (auto p = slot_->take())
            on_progress_(*p);
    }
    // A superseded watcher is disconnected now and deleted later: this may run inside its own
    // finished() handler.
    void retire_watcher() {
        if (!watcher_)
            return;
        QObject::disconnect(watcher_, nullptr, owner_, nullptr);
        watcher_->deleteLater();
        watcher_ = nullptr;
    }

    QObject* owner_;
    OnProgress on_progress_;
    QTimer* poll_;
    QFutureWatcher<TaskOutcome<T>>* watcher_ = nullptr;
    std::shared_ptr<Feedback> feedback_;
    std::shared_ptr<ProgressSlot> slot_;
    bool busy_ = false;
};

} // namespace tecsmap::gui
