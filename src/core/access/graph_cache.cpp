#include "graph_cache.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"
#include "paths.hpp"
#include "sha256.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tecsmap::access {

namespace fs = std::filesystem;

namespace {

constexpr char magic[8] = {'T', 'M', 'R', 'O', 'A', 'D', 'S', '\n'};
constexpr std::size_t digest_chars = 64;

std::string number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

/// Writes fields and arrays to a file, hashing every byte.
class Writer {
public:
    explicit Writer(std::ofstream& out)
        : out_(out) {}
    void raw(const void* p, std::size_t n) {
        out_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
        hash_.update(p, n);
    }
    template <typename T> void put(const T& v) { raw(&v, sizeof(T)); }
    template <typename T> void put_array(const std::vector<T>& v) {
        put<std::uint64_t>(v.size());
        raw(v.data(), v.size() * sizeof(T));
    }
    void put_string(const std::string& s) {
        put<std::uint64_t>(s.size());
        raw(s.data(), s.size());
    }
    std::string digest() { return hash_.hex_digest(); }

private:
    std::ofstream& out_;
    Sha256 hash_;
};

/// Reads the body of a cache file (everything before the trailing digest), hashing every byte.
/// Bounds-checked: a length that does not fit in what is left makes the whole file invalid.
class Reader {
public:
    Reader(std::ifstream& in, std::uint64_t body)
        : in_(in)
        , left_(body) {}
    bool raw(void* p, std::uint64_t n) {
        if (n > left_ || !in_.read(static_cast<char*>(p), static_cast<std::streamsize>(n)))
            return false;
        hash_.update(p, n);
        left_ -= n;
        return true;
    }
    template <typename T> bool get(T& v) { return raw(&v, sizeof(T)); }
    template <typename T> bool get_array(std::vector<T>& v, std::uint64_t expected) {
        std::uint64_t n = 0;
        if (!get(n) || n != expected || n > left_ / sizeof(T))
            return false;
        v.resize(n);
        return raw(v.data(), n * sizeof(T));
    }
    bool get_string(std::string& s) {
        std::uint64_t n = 0;
        if (!get(n) || n > left_ || n > 4096)
            return false;
        s.resize(n);
        return raw(s.data(), n);
    }
    bool at_end() const { return left_ == 0; }
    std::string digest() { return hash_.hex_digest(); }

private:
    std::ifstream& in_;
    std::uint64_t left_;
    Sha256 hash_;
};

bool valid_csr(const Csr& c, std::size_t n) {
    if (c.offsets.size() != n + 1 || c.offsets.front() != 0 ||
        c.offsets.back() != c.targets.size() || c.minutes.size() != c.targets.size())
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (c.offsets[i] > c.offsets[i + 1])
            return false;
    for (std::size_t e = 0; e < c.targets.size(); ++e)
        if (c.targets[e] >= n || !std::isfinite(c.minutes[e]) || c.minutes[e] < 0)
            return false;
    return true;
}

} // namespace

std::string extract_sha256(const std::string& path, const std::string& memo_dir) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw InputError(path, "fichier de routes OpenStreetMap introuvable ou illisible");
    const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
    const std::string absolute = fs::absolute(path, ec).string();
    const std::string stamp = std::to_string(size) + " " + std::to_string(mtime) + " " + absolute;
    const std::string memo =
        (fs::path(memo_dir) /
         ("extract-" + sha256_bytes(absolute.data(), absolute.size()) + ".sha256"))
            .string();
    {
        std::ifstream in(memo);
        std::string line, hash;
        if (std::getline(in, line) && line == stamp && std::getline(in, hash) && hash.size() == 64)
            return hash;
    }
    const auto hash = sha256_file(path);
    if (!hash)
        throw InputError(path, "fichier de routes OpenStreetMap illisible");
    try {
        fs::create_directories(memo_dir, ec);
        AtomicOutput out(memo);
        {
            std::ofstream f(out.temp_path());
            f << stamp << '\n' << *hash << '\n';
            if (!f)
                throw OutputError("mémo d'empreinte non écrit");
        }
        out.commit();
    } catch (const Error&) {
        // A memo that cannot be written only costs a re-hash next time.
    }
    return *hash;
}

std::string graph_cache_key(const RoadGraphParams& p, const std::string& extract_sha) {
    const geos::Envelope box = keep_box(p);
    std::ostringstream canon;
    canon << "tecsmap-road-graph v" << graph_cache_version << "\nextract " << extract_sha
          << "\ncrs " << p.crs << "\nmargin_km " << number(p.margin_km) << "\nbox "
          << number(box.minx) << ' ' << number(box.miny) << ' ' << number(box.maxx) << ' '
          << number(box.maxy) << "\nspeeds";
    for (const auto& [k, v] : p.speeds_kmh)
        canon << ' ' << k << '=' << number(v);
    const std::string s = canon.str();
    return sha256_bytes(s.data(), s.size());
}

void save_graph_cache(const RoadGraph& g, const std::string& key, const std::string& path) {
    AtomicOutput out(path);
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        Writer w(f);
        w.raw(magic, sizeof magic);
        w.put<std::uint32_t>(graph_cache_version);
        w.put_string(key);
        w.put_string(g.crs);
        w.put<std::uint64_t>(g.node_count());
        w.put<std::uint64_t>(g.edge_count());
        w.put_array(g.xy);
        w.put_array(g.osm_id);
        w.put_array(g.forward.offsets);
        w.put_array(g.forward.targets);
        w.put_array(g.forward.minutes);
        const RoadGraphStats& s = g.stats;
        for (std::uint64_t v : {s.ways_read, s.ways_not_routable, s.ways_outside, s.ways_kept,
                                s.nodes_missing, s.nodes_before_scc, s.edges_before_scc})
            w.put(v);
        const std::string digest = w.digest();
        f.write(digest.data(), static_cast<std::streamsize>(digest.size()));
        f.close();
        if (!f)
            throw OutputError(path + " : écriture du cache du graphe routier impossible");
    }
    out.commit();
}

std::optional<RoadGraph> load_graph_cache(const std::string& path, const std::string& key,
                                          std::string* why_not) {
    auto fail = [&](const std::string& why) -> std::optional<RoadGraph> {
        if (why_not)
            *why_not = why;
        return std::nullopt;
    };
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in)
        return fail("pas de cache");
    if (size < sizeof magic + digest_chars)
        return fail("cache tronqué");
    // The fields are read as they come (bounds-checked) and trusted only once the digest of
    // everything read equals the trailing one.
    Reader r(in, size - digest_chars);
    char file_magic[sizeof magic];
    std::uint32_t version = 0;
    std::string file_key;
    RoadGraph g;
    std::uint64_t n = 0, m = 0;
    RoadGraphStats& s = g.stats;
    bool ok = r.raw(file_magic, sizeof magic) && std::memcmp(file_magic, magic, sizeof magic) == 0;
    if (!ok)
        return fail("fichier qui n'est pas un cache de graphe routier");
    if (!r.get(version) || version != graph_cache_version)
        return fail("cache d'une autre version");
    ok = r.get_string(file_key) && r.get_string(g.crs) && r.get(n) && r.get(m) &&
         n < 0xFFFFFFFFull && m < 0xFFFFFFFFull && r.get_array(g.xy, n) &&
         r.get_array(g.osm_id, n) && r.get_array(g.forward.offsets, n + 1) &&
         r.get_array(g.forward.targets, m) && r.get_array(g.forward.minutes, m);
    for (std::uint64_t* v : {&s.ways_read, &s.ways_not_routable, &s.ways_outside, &s.ways_kept,
                             &s.nodes_missing, &s.nodes_before_scc, &s.edges_before_scc})
        ok = ok && r.get(*v);
    ok = ok && r.at_end();
    std::string trailer(digest_chars, '\0');
    if (!ok || !in.read(trailer.data(), static_cast<std::streamsize>(digest_chars)) ||
        trailer != r.digest())
        return fail("cache corrompu ou tronqué (somme de contrôle fausse)");
    if (file_key != key)
        return fail("cache d'un autre extrait ou d'autres paramètres");
    if (!valid_csr(g.forward, n))
        return fail("cache incohérent");
    g.finish();
    return g;
}

CachedRoadGraph load_or_build_road_graph(const RoadGraphParams& params, Feedback* feedback,
                                         std::string cache_directory) {
    if (cache_directory.empty())
        cache_directory = (fs::path(cache_dir()) / "roads").string();
    std::error_code ec;
    if (!fs::is_regular_file(params.roads_path, ec))
        throw InputError(params.roads_path, "fichier de routes OpenStreetMap introuvable");
    CachedRoadGraph out;
    out.extract_sha256 = extract_sha256(params.roads_path, cache_directory);
    out.key = graph_cache_key(params, out.extract_sha256);
    out.cache_file = (fs::path(cache_directory) / ("graph-" + out.key + ".bin")).string();
    feedback_check(feedback);
    std::string why;
    if (auto cached = load_graph_cache(out.cache_file, out.key, &why)) {
        out.graph = std::move(*cached);
        out.from_cache = true;
        return out;
    }
    if (why != "pas de cache")
        out.cache_note = out.cache_file + " : " + why + ", graphe reconstruit";
    out.graph = build_road_graph(params, feedback);
    try {
        fs::create_directories(cache_directory, ec);
        save_graph_cache(out.graph, out.key, out.cache_file);
    } catch (const Error& e) {
        out.cache_note += (out.cache_note.empty() ? "" : " ; ") + std::string(e.what());
    }
    return out;
}

} // namespace tecsmap::access
