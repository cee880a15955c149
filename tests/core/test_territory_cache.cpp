// The territory cache: the payload round trip keeps every field, a cache file is trusted only
// when its magic, format, key, size and SHA-256 all match, and build_territory_cached() rebuilds
// (and says so) whenever an input changes or the file is damaged.

#include "commune_neighbours.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "geos_handles.hpp"
#include "sha256.hpp"
#include "territory_cache.hpp"
#include "territory_serial.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace tecsmap;
using test::square;
namespace fs = std::filesystem;

namespace {

// Two EPCIs (one of two communes), a commune without EPCI, a commune of the COG without
// polygon, an invalid polygon (repaired, reported): every kind of field and diagnostic.
std::vector<test::CommuneSpec> specs() {
    return {{"99001", square(0, 0, 1000), 1500, "200000001"},
            {"99002", square(1000, 0, 1000), 700, "200000001"},
            {"99003", square(0, 1000, 1000), 300, "200000002"},
            {"99004", "POLYGON((1000 1000,2000 2000,2000 1000,1000 2000,1000 1000))", 40, ""}};
}

Territory sample_territory() {
    Territory t = test::make_territory(specs());
    t.missing.push_back({"99009", "Sans polygone", 12});
    t.diagnostics.info("note", "un message d'information", "fichier.csv", "ligne 3");
    t.neighbours = commune_neighbours(t.communes);
    t.outline = t.outline_of();
    return t;
}

bool same_geometry(const GEOSGeometry* a, const GEOSGeometry* b) {
    if (!a || !b)
        return a == b;
    return GEOSEqualsExact_r(geos::ctx(), a, b, 0.0) == 1 &&
           GEOSGetNumCoordinates_r(geos::ctx(), a) == GEOSGetNumCoordinates_r(geos::ctx(), b) &&
           geos::to_wkt(a, 17) == geos::to_wkt(b, 17);
}

bool decode_territory_throws(const std::string& payload) {
    try {
        (void)decode_territory(payload);
        return false;
    } catch (const TerritoryPayloadError&) {
        return true;
    }
}

// Field by field, independently of the encoder.
void require_same(const Territory& a, const Territory& b) {
    REQUIRE(a.crs == b.crs);
    REQUIRE(a.departements == b.departements);
    REQUIRE(a.communes.size() == b.communes.size());
    for (std::size_t i = 0; i < a.communes.size(); ++i) {
        const Commune &x = a.communes[i], &y = b.communes[i];
        CHECK(x.insee == y.insee);
        CHECK(x.nom == y.nom);
        CHECK(x.departement == y.departement);
        CHECK(x.population == y.population);
        CHECK(x.epci_siren == y.epci_siren);
        CHECK(x.ctg == y.ctg);
        CHECK(x.representative.x == y.representative.x);
        CHECK(x.representative.y == y.representative.y);
        CHECK(x.area_m2 == y.area_m2);
        CHECK(x.source_codes == y.source_codes);
        CHECK(same_geometry(x.geometry.get(), y.geometry.get()));
        CHECK(b.commune_index(x.insee) == i);
    }
    CHECK(a.neighbours == b.neighbours);
    CHECK(same_geometry(a.outline.get(), b.outline.get()));
    REQUIRE(a.epcis.size() == b.epcis.size());
    for (std::size_t i = 0; i < a.epcis.size(); ++i) {
        CHECK(a.epcis[i].siren == b.epcis[i].siren);
        CHECK(a.epcis[i].nom == b.epcis[i].nom);
        CHECK(a.epcis[i].population == b.epcis[i].population);
        CHECK(a.epcis[i].communes == b.epcis[i].communes);
        CHECK(same_geometry(a.epcis[i].geometry.get(), b.epcis[i].geometry.get()));
    }
    REQUIRE(a.ctgs.size() == b.ctgs.size());
    for (std::size_t i = 0; i < a.ctgs.size(); ++i) {
        CHECK(a.ctgs[i].code == b.ctgs[i].code);
        CHECK(a.ctgs[i].name == b.ctgs[i].name);
        CHECK(a.ctgs[i].population == b.ctgs[i].population);
        CHECK(a.ctgs[i].communes == b.ctgs[i].communes);
        CHECK(a.ctgs[i].epcis == b.ctgs[i].epcis);
        CHECK(same_geometry(a.ctgs[i].geometry.get(), b.ctgs[i].geometry.get()));
        CHECK(b.ctg_index(a.ctgs[i].code) == i);
    }
    REQUIRE(a.missing.size() == b.missing.size());
    for (std::size_t i = 0; i < a.missing.size(); ++i) {
        CHECK(a.missing[i].insee == b.missing[i].insee);
        CHECK(a.missing[i].nom == b.missing[i].nom);
        CHECK(a.missing[i].population == b.missing[i].population);
    }
    REQUIRE(a.diagnostics.items().size() == b.diagnostics.items().size());
    for (std::size_t i = 0; i < a.diagnostics.items().size(); ++i) {
        const Diagnostic &x = a.diagnostics.items()[i], &y = b.diagnostics.items()[i];
        CHECK(x.severity == y.severity);
        CHECK(x.code == y.code);
        CHECK(x.message == y.message);
        CHECK(x.file == y.file);
        CHECK(x.location == y.location);
    }
    CHECK(a.population() == b.population());
    CHECK(a.area_m2() == b.area_m2());
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

const std::string kKey(64, 'a');

// Header layout as documented in territory_cache.cpp: magic 8, format 4, reserved 4, key 64,
// payload size 8, payload SHA-256 64.
constexpr std::size_t kFormatAt = 8, kKeyAt = 16, kSizeAt = 80, kShaAt = 88, kPayloadAt = 152;

// A fresh scratch directory for one test case.
std::string scratch(const std::string& name) {
    const fs::path dir = fs::absolute("territory-cache-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

// A communes source (GeoJSON in Lambert-93) and a CTG table, with a COG of the same communes.
struct SmallStudy {
    std::string dir;
    Study study;
    Cog cog = test::make_cog(specs());

    explicit SmallStudy(const std::string& name)
        : dir(scratch(name)) {
        write_communes(1000);
        study.departements = {"99"};
        LayerSource communes;
        communes.path = dir + "/communes.geojson";
        communes.crs = "EPSG:2154";
        study.communes = communes;
        study.ctg = dir + "/ctg.csv";
        write_bytes(study.ctg, "epci_siren;ctg_code;ctg_name\n200000001;C1;Nord\n"
                               "200000002;C1;Nord\n");
    }
    // The side of the first commune's square varies to make a different source.
    void write_communes(double side) {
        std::string features;
        for (const test::CommuneSpec& c : specs()) {
            const std::string wkt = c.insee == "99001" ? square(0, 0, side) : c.wkt;
            std::string coords;
            // GeoJSON ring from the WKT's coordinates.
            const std::string inner =
                wkt.substr(wkt.find("((") + 2, wkt.find("))") - wkt.find("((") - 2);
            std::size_t pos = 0;
            while (pos < inner.size()) {
                std::size_t comma = inner.find(',', pos);
                if (comma == std::string::npos)
                    comma = inner.size();
                const std::string xy = inner.substr(pos, comma - pos);
                const std::size_t space = xy.find(' ');
                // Appended piece by piece (GCC 12 warns falsely, -Wrestrict, on a + chain).
                if (!coords.empty())
                    coords += ',';
                coords.append("[").append(xy, 0, space).append(",").append(xy, space + 1);
                coords += ']';
                pos = comma + 1;
            }
            features += std::string(features.empty() ? "" : ",") +
                        R"({"type":"Feature","properties":{"code":")" + c.insee +
                        R"("},"geometry":{"type":"Polygon","coordinates":[[)" + coords + "]]}}";
        }
        write_bytes(dir + "/communes.geojson",
                    R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
                    R"("urn:ogc:def:crs:EPSG::2154"}},"features":[)" +
                        features + "]}");
    }
    TerritoryCacheSettings settings() const { return {dir + "/cache", true}; }
    Territory build(TerritoryCacheReport& report) const {
        return build_territory_cached(study, cog, BoundaryOptions{}, nullptr, &report, settings());
    }
};

} // namespace

TEST_CASE("territory payload: decode(encode(t)) keeps every field and the indexes work",
          "[territory_cache]") {
    const Territory t = sample_territory();
    REQUIRE(t.communes.size() == 4);
    REQUIRE(t.epcis.size() == 2);
    REQUIRE(t.diagnostics.count("invalid_geometry") == 1);
    const Territory back = decode_territory(encode_territory(t));
    require_same(t, back);
    // Hand-checked figures of the sample: 99001+99002 form EPCI 200000001 (2,200 inhabitants,
    // 2 km²), the bow-tie 99004 is repaired into two triangles of 0.25 km² each.
    const Epci& e = back.epcis[0];
    CHECK(e.siren == "200000001");
    CHECK(e.population == 2200);
    CHECK(geos::area(e.geometry.get()) == Approx(2e6));
    CHECK(back.communes[back.commune_index("99004")].area_m2 == Approx(5e5));
    CHECK(back.commune_index("99999") == Territory::npos);
    // All four touch, if only at a corner (the repaired bow-tie's triangles meet 99001 and
    // 99003 at (1000, 1000) and (1000, 2000)).
    for (const auto& list : back.neighbours)
        CHECK(list == std::vector<std::size_t>{0, 1, 2, 3});
    // Encoding is deterministic (the file's checksum depends on it).
    CHECK(encode_territory(back) == encode_territory(t));
}

TEST_CASE("territory payload: streamed in chunks, the very bytes made in memory",
          "[territory_cache]") {
    Territory t = sample_territory();
    // An outline of 80 000 vertices (1.3 MB of WKB) and 20 000 messages: several chunks, and a
    // single item larger than a chunk; 2 500 EPCIs: WKB windows of 1 024 and an uneven last one.
    t.outline = geos::buffer(geos::point(500, 500).get(), 3000, 20000);
    for (int i = 0; i < 2500; ++i) {
        Epci e;
        e.siren = std::to_string(300000000 + i);
        e.nom = "EPCI " + std::to_string(i);
        e.population = i;
        e.communes = {static_cast<std::size_t>(i % 4)};
        e.geometry = geos::from_wkt(square(i * 10.0, 0, 5 + i % 7));
        t.epcis.push_back(std::move(e));
    }
    for (int i = 0; i < 20000; ++i)
        t.diagnostics.warn("note" + std::to_string(i), "message " + std::to_string(i), "f.csv",
                           "ligne " + std::to_string(i));
    const std::string whole = encode_territory(t);
    REQUIRE(whole.size() > 2'000'000);
    std::vector<std::string> chunks;
    encode_territory(t, [&](std::string_view chunk) { chunks.emplace_back(chunk); });
    CHECK(chunks.size() >= 3);
    std::string joined;
    for (const std::string& c : chunks) {
        CHECK_FALSE(c.empty());
        joined += c;
    }
    CHECK(joined == whole);
    require_same(t, decode_territory(joined));
    std::string windows; // WKB made on all cores, a window of geometries at a time
    encode_territory(
        t, [&](std::string_view chunk) { windows += chunk; }, 0, WkbThreads::All);
    CHECK(windows == whole);

    SECTION("the messages before first_diagnostic are left out") {
        const std::size_t skip = 5;
        std::string streamed;
        encode_territory(
            t, [&](std::string_view chunk) { streamed += chunk; }, skip);
        const Territory back = decode_territory(streamed);
        REQUIRE(back.diagnostics.items().size() == t.diagnostics.items().size() - skip);
        CHECK(back.diagnostics.items().front().code == t.diagnostics.items()[skip].code);
        CHECK(back.diagnostics.items().back().code == t.diagnostics.items().back().code);
        std::string none;
        encode_territory(
            t, [&](std::string_view chunk) { none += chunk; }, 1'000'000);
        CHECK(decode_territory(none).diagnostics.items().empty());
    }
}

TEST_CASE("territory payload: every truncation and stray bytes are refused, never read beyond",
          "[territory_cache]") {
    const std::string payload = encode_territory(sample_territory());
    for (std::size_t n = 0; n < payload.size(); n += (n < 200 ? 1 : 37))
        CHECK_THROWS_AS(decode_territory(std::string_view(payload.data(), n)),
                        TerritoryPayloadError);
    CHECK_THROWS_AS(decode_territory(payload + "x"), TerritoryPayloadError);
    // A count that claims more items than bytes remain.
    std::string huge = payload;
    for (std::size_t i = 0; i < 8; ++i)
        huge[8 + 9 + i] = '\xff'; // after the CRS "EPSG:2154" (8-byte length + 9 bytes)
    CHECK_THROWS_AS(decode_territory(huge), TerritoryPayloadError);
}

TEST_CASE("territory payload: neighbour lists that commune_neighbours cannot make are refused",
          "[territory_cache]") {
    const Territory good = sample_territory();
    REQUIRE_NOTHROW(decode_territory(encode_territory(good)));
    auto refused = [&](auto spoil) {
        Territory t = decode_territory(encode_territory(good));
        spoil(t.neighbours);
        return decode_territory_throws(encode_territory(t));
    };
    CHECK(refused([](auto& nb) { nb[0] = {0, 4}; }));    // index beyond the 4 communes
    CHECK(refused([](auto& nb) { nb[1] = {0, 2}; }));    // the commune itself missing
    CHECK(refused([](auto& nb) { nb[2] = {3, 2}; }));    // not ascending
    CHECK(refused([](auto& nb) { nb[3] = {3, 3}; }));    // twice the same
    CHECK(refused([](auto& nb) { nb.pop_back(); }));      // not one list per commune
    CHECK_FALSE(refused([](auto& nb) { nb.clear(); })); // none at all: a hand-made territory
}

TEST_CASE("territory cache file: saved then loaded equal — absent file is Absent",
          "[territory_cache]") {
    const std::string dir = scratch("file");
    const std::string file = dir + "/sub/t.bin";
    CHECK(load_territory_cache(file, kKey).status == TerritoryCacheRead::Status::Absent);
    const Territory t = sample_territory();
    save_territory_cache(file, kKey, t);
    const std::string bytes = read_bytes(file);
    CHECK(bytes.compare(0, 8, "TECSTERR") == 0);
    CHECK(bytes.compare(kKeyAt, 64, kKey) == 0);
    const std::string payload = bytes.substr(kPayloadAt);
    CHECK(bytes.compare(kShaAt, 64, sha256_bytes(payload.data(), payload.size())) == 0);
    CHECK(payload == encode_territory(t)); // the file is streamed: the same bytes
    TerritoryCacheRead r = load_territory_cache(file, kKey);
    REQUIRE(r.status == TerritoryCacheRead::Status::Loaded);
    require_same(t, *r.territory);
    // No temporary file left beside it.
    CHECK(std::distance(fs::directory_iterator(dir + "/sub"), fs::directory_iterator()) == 1);
}

TEST_CASE("territory cache file: damaged, truncated, other version or key is never trusted",
          "[territory_cache]") {
    using Status = TerritoryCacheRead::Status;
    const std::string dir = scratch("damaged");
    const std::string file = dir + "/t.bin";
    save_territory_cache(file, kKey, sample_territory());
    const std::string good = read_bytes(file);
    REQUIRE(good.size() > kPayloadAt + 100);

    auto status_of = [&](const std::string& bytes, const std::string& key = kKey) {
        write_bytes(file, bytes);
        TerritoryCacheRead r = load_territory_cache(file, key);
        CHECK(r.territory.has_value() == (r.status == Status::Loaded));
        if (r.status != Status::Loaded)
            CHECK_FALSE(r.why.empty());
        return r.status;
    };
    CHECK(status_of(good) == Status::Loaded);

    SECTION("one flipped byte anywhere in the payload: checksum") {
        for (std::size_t at : {kPayloadAt, kPayloadAt + 57, good.size() / 2, good.size() - 1}) {
            std::string bad = good;
            bad[at] = static_cast<char>(bad[at] ^ 0x01);
            CHECK(status_of(bad) == Status::Corrupt);
        }
    }
    SECTION("a flipped byte in the stored checksum") {
        std::string bad = good;
        bad[kShaAt + 3] = bad[kShaAt + 3] == '0' ? '1' : '0';
        CHECK(status_of(bad) == Status::Corrupt);
    }
    SECTION("bad magic") {
        std::string bad = good;
        bad[0] = 'X';
        CHECK(status_of(bad) == Status::Corrupt);
    }
    SECTION("truncated: empty, inside the header, inside the payload") {
        CHECK(status_of("") == Status::Corrupt);
        CHECK(status_of(good.substr(0, 40)) == Status::Corrupt);
        CHECK(status_of(good.substr(0, kPayloadAt)) == Status::Corrupt);
        CHECK(status_of(good.substr(0, good.size() - 1)) == Status::Corrupt);
        CHECK(status_of(good + "trailing") == Status::Corrupt);
    }
    SECTION("another format version") {
        std::string other = good;
        other[kFormatAt] = static_cast<char>(kTerritoryCacheFormat + 1);
        CHECK(status_of(other) == Status::Stale);
    }
    SECTION("another key") {
        CHECK(status_of(good, std::string(64, 'b')) == Status::Stale);
    }
    SECTION("consistent size and checksum over an undecodable payload") {
        const std::string payload = good.substr(kPayloadAt, 100);
        std::string bad = good.substr(0, kSizeAt);
        for (int i = 0; i < 8; ++i)
            bad.push_back(static_cast<char>((payload.size() >> (8 * i)) & 0xff));
        bad += sha256_bytes(payload.data(), payload.size()) + payload;
        CHECK(status_of(bad) == Status::Corrupt);
    }
}

TEST_CASE("territory cache key: each input, the COG and the territory section change it",
          "[territory_cache]") {
    SmallStudy s("key");
    const auto base = territory_cache_key(s.study, s.cog, {});
    REQUIRE(base);
    CHECK(base->key.size() == 64);
    CHECK(base->text.find("geos=") != std::string::npos);
    CHECK(base->text.find("tecsmap=") != std::string::npos);
    CHECK(territory_cache_key(s.study, s.cog, {})->key == base->key); // stable

    SECTION("communes source content: same slot, other key") {
        s.write_communes(999);
        const auto k = territory_cache_key(s.study, s.cog, {});
        CHECK(k->key != base->key);
        CHECK(k->slot == base->slot);
    }
    SECTION("CTG table content") {
        write_bytes(s.study.ctg, "epci_siren;ctg_code;ctg_name\n200000001;C1;Nord\n");
        CHECK(territory_cache_key(s.study, s.cog, {})->key != base->key);
    }
    SECTION("COG content") {
        Cog other = s.cog;
        other.add_old_code("99100", "99001");
        CHECK(territory_cache_key(s.study, other, {})->key != base->key);
    }
    SECTION("territory section: other slot") {
        s.study.communes_code_field = "code";
        const auto k = territory_cache_key(s.study, s.cog, {});
        CHECK(k->slot != base->slot);
        CHECK(k->key != base->key);
    }
    SECTION("boundary files: the verified hash is used, an unverified file is hashed") {
        Study b;
        b.departements = {"99"};
        const std::string f = test::write_file(s.dir + "/communes-99.geojson", "{}");
        const auto verified = territory_cache_key(b, s.cog, {{"99", f, "cache", "abc"}});
        const auto hashed = territory_cache_key(b, s.cog, {{"99", f, "répertoire", ""}});
        REQUIRE(verified);
        REQUIRE(hashed);
        CHECK(verified->text.find(f + " abc") != std::string::npos);
        CHECK(hashed->text.find(f + " " + *sha256_file(f)) != std::string::npos);
        write_bytes(f, "{ }");
        CHECK(territory_cache_key(b, s.cog, {{"99", f, "répertoire", ""}})->key != hashed->key);
        CHECK_FALSE(territory_cache_key(b, s.cog, {{"99", s.dir + "/absent", "répertoire", ""}}));
    }
    SECTION("a source outside the file system (database) is not cacheable") {
        s.study.communes->path = "PG:dbname=x";
        CHECK_FALSE(territory_cache_key(s.study, s.cog, {}));
    }
}

TEST_CASE("build_territory_cached: built, stored, then read back equal to a direct build",
          "[territory_cache]") {
    using Outcome = TerritoryCacheReport::Outcome;
    SmallStudy s("build");
    const Territory direct = build_territory(s.study, s.cog, BoundaryOptions{});
    REQUIRE(direct.communes.size() == 4);
    REQUIRE(direct.ctgs.size() == 2); // C1 (both EPCIs) and the commune without EPCI
    // The builder stores the communes' neighbour lists; the cache must give them back.
    REQUIRE(direct.neighbours.size() == 4);
    // And the outline, the union of the communes (what the gap layer is cut from).
    REQUIRE(direct.outline);
    CHECK(geos::area(direct.outline.get()) == Approx(direct.area_m2()).epsilon(1e-12));
    CHECK(direct.neighbours == commune_neighbours(direct.communes));

    TerritoryCacheReport first;
    const Territory built = s.build(first);
    CHECK(first.outcome == Outcome::Built);
    CHECK(first.stored);
    CHECK(fs::exists(first.file));
    require_same(direct, built);

    TerritoryCacheReport second;
    const Territory cached = s.build(second);
    CHECK(second.outcome == Outcome::Hit);
    CHECK_FALSE(second.stored);
    CHECK(second.file == first.file);
    require_same(direct, cached);

    SECTION("a changed communes source is rebuilt, with the new geometry") {
        s.write_communes(500);
        TerritoryCacheReport r;
        const Territory t = s.build(r);
        CHECK(r.outcome == Outcome::Rebuilt);
        CHECK(r.stored);
        CHECK(t.communes[t.commune_index("99001")].area_m2 == Approx(250000));
        CHECK(t.diagnostics.count("territory_cache_corrupt") == 0);
        TerritoryCacheReport again;
        s.build(again);
        CHECK(again.outcome == Outcome::Hit);
    }
    SECTION("a changed CTG table is rebuilt") {
        write_bytes(s.study.ctg, "epci_siren;ctg_code;ctg_name\n200000001;C1;Nord\n");
        TerritoryCacheReport r;
        const Territory t = s.build(r);
        CHECK(r.outcome == Outcome::Rebuilt);
        CHECK(t.ctgs.size() == 3);
    }
    SECTION("a corrupt file is rebuilt with a warning, and replaced") {
        std::string bytes = read_bytes(first.file);
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
        write_bytes(first.file, bytes);
        TerritoryCacheReport r;
        const Territory t = s.build(r);
        CHECK(r.outcome == Outcome::Rebuilt);
        CHECK(r.stored);
        CHECK_FALSE(r.reason.empty());
        REQUIRE(t.diagnostics.count("territory_cache_corrupt") == 1);
        CHECK(t.diagnostics.items().front().severity == Severity::Warning);
        CHECK(t.diagnostics.items().front().file == first.file);
        require_same(direct, [&] {
            Territory copy = decode_territory(encode_territory(t));
            Diagnostics rest; // the same territory minus the cache warning
            for (std::size_t i = 1; i < copy.diagnostics.items().size(); ++i) {
                const Diagnostic& d = copy.diagnostics.items()[i];
                rest.add(d.severity, d.code, d.message, d.file, d.location);
            }
            copy.diagnostics = rest;
            return copy;
        }());
        TerritoryCacheReport again;
        const Territory t2 = s.build(again);
        CHECK(again.outcome == Outcome::Hit);
        CHECK(t2.diagnostics.count("territory_cache_corrupt") == 0);
    }
    SECTION("a truncated file is rebuilt") {
        const std::string bytes = read_bytes(first.file);
        write_bytes(first.file, bytes.substr(0, bytes.size() / 3));
        TerritoryCacheReport r;
        const Territory t = s.build(r);
        CHECK(r.outcome == Outcome::Rebuilt);
        CHECK(t.diagnostics.count("territory_cache_corrupt") == 1);
    }
    SECTION("a file of another format version is rebuilt without warning") {
        std::string bytes = read_bytes(first.file);
        bytes[kFormatAt] = static_cast<char>(kTerritoryCacheFormat + 7);
        write_bytes(first.file, bytes);
        TerritoryCacheReport r;
        const Territory t = s.build(r);
        CHECK(r.outcome == Outcome::Rebuilt);
        CHECK(t.diagnostics.count("territory_cache_corrupt") == 0);
        CHECK(read_bytes(first.file)[kFormatAt] == static_cast<char>(kTerritoryCacheFormat));
    }
    SECTION("disabled: built, nothing read or written") {
        fs::remove(first.file);
        TerritoryCacheSettings off = s.settings();
        off.enabled = false;
        TerritoryCacheReport r;
        build_territory_cached(s.study, s.cog, BoundaryOptions{}, nullptr, &r, off);
        CHECK(r.outcome == Outcome::Disabled);
        CHECK_FALSE(fs::exists(first.file));
    }
    SECTION("an unwritable cache directory never fails the run") {
        TerritoryCacheSettings blocked = s.settings();
        blocked.dir = test::write_file(s.dir + "/not-a-directory", "x") + "/territory";
        TerritoryCacheReport r;
        const Territory t =
            build_territory_cached(s.study, s.cog, BoundaryOptions{}, nullptr, &r, blocked);
        CHECK(r.outcome == Outcome::Built);
        CHECK_FALSE(r.stored);
        CHECK_FALSE(r.reason.empty());
        require_same(direct, t);
    }
}

TEST_CASE("obtain_territory_cached: the cache file written in the background is the one "
          "written in the foreground",
          "[territory_cache]") {
    using Outcome = TerritoryCacheReport::Outcome;
    SmallStudy s("background");
    const Territory direct = build_territory(s.study, s.cog, BoundaryOptions{});
    TerritoryCacheReport foreground;
    (void)s.build(foreground);
    REQUIRE(foreground.stored);
    const std::string written = read_bytes(foreground.file);
    fs::remove(foreground.file);

    TerritoryCacheReport report;
    {
        CachedTerritory cached = obtain_territory_cached(s.study, s.cog, BoundaryOptions{}, nullptr,
                                                         true, &report, s.settings());
        CHECK(report.outcome == Outcome::Built);
        // The territory is the caller's at once, the writer running or not.
        require_same(direct, *cached.territory());
        cached.finish();
        CHECK(report.stored);
        CHECK(report.reason.empty());
        cached.finish(); // twice is harmless
        CHECK(report.stored);
    }
    CHECK(read_bytes(report.file) == written);
    TerritoryCacheReport again;
    require_same(direct, s.build(again));
    CHECK(again.outcome == Outcome::Hit);

    SECTION("the destructor waits for the writer") {
        fs::remove(report.file);
        TerritoryCacheReport r;
        {
            CachedTerritory cached = obtain_territory_cached(s.study, s.cog, BoundaryOptions{},
                                                             nullptr, true, &r, s.settings());
        }
        CHECK(r.stored);
        CHECK(read_bytes(r.file) == written);
    }
    SECTION("a corrupt file replaced in the background: the warning is the run's, not stored") {
        std::string bytes = read_bytes(report.file);
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
        write_bytes(report.file, bytes);
        TerritoryCacheReport r;
        {
            CachedTerritory cached = obtain_territory_cached(s.study, s.cog, BoundaryOptions{},
                                                             nullptr, true, &r, s.settings());
            CHECK(r.outcome == Outcome::Rebuilt);
            CHECK(cached.territory()->diagnostics.count("territory_cache_corrupt") == 1);
        }
        CHECK(r.stored);
        CHECK_FALSE(r.reason.empty()); // why it was rebuilt, kept once the write succeeded
        CHECK(read_bytes(r.file) == written);
    }
    SECTION("take() while a caller still holds the territory gives an equal copy") {
        TerritoryCacheReport r;
        CachedTerritory cached = obtain_territory_cached(s.study, s.cog, BoundaryOptions{},
                                                         nullptr, true, &r, s.settings());
        const std::shared_ptr<const Territory> held = cached.territory();
        const Territory taken = cached.take();
        require_same(direct, taken);
        require_same(direct, *held);
        CHECK_THROWS_AS(cached.take(), std::logic_error);
    }
    SECTION("a writer that fails only reports it") {
        TerritoryCacheSettings blocked = s.settings();
        blocked.dir = test::write_file(s.dir + "/not-a-directory", "x") + "/territory";
        TerritoryCacheReport r;
        CachedTerritory cached =
            obtain_territory_cached(s.study, s.cog, BoundaryOptions{}, nullptr, true, &r, blocked);
        require_same(direct, cached.take());
        CHECK(r.outcome == Outcome::Built);
        CHECK_FALSE(r.stored);
        CHECK_FALSE(r.reason.empty());
    }
}

TEST_CASE("TECSMAP_NO_CACHE=1 disables the territory cache", "[territory_cache]") {
    ::setenv("TECSMAP_NO_CACHE", "1", 1);
    CHECK_FALSE(TerritoryCacheSettings::from_environment().enabled);
    ::setenv("TECSMAP_NO_CACHE", "0", 1);
    CHECK(TerritoryCacheSettings::from_environment().enabled);
    ::unsetenv("TECSMAP_NO_CACHE");
    ::setenv("TECSMAP_CACHE_DIR", "/tmp/somewhere", 1);
    CHECK(TerritoryCacheSettings::from_environment().dir == "/tmp/somewhere/territory");
    ::unsetenv("TECSMAP_CACHE_DIR");
}
