#include "atomic_output.hpp"

#include "errors.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <vector>

namespace fs = std::filesystem;

namespace tecsmap {

namespace {
// The temporary file and its SQLite companions. Built with += : GCC 12 warns falsely
// (-Wrestrict, bug 105329) on `string + const char*` here.
std::vector<std::string> companions(const std::string& temp) {
    std::vector<std::string> out;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::string p = temp;
        p += suffix;
        out.push_back(std::move(p));
    }
    return out;
}
std::mutex pending_mutex;
std::set<std::string>& pending() {
    static std::set<std::string> p;
    return p;
}
} // namespace

AtomicOutput::AtomicOutput(std::string target)
    : target_(std::move(target)) {
    const fs::path t = fs::absolute(target_);
    const fs::path dir = t.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw OutputError(target_ + " : le répertoire de destination " + dir.string() +
                          " n'existe pas");
    if (::access(dir.c_str(), W_OK) != 0)
        throw OutputError(target_ + " : pas de droit d'écriture dans " + dir.string());
    if (fs::exists(t, ec) && ::access(t.c_str(), W_OK) != 0)
        throw OutputError(target_ + " : fichier existant en lecture seule, non remplacé");
    // Same directory (so rename is atomic), same extension (so GDAL picks the same driver).
    temp_ = (dir / ("." + t.stem().string() + ".tmp-" + std::to_string(::getpid()) +
                    t.extension().string()))
                .string();
    fs::remove(temp_, ec);
    // SQLite (GeoPackage) writes companion files beside the temporary one; they are registered
    // now so that the signal handler only unlinks, never allocates.
    std::lock_guard lock(pending_mutex);
    for (const std::string& p : companions(temp_))
        pending().insert(p);
}

AtomicOutput::~AtomicOutput() noexcept {
    if (committed_)
        return;
    std::error_code ec;
    fs::remove(temp_, ec);
    std::lock_guard lock(pending_mutex);
    for (const std::string& p : companions(temp_)) {
        fs::remove(p, ec);
        pending().erase(p);
    }
}

void AtomicOutput::commit() {
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec)
        throw OutputError(target_ + " : remplacement impossible (" + ec.message() +
                          ") ; le fichier précédent est intact");
    committed_ = true;
    std::lock_guard lock(pending_mutex);
    for (const std::string& p : companions(temp_))
        pending().erase(p);
}

void remove_pending_outputs() noexcept {
    // Called from a signal handler: unlink is async-signal-safe; the set is not locked because
    // the process is about to exit.
    for (const std::string& p : pending())
        ::unlink(p.c_str());
}

} // namespace tecsmap
