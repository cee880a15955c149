// Territory cache benchmark (issue 15, item 1): cold territory build vs warm read from the
// cache for a study, with the parts of a warm read (obtaining and hashing the inputs, reading
// and checking the file, decoding). Prints a Markdown table (docs/performance.md).
//   tecsmap-bench-territory-cache ÉTUDE [--repeat N]
// Uses a scratch cache directory of its own, removed at the end; the user's cache is untouched.

#include "cog.hpp"
#include "parallel.hpp"
#include "sha256.hpp"
#include "study.hpp"
#include "territory_cache.hpp"
#include "territory_serial.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

using namespace tecsmap;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Median of `repeat` timings of fn, in seconds.
double median_seconds(int repeat, const std::function<void()>& fn) {
    std::vector<double> s;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = Clock::now();
        fn();
        s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage : tecsmap-bench-territory-cache ÉTUDE [--repeat N]\n";
        return 2;
    }
    int repeat = 3;
    for (int i = 2; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--repeat")
            repeat = std::max(1, std::atoi(argv[i + 1]));
    try {
        const Study study = load_study(argv[1]);
        const Cog& cog = Cog::bundled();
        const BoundaryOptions boundaries = BoundaryOptions::from_environment();
        const fs::path dir = fs::temp_directory_path() /
                             ("tecsmap-bench-territory-cache-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        const TerritoryCacheSettings settings{dir.string(), true};
        std::size_t communes = 0;

        const double cold = median_seconds(
            repeat, [&] { communes = build_territory(study, cog, boundaries).communes.size(); });
        TerritoryCacheReport report;
        const double store = median_seconds(
            1, [&] { build_territory_cached(study, cog, boundaries, nullptr, &report, settings); });
        if (!report.stored)
            throw std::runtime_error("cache non écrit : " + report.reason);
        const double warm = median_seconds(repeat, [&] {
            build_territory_cached(study, cog, boundaries, nullptr, &report, settings);
        });
        if (report.outcome != TerritoryCacheReport::Outcome::Hit)
            throw std::runtime_error("le cache n'a pas été relu");

        std::optional<TerritoryCacheKey> key;
        const double keying = median_seconds(repeat, [&] {
            Diagnostics d;
            const auto files = study.communes
                                   ? std::vector<BoundaryFile>{}
                                   : obtain_commune_boundaries(study.departements, boundaries, d);
            key = territory_cache_key(study, cog, files);
        });
        const double cog_digest = median_seconds(repeat, [&] { cog.content_digest(); });
        const double load = median_seconds(repeat, [&] {
            if (load_territory_cache(report.file, key->key).status !=
                TerritoryCacheRead::Status::Loaded)
                throw std::runtime_error("relecture impossible");
        });
        const Territory territory =
            std::move(*load_territory_cache(report.file, key->key).territory);
        std::string payload;
        const double encode =
            median_seconds(repeat, [&] { payload = encode_territory(territory); });
        const double decode = median_seconds(repeat, [&] { decode_territory(payload); });
        const double checksum =
            median_seconds(repeat, [&] { sha256_bytes(payload.data(), payload.size()); });
        const double save =
            median_seconds(repeat, [&] { save_territory_cache(report.file, key->key, territory); });
        const double size_mib = static_cast<double>(fs::file_size(report.file)) / (1024 * 1024);
        fs::remove_all(dir);

        std::cout << std::fixed << std::setprecision(3);
        std::cout << "Study: `" << argv[1] << "` — " << communes << " communes; median of "
                  << repeat << " runs, " << thread_count() << " threads\n\n";
        std::cout << "| territory | seconds |\n| --- | ---: |\n";
        std::cout << "| cold build (no cache) | " << cold << " |\n";
        std::cout << "| cold build + cache write | " << store << " |\n";
        std::cout << "| warm (read from the cache), total | " << warm << " |\n";
        std::cout << "| — of which: obtain and hash the inputs (key) | " << keying << " |\n";
        std::cout << "| — of which: COG content digest | " << cog_digest << " |\n";
        std::cout << "| — of which: read, check SHA-256, decode | " << load << " |\n";
        std::cout << "| — — of which: decode the payload (WKB, parallel) | " << decode << " |\n";
        std::cout << "| — — of which: SHA-256 of the payload | " << checksum << " |\n";
        std::cout << "| write the cache file (encode, SHA-256, atomic write) | " << save << " |\n";
        std::cout << "| — of which: encode the payload | " << encode << " |\n";
        std::cout << "| cache file size (MiB) | " << std::setprecision(1) << size_mib << " |\n";
        std::cout << "\nspeed-up warm vs cold: " << std::setprecision(1) << cold / warm << "x\n";
    } catch (const std::exception& e) {
        std::cerr << "tecsmap-bench-territory-cache : " << e.what() << "\n";
        return 1;
    }
    return 0;
}
