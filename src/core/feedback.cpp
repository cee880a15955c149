#include "feedback.hpp"

#include "errors.hpp"

#include <algorithm>

namespace tecsmap {

Feedback::Feedback(Sink sink)
    : sink_(std::move(sink)) {}

void Feedback::plan(std::vector<Stage> stages) {
    std::lock_guard lock(mutex_);
    stages_ = std::move(stages);
    current_ = static_cast<std::size_t>(-1);
    fraction_ = 0;
}

void Feedback::extend_plan(const std::vector<Stage>& stages) {
    std::lock_guard lock(mutex_);
    stages_.insert(stages_.end(), stages.begin(), stages.end());
}

void Feedback::begin(const std::string& label) {
    check();
    std::lock_guard lock(mutex_);
    // The next stage of that name after the current one (stages may repeat a label).
    const std::size_t from = current_ == static_cast<std::size_t>(-1) ? 0 : current_ + 1;
    std::size_t found = stages_.size();
    for (std::size_t i = from; i < stages_.size(); ++i)
        if (stages_[i].label == label) {
            found = i;
            break;
        }
    if (found == stages_.size()) {
        // Unplanned: insert it right after the current stage so the overall never goes back.
        found = from;
        stages_.insert(stages_.begin() + static_cast<std::ptrdiff_t>(found), Stage{label, 1.0});
    }
    current_ = found;
    fraction_ = 0;
    notify_locked();
}

void Feedback::set_fraction(double fraction) {
    std::lock_guard lock(mutex_);
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (fraction <= fraction_)
        return; // workers may report out of order; progress never goes back
    fraction_ = fraction;
    notify_locked();
}

double Feedback::overall() const {
    std::lock_guard lock(mutex_);
    return overall_locked();
}

std::string Feedback::current_stage() const {
    std::lock_guard lock(mutex_);
    return current_ < stages_.size() ? stages_[current_].label : std::string();
}

void Feedback::check() const {
    if (cancelled_)
        throw Cancelled();
}

double Feedback::overall_locked() const {
    double total = 0, done = 0;
    for (std::size_t i = 0; i < stages_.size(); ++i) {
        total += stages_[i].weight;
        if (current_ != static_cast<std::size_t>(-1) && i < current_)
            done += stages_[i].weight;
    }
    if (current_ < stages_.size())
        done += stages_[current_].weight * fraction_;
    return total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
}

void Feedback::notify_locked() {
    if (sink_ && current_ < stages_.size())
        sink_(stages_[current_].label, overall_locked());
}

} // namespace tecsmap
