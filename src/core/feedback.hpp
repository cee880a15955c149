#pragma once
// Progress and cancellation of a long run, in the spirit of QGIS's QgsFeedback. The run declares
// its stages (with relative weights) up front, enters each one by name and may report a
// fraction within it; the overall progress is computed from those stages, not from a guessed
// count. Cancellation is a flag the run polls at safe points (`check()` throws Cancelled).
// Thread-safe: workers of a parallel loop may report fractions and poll the flag.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace tecsmap {

class Feedback {
public:
    /// Receives (stage label, overall fraction in [0, 1]) on every change. Called on the
    /// reporting thread, under the feedback's lock: it must be quick (post a message, print).
    using Sink = std::function<void(const std::string& stage, double overall)>;

    explicit Feedback(Sink sink = {});
    Feedback(const Feedback&) = delete;
    Feedback& operator=(const Feedback&) = delete;

    struct Stage {
        std::string label;
        double weight = 1.0;
    };
    /// Declares the stages of the run (replaces any earlier plan). A stage entered without
    /// being planned is appended with weight 1.
    void plan(std::vector<Stage> stages);
    /// Appends stages to the plan (a sub-run, e.g. the analysis after the territory).
    void extend_plan(const std::vector<Stage>& stages);
    /// Enters a stage (the previous one counts as done). Throws Cancelled when cancelled.
    void begin(const std::string& label);
    /// Progress within the current stage, in [0, 1]. Never throws.
    void set_fraction(double fraction);
    /// Overall progress in [0, 1].
    double overall() const;
    std::string current_stage() const;

    void cancel() noexcept { cancelled_ = true; }
    bool cancelled() const noexcept { return cancelled_; }
    /// Throws Cancelled when the run was asked to stop.
    void check() const;

private:
    double overall_locked() const;
    void notify_locked();

    Sink sink_;
    mutable std::mutex mutex_;
    std::vector<Stage> stages_;
    std::size_t current_ = static_cast<std::size_t>(-1);
    double fraction_ = 0;
    std::atomic_bool cancelled_{false};
};

/// Helpers for optional feedback (null means nobody listens and nothing cancels).
inline void feedback_begin(Feedback* f, const std::string& label) {
    if (f)
        f->begin(label);
}
inline void feedback_fraction(Feedback* f, double fraction) {
    if (f)
        f->set_fraction(fraction);
}
inline void feedback_check(const Feedback* f) {
    if (f)
        f->check();
}

} // namespace tecsmap
