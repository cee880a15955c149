// The boundary source's every path: cache hit, corrupt cache, mirror, mirror with a wrong hash,
// offline without mirror, a download that fails, a download with a wrong hash, a download that
// succeeds into the cache. Downloads use a file:// base URL (TECSMAP_BOUNDARIES_URL), so the
// tests need no network.

#include "boundary_source.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "paths.hpp"
#include "sha256.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace tecsmap;
namespace fs = std::filesystem;

namespace {

const std::string kDrome = "departements/26-drome/communes-26-drome.geojson";

// A scratch directory with an empty cache and, optionally, a mirror holding the Drôme file
// (copied from the real mirror, or tampered with).
struct Dirs {
    explicit Dirs(const std::string& name)
        : root(fs::absolute(name)) {
        fs::remove_all(root);
        fs::create_directories(root / "cache");
        fs::create_directories(root / "mirror");
        options.cache = (root / "cache").string();
        options.mirror = (root / "mirror").string();
        options.allow_download = false;
    }
    void mirror_file(bool tampered) {
        const auto real = mirror_dir();
        REQUIRE(real); // the read-only mirror next to the checkout (tests run offline)
        fs::create_directories((root / "mirror" / kDrome).parent_path());
        fs::copy_file(*real + "/" + kDrome, root / "mirror" / kDrome,
                      fs::copy_options::overwrite_existing);
        if (tampered)
            std::ofstream(root / "mirror" / kDrome, std::ios::app) << " ";
    }
    std::string cached_path() const {
        return (root / "cache" / "france-geojson" / kFranceGeojsonCommit / kDrome).string();
    }
    fs::path root;
    BoundaryOptions options;
    Diagnostics diagnostics;
};

std::string what_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("no InputError");
    return {};
}

} // namespace

TEST_CASE("a verified mirror file is used when the cache is empty", "[boundaries]") {
    Dirs d("b_mirror");
    d.mirror_file(false);
    const auto files = obtain_commune_boundaries({"26"}, d.options, d.diagnostics);
    REQUIRE(files.size() == 1);
    CHECK(files[0].origin == "miroir local");
    CHECK(files[0].path == (d.root / "mirror" / kDrome).string());
}

TEST_CASE("a mirror file with the wrong hash is refused, offline: the error lists what was tried",
          "[boundaries]") {
    Dirs d("b_tampered");
    d.mirror_file(true);
    const std::string msg =
        what_of([&] { obtain_commune_boundaries({"26"}, d.options, d.diagnostics); });
    CHECK_THAT(msg, Catch::Contains("empreinte inattendue"));
    CHECK_THAT(msg, Catch::Contains("TECSMAP_OFFLINE"));
    CHECK_THAT(msg, Catch::Contains("département 26"));
}

TEST_CASE("offline without any mirror: a clear error, no download attempted", "[boundaries]") {
    Dirs d("b_offline");
    const std::string msg =
        what_of([&] { obtain_commune_boundaries({"26"}, d.options, d.diagnostics); });
    CHECK_THAT(msg, Catch::Contains("(absent)"));
    CHECK_THAT(msg, Catch::Contains("téléchargement désactivé"));
}

TEST_CASE("a corrupt cache file is detected, reported and never trusted", "[boundaries]") {
    Dirs d("b_corrupt");
    d.mirror_file(false);
    fs::create_directories(fs::path(d.cached_path()).parent_path());
    std::ofstream(d.cached_path()) << "{\"type\": \"FeatureCollection\", \"features\": []}";
    const auto files = obtain_commune_boundaries({"26"}, d.options, d.diagnostics);
    CHECK(files[0].origin == "miroir local");
    CHECK(d.diagnostics.count("cache_corrupt") == 1);
}

TEST_CASE("a download that fails is reported with its cause", "[boundaries]") {
    Dirs d("b_download_fails");
    d.options.allow_download = true;
    d.options.download_base = "file://" + (d.root / "nowhere").string();
    const std::string msg =
        what_of([&] { obtain_commune_boundaries({"26"}, d.options, d.diagnostics); });
    CHECK_THAT(msg, Catch::Contains("téléchargement impossible"));
    CHECK_FALSE(fs::exists(d.cached_path()));
}

TEST_CASE("a downloaded file with the wrong hash is not stored", "[boundaries]") {
    Dirs d("b_download_tampered");
    d.mirror_file(true);
    d.options.allow_download = true;
    d.options.download_base = "file://" + (d.root / "mirror").string();
    d.options.mirror = (d.root / "no-mirror").string();
    const std::string msg =
        what_of([&] { obtain_commune_boundaries({"26"}, d.options, d.diagnostics); });
    CHECK_THAT(msg, Catch::Contains("empreinte inattendue"));
    CHECK_FALSE(fs::exists(d.cached_path()));
}

TEST_CASE("a good download is verified, cached, and then read from the cache", "[boundaries]") {
    Dirs d("b_download_ok");
    d.mirror_file(false);
    d.options.allow_download = true;
    d.options.download_base = "file://" + (d.root / "mirror").string();
    d.options.mirror = (d.root / "no-mirror").string();
    auto files = obtain_commune_boundaries({"26"}, d.options, d.diagnostics);
    CHECK(files[0].origin == "téléchargement");
    REQUIRE(fs::exists(d.cached_path()));
    CHECK(sha256_file(d.cached_path()) == sha256_file((d.root / "mirror" / kDrome).string()));
    d.options.allow_download = false;
    files = obtain_commune_boundaries({"26"}, d.options, d.diagnostics);
    CHECK(files[0].origin == "cache");
}

TEST_CASE("an unknown département is an InputError naming it", "[boundaries]") {
    Dirs d("b_unknown");
    CHECK_THAT(what_of([&] { obtain_commune_boundaries({"2C"}, d.options, d.diagnostics); }),
               Catch::Contains("2C"));
}
