#pragma once
// An output file written under a temporary name beside its target and renamed over it only by
// commit(): a failed or interrupted run never leaves a half-written file, and never touches the
// previous output. The destructor removes an uncommitted temporary file and never throws.

#include <string>

namespace tecsmap {

class AtomicOutput {
public:
    /// Checks that the target's directory exists and is writable (OutputError otherwise).
    explicit AtomicOutput(std::string target);
    ~AtomicOutput() noexcept;
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& temp_path() const noexcept { return temp_; }
    const std::string& target() const noexcept { return target_; }
    /// Renames the temporary file over the target (atomic on one file system).
    void commit();

private:
    std::string target_;
    std::string temp_;
    bool committed_ = false;
};

/// Every temporary file currently open, so that a signal handler can remove them.
void remove_pending_outputs() noexcept;

} // namespace tecsmap
