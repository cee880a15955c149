#pragma once
// An output file written under a temporary name beside its target and renamed over it only by
// commit(): a failed or interrupted run never leaves a half-written file, and never touches the
// previous output. The destructor removes an uncommitted temporary file and never throws.

#include <string>
#include <vector>

namespace tecsmap {

class AtomicOutput {
public:
    /// Checks, before any work, that the target's directory exists and is writable and that
    /// the temporary name (and SQLite's companions of it) fits the file system's name limit
    /// (OutputError otherwise).
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

/// Commits several outputs as one (a GeoPackage and its CSV companion): either every target
/// is replaced or none is. When a rename fails, the targets already replaced are restored from
/// hard-link backups, and OutputError says that the previous files are intact. Termination
/// signals are held during the sequence so that it is never cut in the middle.
void commit_together(const std::vector<AtomicOutput*>& outputs);

/// Every temporary file currently open, so that a signal handler can remove them.
void remove_pending_outputs() noexcept;

} // namespace tecsmap
