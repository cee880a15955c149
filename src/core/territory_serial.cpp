#include "territory_serial.hpp"

#include "errors.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>

namespace tecsmap {

namespace {

// Little-endian fixed-width integers and raw IEEE doubles: the cache is read back on the
// machine that wrote it, but a fixed byte order keeps the format defined anyway. The bytes are
// handed to a sink in chunks of about kChunk bytes.
class ByteWriter {
public:
    using Sink = std::function<void(std::string_view)>;
    explicit ByteWriter(Sink sink)
        : sink_(std::move(sink)) {
        out_.reserve(2 * kChunk);
    }
    void u8(std::uint8_t v) {
        out_.push_back(static_cast<char>(v));
        spill();
    }
    void u64(std::uint64_t v) {
        char b[8];
        for (int i = 0; i < 8; ++i)
            b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        out_.append(b, 8);
        spill();
    }
    void i64(long long v) { u64(static_cast<std::uint64_t>(v)); }
    void f64(double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        u64(bits);
    }
    void bytes(std::string_view s) {
        u64(s.size());
        out_.append(s.data(), s.size());
        spill();
    }
    void index_list(const std::vector<std::size_t>& v) {
        u64(v.size());
        for (std::size_t i : v)
            u64(i);
    }
    void string_list(const std::vector<std::string>& v) {
        u64(v.size());
        for (const std::string& s : v)
            bytes(s);
    }
    /// Hands the bytes not yet given to the sink.
    void flush() {
        if (!out_.empty())
            sink_(out_);
        out_.clear();
    }

private:
    static constexpr std::size_t kChunk = std::size_t{1} << 20;
    void spill() {
        if (out_.size() >= kChunk)
            flush();
    }
    Sink sink_;
    std::string out_;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in)
        : in_(in) {}
    std::uint8_t u8() { return static_cast<std::uint8_t>(*need(1)); }
    std::uint64_t u64() {
        const char* p = need(8);
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        return v;
    }
    long long i64() { return static_cast<long long>(u64()); }
    double f64() {
        const std::uint64_t bits = u64();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    std::string_view bytes() {
        const std::uint64_t n = u64();
        return std::string_view(need(n), n);
    }
    std::string string() { return std::string(bytes()); }
    /// A count of items each at least `min_size` bytes long: bounded by what is left, so a
    /// corrupt count cannot make us reserve gigabytes.
    std::size_t count(std::size_t min_size) {
        const std::uint64_t n = u64();
        if (n > (in_.size() - pos_) / min_size)
            throw TerritoryPayloadError("nombre d'éléments incohérent");
        return static_cast<std::size_t>(n);
    }
    std::vector<std::size_t> index_list(std::size_t bound) {
        std::vector<std::size_t> v(count(8));
        for (std::size_t& i : v) {
            i = static_cast<std::size_t>(u64());
            if (i >= bound)
                throw TerritoryPayloadError("indice hors limites");
        }
        return v;
    }
    std::vector<std::string> string_list() {
        std::vector<std::string> v(count(8));
        for (std::string& s : v)
            s = string();
        return v;
    }
    bool at_end() const noexcept { return pos_ == in_.size(); }

private:
    const char* need(std::uint64_t n) {
        if (n > in_.size() - pos_)
            throw TerritoryPayloadError("données tronquées");
        const char* p = in_.data() + pos_;
        pos_ += static_cast<std::size_t>(n);
        return p;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
};

struct WkbWriterDeleter {
    void operator()(GEOSWKBWriter* w) const noexcept { GEOSWKBWriter_destroy_r(geos::ctx(), w); }
};
struct WkbReaderDeleter {
    void operator()(GEOSWKBReader* r) const noexcept { GEOSWKBReader_destroy_r(geos::ctx(), r); }
};
struct GeosBufferDeleter {
    void operator()(unsigned char* p) const noexcept { GEOSFree_r(geos::ctx(), p); }
};

// WKB of a geometry (empty string for none), keeping a Z coordinate when there is one.
std::string to_wkb(const GEOSGeometry* g) {
    if (!g)
        return {};
    thread_local std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter> writer = [] {
        std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter> w(GEOSWKBWriter_create_r(geos::ctx()));
        GEOSWKBWriter_setOutputDimension_r(geos::ctx(), w.get(), 3);
        GEOSWKBWriter_setByteOrder_r(geos::ctx(), w.get(), GEOS_WKB_NDR);
        return w;
    }();
    std::size_t size = 0;
    std::unique_ptr<unsigned char, GeosBufferDeleter> buf(
        GEOSWKBWriter_write_r(geos::ctx(), writer.get(), g, &size));
    if (!buf)
        throw GeometryError("écriture WKB impossible : " + geos::last_error());
    return std::string(reinterpret_cast<const char*>(buf.get()), size);
}

geos::GeomPtr from_wkb(std::string_view wkb) {
    if (wkb.empty())
        return nullptr;
    thread_local std::unique_ptr<GEOSWKBReader, WkbReaderDeleter> reader(
        GEOSWKBReader_create_r(geos::ctx()));
    GEOSGeometry* g = GEOSWKBReader_read_r(
        geos::ctx(), reader.get(), reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
    if (!g)
        throw TerritoryPayloadError("géométrie WKB illisible : " + geos::last_error());
    return geos::GeomPtr(g);
}

// Every geometry of the territory in a fixed order: communes, EPCIs, CTGs, the outline.
std::vector<const GEOSGeometry*> geometries_of(const Territory& t) {
    std::vector<const GEOSGeometry*> out;
    out.reserve(t.communes.size() + t.epcis.size() + t.ctgs.size() + 1);
    for (const Commune& c : t.communes)
        out.push_back(c.geometry.get());
    for (const Epci& e : t.epcis)
        out.push_back(e.geometry.get());
    for (const Ctg& c : t.ctgs)
        out.push_back(c.geometry.get());
    out.push_back(t.outline.get()); // none in a territory assembled by hand
    return out;
}

// The payload, field after field; `wkb(i)` is the WKB of the i-th of geometries_of(t).
void encode_into(const Territory& t, const std::function<std::string(std::size_t)>& wkb,
                 std::size_t first_diagnostic, ByteWriter& w) {
    std::size_t next = 0;
    w.bytes(t.crs);
    w.string_list(t.departements);
    w.u64(t.communes.size());
    for (const Commune& c : t.communes) {
        w.bytes(c.insee);
        w.bytes(c.nom);
        w.bytes(c.departement);
        w.i64(c.population);
        w.bytes(c.epci_siren);
        w.u64(c.ctg);
        w.f64(c.representative.x);
        w.f64(c.representative.y);
        w.f64(c.area_m2);
        w.string_list(c.source_codes);
        w.bytes(wkb(next++));
    }
    // Neighbour lists, parallel to the communes (none in a territory assembled by hand).
    w.u64(t.neighbours.size());
    for (const std::vector<std::size_t>& list : t.neighbours)
        w.index_list(list);
    w.u64(t.epcis.size());
    for (const Epci& e : t.epcis) {
        w.bytes(e.siren);
        w.bytes(e.nom);
        w.i64(e.population);
        w.index_list(e.communes);
        w.bytes(wkb(next++));
    }
    w.u64(t.ctgs.size());
    for (const Ctg& c : t.ctgs) {
        w.bytes(c.code);
        w.bytes(c.name);
        w.i64(c.population);
        w.index_list(c.communes);
        w.string_list(c.epcis);
        w.bytes(wkb(next++));
    }
    w.bytes(wkb(next++)); // the outline
    w.u64(t.missing.size());
    for (const MissingCommune& m : t.missing) {
        w.bytes(m.insee);
        w.bytes(m.nom);
        w.i64(m.population);
    }
    const std::vector<Diagnostic>& diagnostics = t.diagnostics.items();
    first_diagnostic = std::min(first_diagnostic, diagnostics.size());
    w.u64(diagnostics.size() - first_diagnostic);
    for (std::size_t i = first_diagnostic; i < diagnostics.size(); ++i) {
        const Diagnostic& d = diagnostics[i];
        w.u8(static_cast<std::uint8_t>(d.severity));
        w.bytes(d.code);
        w.bytes(d.message);
        w.bytes(d.file);
        w.bytes(d.location);
    }
}

} // namespace

std::string encode_territory(const Territory& t) {
    std::string out;
    encode_territory(
        t, [&out](std::string_view chunk) { out.append(chunk); }, 0, WkbThreads::All);
    return out;
}

void encode_territory(const Territory& t, const std::function<void(std::string_view)>& sink,
                      std::size_t first_diagnostic, WkbThreads threads) {
    const std::vector<const GEOSGeometry*> geoms = geometries_of(t);
    ByteWriter w(sink);
    if (threads == WkbThreads::One) {
        encode_into(t, [&](std::size_t i) { return to_wkb(geoms[i]); }, first_diagnostic, w);
    } else {
        // The WKB of a window of geometries at a time, made on all cores: nationally a window
        // of communes is a few MiB (one of EPCI or CTG polygons more, still far from the
        // whole payload).
        constexpr std::size_t kWindow = 1024;
        std::vector<std::string> window;
        std::size_t window_start = 0;
        auto wkb = [&](std::size_t i) {
            if (i < window_start) // encode_into asks for each geometry once, in order
                throw std::logic_error("encode_territory : géométries demandées dans le désordre");
            if (window.empty() || i >= window_start + window.size()) {
                window_start = i;
                window.assign(std::min(kWindow, geoms.size() - i), std::string());
                parallel_for(window.size(),
                             [&](std::size_t k) { window[k] = to_wkb(geoms[window_start + k]); });
            }
            return std::move(window[i - window_start]);
        };
        encode_into(t, wkb, first_diagnostic, w);
    }
    w.flush();
}

Territory decode_territory(std::string_view payload) {
    ByteReader r(payload);
    Territory t;
    std::vector<std::string_view> wkb;
    // Smallest encodings of one item, to bound the counts read from the payload.
    constexpr std::size_t kMinCommune = 8 * 12, kMinEpci = 8 * 5, kMinCtg = 8 * 6,
                          kMinMissing = 8 * 3, kMinDiagnostic = 1 + 8 * 4;
    t.crs = r.string();
    t.departements = r.string_list();
    t.communes.resize(r.count(kMinCommune));
    for (Commune& c : t.communes) {
        c.insee = r.string();
        c.nom = r.string();
        c.departement = r.string();
        c.population = r.i64();
        c.epci_siren = r.string();
        c.ctg = static_cast<std::size_t>(r.u64());
        c.representative.x = r.f64();
        c.representative.y = r.f64();
        c.area_m2 = r.f64();
        c.source_codes = r.string_list();
        wkb.push_back(r.bytes());
    }
    const std::size_t n_communes = t.communes.size();
    t.neighbours.resize(r.count(8));
    if (!t.neighbours.empty() && t.neighbours.size() != n_communes)
        throw TerritoryPayloadError("voisinage des communes incohérent");
    for (std::size_t i = 0; i < t.neighbours.size(); ++i) {
        std::vector<std::size_t>& list = t.neighbours[i];
        list = r.index_list(n_communes);
        // As commune_neighbours() makes them: strictly ascending, the commune itself included.
        if (!std::is_sorted(list.begin(), list.end()) ||
            std::adjacent_find(list.begin(), list.end()) != list.end() ||
            !std::binary_search(list.begin(), list.end(), i))
            throw TerritoryPayloadError("liste de voisines incohérente");
    }
    t.epcis.resize(r.count(kMinEpci));
    for (Epci& e : t.epcis) {
        e.siren = r.string();
        e.nom = r.string();
        e.population = r.i64();
        e.communes = r.index_list(n_communes);
        wkb.push_back(r.bytes());
    }
    t.ctgs.resize(r.count(kMinCtg));
    for (Ctg& c : t.ctgs) {
        c.code = r.string();
        c.name = r.string();
        c.population = r.i64();
        c.communes = r.index_list(n_communes);
        c.epcis = r.string_list();
        wkb.push_back(r.bytes());
    }
    wkb.push_back(r.bytes()); // the outline
    for (const Commune& c : t.communes)
        if (c.ctg >= t.ctgs.size())
            throw TerritoryPayloadError("indice de CTG hors limites");
    t.missing.resize(r.count(kMinMissing));
    for (MissingCommune& m : t.missing) {
        m.insee = r.string();
        m.nom = r.string();
        m.population = r.i64();
    }
    const std::size_t n_diagnostics = r.count(kMinDiagnostic);
    for (std::size_t i = 0; i < n_diagnostics; ++i) {
        const std::uint8_t severity = r.u8();
        if (severity > static_cast<std::uint8_t>(Severity::Error))
            throw TerritoryPayloadError("gravité de message inconnue");
        std::string code = r.string(), message = r.string(), file = r.string(),
                    location = r.string();
        t.diagnostics.add(static_cast<Severity>(severity), std::move(code), std::move(message),
                          std::move(file), std::move(location));
    }
    if (!r.at_end())
        throw TerritoryPayloadError("données en trop après le territoire");

    std::vector<geos::GeomPtr> geoms(wkb.size());
    parallel_for(wkb.size(), [&](std::size_t i) { geoms[i] = from_wkb(wkb[i]); });
    std::size_t next = 0;
    for (Commune& c : t.communes)
        c.geometry = std::move(geoms[next++]);
    for (Epci& e : t.epcis)
        e.geometry = std::move(geoms[next++]);
    for (Ctg& c : t.ctgs)
        c.geometry = std::move(geoms[next++]);
    t.outline = std::move(geoms[next++]);
    t.reindex();
    return t;
}

} // namespace tecsmap
