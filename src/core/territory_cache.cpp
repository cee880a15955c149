#include "territory_cache.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"
#include "gdal_handles.hpp"
#include "geos_handles.hpp"
#include "parallel.hpp"
#include "paths.hpp"
#include "run_info.hpp"
#include "sha256.hpp"
#include "territory_serial.hpp"

#include <geos_c.h>
#include <proj.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace tecsmap {

namespace {

// Header: magic, format version, reserved, key (hex), payload size, payload SHA-256 (hex).
constexpr char kMagic[8] = {'T', 'E', 'C', 'S', 'T', 'E', 'R', 'R'};
constexpr std::size_t kHexSize = 64;
constexpr std::size_t kHeaderSize = 8 + 4 + 4 + kHexSize + 8 + kHexSize;

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    return v;
}

// The territory section of the study: what names the cache file.
std::string slot_text(const Study& study) {
    std::string s = "departements=";
    for (const std::string& d : study.departements)
        s += d + ",";
    s += "\ncommunes=";
    if (study.communes) {
        const LayerSource& c = *study.communes;
        s += c.path + "|" + c.layer + "|" + c.crs + "|" + c.sql;
        for (const auto& [role, column] : c.columns)
            s += "|" + role + "=" + column;
    }
    s += "\ncode_field=" + study.communes_code_field + "\nctg=" + study.ctg + "\n";
    return s;
}

// The files a vector source consists of: the file and its companions of the same stem (a
// shapefile's .shx/.dbf/.prj/.cpg), or every file of a directory. Empty when the source is not
// on the file system (a database).
std::vector<std::string> source_files(const std::string& path) {
    std::error_code ec;
    std::vector<std::string> out;
    if (fs::is_regular_file(path, ec)) {
        const fs::path p(path);
        for (const fs::directory_entry& e : fs::directory_iterator(p.parent_path(), ec))
            if (e.is_regular_file(ec) && e.path().stem() == p.stem())
                out.push_back(e.path().string());
    } else if (fs::is_directory(path, ec)) {
        for (const fs::directory_entry& e : fs::directory_iterator(path, ec))
            if (e.is_regular_file(ec))
                out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// "path sha256" lines for files, hashed on all cores; nullopt when one cannot be read.
std::optional<std::string> hash_lines(const std::string& tag,
                                      const std::vector<std::string>& paths) {
    std::vector<std::optional<std::string>> hashes(paths.size());
    parallel_for(paths.size(), [&](std::size_t i) { hashes[i] = sha256_file(paths[i]); });
    std::string out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        if (!hashes[i])
            return std::nullopt;
        out += tag + " " + paths[i] + " " + *hashes[i] + "\n";
    }
    return out;
}

std::string versions_text() {
    return std::string("format=") + std::to_string(kTerritoryCacheFormat) +
           "\ntecsmap=" + tecsmap_version() + "\ngeos=" + GEOSversion() +
           "\ngdal=" + GDALVersionInfo("RELEASE_NAME") + "\nproj=" + proj_info().version + "\n";
}

// A file mapped read-only (MAP_POPULATE: the pages come from the page cache in one go, no
// copy). A cache file replaced meanwhile by another run (rename) stays mapped as it was.
class MappedFile {
public:
    explicit MappedFile(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return;
        exists_ = true;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ,
                             MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) {
                data_ = p;
                size_ = static_cast<std::size_t>(st.st_size);
            }
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (data_)
            ::munmap(data_, size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    bool exists() const noexcept { return exists_; }
    std::string_view bytes() const noexcept {
        return data_ ? std::string_view(static_cast<const char*>(data_), size_)
                     : std::string_view();
    }

private:
    bool exists_ = false;
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

void prepend(Diagnostics first, Territory& territory) {
    first.append(territory.diagnostics);
    territory.diagnostics = std::move(first);
}

} // namespace

TerritoryCacheSettings TerritoryCacheSettings::from_environment() {
    TerritoryCacheSettings s;
    s.dir = cache_dir() + "/territory";
    s.enabled = env("TECSMAP_NO_CACHE") != "1";
    return s;
}

std::optional<TerritoryCacheKey> territory_cache_key(const Study& study, const Cog& cog,
                                                     const std::vector<BoundaryFile>& files) {
    TerritoryCacheKey k;
    const std::string slot = slot_text(study);
    k.slot = sha256_bytes(slot.data(), slot.size());
    k.text =
        "tecsmap territory cache\n" + versions_text() + slot + "cog " + cog.content_digest() + "\n";
    if (study.communes) {
        const std::vector<std::string> paths = source_files(study.communes->path);
        if (paths.empty())
            return std::nullopt;
        auto lines = hash_lines("communes", paths);
        if (!lines)
            return std::nullopt;
        k.text += *lines;
    } else {
        std::vector<std::string> unverified;
        for (const BoundaryFile& f : files) {
            if (f.sha256.empty())
                unverified.push_back(f.path);
            else
                k.text += "boundary " + f.path + " " + f.sha256 + "\n";
        }
        auto lines = hash_lines("boundary", unverified);
        if (!lines)
            return std::nullopt;
        k.text += *lines;
    }
    if (!study.ctg.empty()) {
        auto line = hash_lines("ctg", {study.ctg});
        if (!line)
            return std::nullopt;
        k.text += *line;
    }
    k.key = sha256_bytes(k.text.data(), k.text.size());
    return k;
}

std::string territory_cache_file(const std::string& dir, const TerritoryCacheKey& key) {
    return dir + "/territoire-" + key.slot.substr(0, 32) + ".bin";
}

void save_territory_cache(const std::string& file, const std::string& key,
                          const Territory& territory, std::size_t first_diagnostic,
                          WkbThreads threads) {
    if (key.size() != kHexSize)
        throw OutputError("clé de cache du territoire invalide");
    std::error_code ec;
    fs::create_directories(fs::path(file).parent_path(), ec);
    AtomicOutput out(file);
    {
        // The payload is streamed (about 1 MiB at a time, hashed as it goes) after a blank
        // header, which is written last, once its size and checksum are known: the whole
        // payload is never in memory (about 55 MiB nationally).
        std::ofstream f(out.temp_path(), std::ios::binary | std::ios::trunc);
        const std::string blank(kHeaderSize, '\0');
        f.write(blank.data(), static_cast<std::streamsize>(blank.size()));
        const auto failed = [&file] {
            return OutputError(file + " : écriture du cache du territoire impossible");
        };
        if (!f)
            throw failed();
        Sha256 checksum;
        std::uint64_t size = 0;
        encode_territory(
            territory,
            [&](std::string_view chunk) {
                checksum.update(chunk.data(), chunk.size());
                size += chunk.size();
                f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
                if (!f) // a full disk: stop encoding (the temporary file is removed)
                    throw failed();
            },
            first_diagnostic, threads);
        std::string header(kMagic, sizeof kMagic);
        put_u32(header, kTerritoryCacheFormat);
        put_u32(header, 0);
        header += key;
        put_u64(header, size);
        header += checksum.hex_digest();
        f.seekp(0);
        f.write(header.data(), static_cast<std::streamsize>(header.size()));
        f.close();
        if (!f)
            throw failed();
    }
    out.commit();
}

TerritoryCacheRead load_territory_cache(const std::string& file, const std::string& key) {
    using Status = TerritoryCacheRead::Status;
    TerritoryCacheRead r;
    const MappedFile mapped(file);
    const std::string_view data = mapped.bytes();
    if (!mapped.exists())
        return r;
    auto fail = [&r](Status status, std::string why) {
        r.status = status;
        r.why = std::move(why);
        return std::move(r);
    };
    if (data.size() < kHeaderSize)
        return fail(Status::Corrupt, "fichier tronqué (en-tête incomplet)");
    if (std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
        return fail(Status::Corrupt, "ce n'est pas un cache de territoire tecsmap");
    const std::uint64_t format = get_le(data, 8, 4);
    if (format != kTerritoryCacheFormat)
        return fail(Status::Stale, "format " + std::to_string(format) + " au lieu de " +
                                       std::to_string(kTerritoryCacheFormat));
    if (data.compare(16, kHexSize, key) != 0)
        return fail(Status::Stale, "entrées ou versions modifiées depuis sa création");
    const std::uint64_t size = get_le(data, 16 + kHexSize, 8);
    if (size != data.size() - kHeaderSize)
        return fail(Status::Corrupt, "fichier tronqué ou de taille inattendue (" +
                                         std::to_string(data.size() - kHeaderSize) +
                                         " octets de données au lieu de " + std::to_string(size) +
                                         ")");
    const std::string_view payload(data.data() + kHeaderSize, data.size() - kHeaderSize);
    if (data.compare(16 + kHexSize + 8, kHexSize, sha256_bytes(payload.data(), payload.size())) !=
        0)
        return fail(Status::Corrupt, "somme de contrôle SHA-256 incorrecte");
    try {
        r.territory = decode_territory(payload);
    } catch (const std::exception& e) {
        return fail(Status::Corrupt, std::string("données illisibles : ") + e.what());
    }
    r.status = Status::Loaded;
    return r;
}

CachedTerritory::~CachedTerritory() {
    finish();
}

Territory CachedTerritory::take() {
    finish();
    // Only this object holds the territory now (the writer has let go of it): moved out, not
    // copied. Otherwise a copy, since a caller of territory() still holds it.
    if (!territory_)
        throw std::logic_error("CachedTerritory::take : territoire déjà pris");
    std::shared_ptr<Territory> held = std::move(territory_);
    if (held.use_count() == 1)
        return std::move(*held);
    return decode_territory(encode_territory(*held));
}

void CachedTerritory::finish() noexcept {
    if (!write_.valid())
        return;
    try {
        const std::string error = write_.get();
        if (report_) {
            report_->stored = error.empty();
            if (!error.empty()) // else keep why a stale or corrupt file was rebuilt
                report_->reason = error;
        }
    } catch (...) {
        if (report_)
            report_->stored = false; // out of memory for the message itself
    }
}

CachedTerritory obtain_territory_cached(const Study& study, const Cog& cog,
                                        const BoundaryOptions& boundaries, Feedback* feedback,
                                        bool write_in_background, TerritoryCacheReport* report,
                                        const TerritoryCacheSettings& settings) {
    using Outcome = TerritoryCacheReport::Outcome;
    TerritoryCacheReport local;
    TerritoryCacheReport& rep = report ? *report : local;
    rep = {};
    CachedTerritory out;
    out.report_ = report;
    if (!settings.enabled) {
        rep.outcome = Outcome::Disabled;
        out.territory_ =
            std::make_shared<Territory>(build_territory(study, cog, boundaries, feedback));
        return out;
    }
    gdal::init();
    feedback_begin(feedback, "lecture des communes");
    Diagnostics obtained;
    const std::vector<BoundaryFile> files =
        study.communes ? std::vector<BoundaryFile>{}
                       : obtain_commune_boundaries(study.departements, boundaries, obtained);
    const std::optional<TerritoryCacheKey> key = territory_cache_key(study, cog, files);
    if (!key) {
        rep.outcome = Outcome::Uncacheable;
        rep.reason =
            "source des communes hors du système de fichiers : territoire non mis en cache";
        Territory t = build_territory_from_files(study, cog, files, feedback);
        prepend(std::move(obtained), t);
        out.territory_ = std::make_shared<Territory>(std::move(t));
        return out;
    }
    rep.file = territory_cache_file(settings.dir, *key);
    TerritoryCacheRead read = load_territory_cache(rep.file, key->key);
    if (read.status == TerritoryCacheRead::Status::Loaded) {
        rep.outcome = Outcome::Hit;
        // Unplanned stage: shown by the progress output, which is how users see the cache.
        feedback_begin(feedback, "territoire lu du cache");
        feedback_begin(feedback, "voisinage des communes");
        prepend(std::move(obtained), *read.territory);
        out.territory_ = std::make_shared<Territory>(std::move(*read.territory));
        return out;
    }
    rep.outcome =
        read.status == TerritoryCacheRead::Status::Absent ? Outcome::Built : Outcome::Rebuilt;
    rep.reason = read.why;
    if (read.status == TerritoryCacheRead::Status::Corrupt)
        obtained.warn("territory_cache_corrupt",
                      "cache du territoire inutilisable (" + read.why +
                          ") : territoire reconstruit et cache remplacé",
                      rep.file);
    Territory built = build_territory_from_files(study, cog, files, feedback);
    // The messages of obtaining the boundary files (and of a corrupt cache) are this run's:
    // given to the caller, not stored in the cache (a run reading it back adds its own).
    const std::size_t run_messages = obtained.items().size();
    prepend(std::move(obtained), built);
    out.territory_ = std::make_shared<Territory>(std::move(built));
    // The file is written from the territory the caller gets. A cache that cannot be written
    // (read-only home, full disk) never fails a run: its error only goes to the report.
    auto write = [territory = out.territory_, file = rep.file, k = key->key, run_messages,
                  background = write_in_background]() -> std::string {
        try {
            save_territory_cache(file, k, *territory, run_messages,
                                 background ? WkbThreads::One : WkbThreads::All);
            return {};
        } catch (const std::exception& e) {
            return e.what();
        } catch (...) {
            return "écriture du cache du territoire impossible";
        }
    };
    if (write_in_background) {
        // GEOS fills some caches of a geometry on first use (envelopes, coordinate
        // dimension): filled here, so that the writer and the caller's threads only read.
        for (const Commune& c : out.territory_->communes)
            geos::settle_for_threads(c.geometry.get());
        for (const Epci& e : out.territory_->epcis)
            geos::settle_for_threads(e.geometry.get());
        for (const Ctg& c : out.territory_->ctgs)
            geos::settle_for_threads(c.geometry.get());
        geos::settle_for_threads(out.territory_->outline.get());
        try {
            out.write_ = std::async(std::launch::async, write);
            feedback_begin(feedback, "territoire mis en cache (écriture en arrière-plan)");
            return out;
        } catch (const std::system_error&) {
            // No thread to be had: written here instead, as when one thread is allowed.
        }
    }
    feedback_begin(feedback, "territoire mis en cache");
    out.write_ = std::async(std::launch::deferred, write);
    out.finish();
    return out;
}

Territory build_territory_cached(const Study& study, const Cog& cog,
                                 const BoundaryOptions& boundaries, Feedback* feedback,
                                 TerritoryCacheReport* report,
                                 const TerritoryCacheSettings& settings) {
    CachedTerritory cached =
        obtain_territory_cached(study, cog, boundaries, feedback, false, report, settings);
    return cached.take();
}

} // namespace tecsmap
