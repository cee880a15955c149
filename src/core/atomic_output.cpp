#include "atomic_output.hpp"

#include "errors.hpp"

#include <csignal>
#include <pthread.h>
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
    // Built with += : GCC 12 warns falsely (-Wrestrict, bug 105329) on `"." + string`.
    std::string temp_name = ".";
    temp_name += t.stem().string();
    temp_name += ".tmp-";
    temp_name += std::to_string(::getpid());
    temp_name += t.extension().string();
    // SQLite adds "-journal" to the temporary name; the backup of commit_together() uses a
    // name of the same length. Both must fit the file system's limit on a name.
    const long name_max = ::pathconf(dir.c_str(), _PC_NAME_MAX);
    const std::size_t limit = name_max > 0 ? static_cast<std::size_t>(name_max) : 255;
    const std::size_t longest = temp_name.size() + std::string("-journal").size();
    if (longest > limit) {
        const std::size_t name = t.filename().string().size();
        const std::size_t excess = longest - limit;
        throw OutputError(target_ + " : nom de fichier trop long pour une écriture sûre (" +
                          std::to_string(name) + " octets ; au plus " +
                          std::to_string(name > excess ? name - excess : 0) + " octets)");
    }
    temp_ = (dir / temp_name).string();
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

namespace {

// Holds INT, TERM, HUP and PIPE for its lifetime (delivered when it ends).
class SignalHold {
public:
    SignalHold() {
        sigset_t set;
        sigemptyset(&set);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
            sigaddset(&set, sig);
        pthread_sigmask(SIG_BLOCK, &set, &previous_);
    }
    ~SignalHold() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    SignalHold(const SignalHold&) = delete;
    SignalHold& operator=(const SignalHold&) = delete;

private:
    sigset_t previous_;
};

std::string backup_name(const std::string& temp) {
    std::string b = temp;
    const auto at = b.rfind(".tmp-");
    if (at != std::string::npos)
        b.replace(at, 5, ".bak-");
    return b;
}

} // namespace

void commit_together(const std::vector<AtomicOutput*>& outputs) {
    const SignalHold hold;
    struct Done {
        AtomicOutput* out;
        std::string backup; ///< empty when the target did not exist
    };
    std::vector<Done> done;
    auto restore = [&] {
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
            std::error_code ec;
            if (it->backup.empty())
                fs::remove(it->out->target(), ec);
            else
                fs::rename(it->backup, it->out->target(), ec);
        }
    };
    for (AtomicOutput* out : outputs) {
        std::string backup;
        std::error_code ec;
        if (fs::exists(out->target(), ec)) {
            backup = backup_name(out->temp_path());
            fs::remove(backup, ec);
            if (::link(out->target().c_str(), backup.c_str()) != 0) {
                restore();
                throw OutputError(out->target() +
                                  " : sauvegarde du fichier précédent impossible ; les fichiers "
                                  "précédents sont intacts");
            }
        }
        try {
            out->commit();
        } catch (const OutputError&) {
            if (!backup.empty())
                fs::remove(backup, ec);
            restore();
            throw OutputError(out->target() +
                              " : remplacement impossible ; les fichiers précédents sont intacts");
        }
        done.push_back({out, backup});
    }
    for (const Done& d : done) {
        std::error_code ec;
        if (!d.backup.empty())
            fs::remove(d.backup, ec);
    }
}

void remove_pending_outputs() noexcept {
    // Called from a signal handler: unlink is async-signal-safe; the set is not locked because
    // the process is about to exit.
    for (const std::string& p : pending())
        ::unlink(p.c_str());
}

} // namespace tecsmap
