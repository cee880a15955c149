// Bounded input reads (issue 16): a directory, a FIFO, a device, a socket or an oversized file
// is refused at once, with the file named, whatever reads it.
#include "errors.hpp"
#include "fixtures.hpp"
#include "input_limits.hpp"
#include "study.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <cpl_vsi.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

using namespace tecsmap;
namespace fs = std::filesystem;

namespace {

std::string scratch(const std::string& name) {
    const std::string p = fs::absolute(name).string();
    std::error_code ignored;
    fs::remove_all(p, ignored);
    return p;
}

std::string make_fifo(const std::string& name) {
    const std::string p = scratch(name);
    REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
    return p;
}

// Sparse files of tens of GB take no disk but must not outlive the test (backups, du).
struct SparseFiles {
    std::vector<std::string> paths;
    ~SparseFiles() {
        std::error_code ignored;
        for (const std::string& p : paths)
            fs::remove(p, ignored);
    }
};
SparseFiles sparse_files;

std::string make_sparse(const std::string& name, std::uintmax_t size) {
    const std::string p = test::write_file(scratch(name), "");
    fs::resize_file(p, size); // sparse: no disk used
    sparse_files.paths.push_back(p);
    return p;
}

} // namespace

TEST_CASE("format_size writes sizes as the messages do", "[limits]") {
    CHECK(format_size(12) == "12 octets");
    CHECK(format_size(1536) == "1,5 Kio");
    CHECK(format_size(1024 * 1024) == "1 Mio");
    CHECK(format_size(10 * 1024 * 1024 + 300) == "10 Mio");
    CHECK(format_size(50ull * 1024 * 1024 * 1024) == "50 Gio");
}

TEST_CASE("check_input_file refuses what is not a regular file of a sane size", "[limits]") {
    CHECK_THROWS_WITH(check_input_file(scratch("absent.csv"), InputKind::Table),
                      Catch::Contains("absent.csv : fichier introuvable"));

    const std::string dir = scratch("un_repertoire.toml");
    fs::create_directory(dir);
    CHECK_THROWS_WITH(check_input_file(dir, InputKind::Study),
                      Catch::Contains("un_repertoire.toml") && Catch::Contains("répertoire"));

    const std::string fifo = make_fifo("tube.toml");
    CHECK_THROWS_WITH(check_input_file(fifo, InputKind::Study), Catch::Contains("FIFO"));

    CHECK_THROWS_WITH(check_input_file("/dev/zero", InputKind::Study),
                      Catch::Contains("/dev/zero") && Catch::Contains("périphérique"));

    const std::string sock = scratch("prise.csv");
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (sock.size() < sizeof addr.sun_path) {
        std::copy(sock.begin(), sock.end(), addr.sun_path);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        CHECK_THROWS_WITH(check_input_file(sock, InputKind::Table), Catch::Contains("socket"));
    }
    ::close(fd);

    const std::string huge = make_sparse("enorme.csv", 50ull * 1024 * 1024 * 1024);
    CHECK_THROWS_WITH(check_input_file(huge, InputKind::Table),
                      Catch::Contains("enorme.csv : fichier de 50 Gio") &&
                          Catch::Contains("256 Mio"));
}

TEST_CASE("the caps are per kind — at the cap is accepted, one byte over is not", "[limits]") {
    const std::uint64_t cap = input_size_cap(InputKind::Study);
    CHECK(cap == 1024 * 1024);
    const std::string at = make_sparse("at_cap.toml", cap);
    CHECK_NOTHROW(check_input_file(at, InputKind::Study));
    const std::string over = make_sparse("over_cap.toml", cap + 1);
    CHECK_THROWS_AS(check_input_file(over, InputKind::Study), InputError);
    CHECK_NOTHROW(check_input_file(over, InputKind::Table)); // 1 Mio is a small table
    CHECK(input_size_cap(InputKind::Table) < input_size_cap(InputKind::Layer));
    CHECK(input_size_cap(InputKind::Layer) <= input_size_cap(InputKind::Grid));
    CHECK(input_size_cap(InputKind::Boundaries) > 0);
    CHECK(input_size_cap(InputKind::Ban) > input_size_cap(InputKind::Table));
}

TEST_CASE("an Esri file geodatabase directory is a vector source, not a study", "[limits]") {
    const std::string gdb = scratch("couches.gdb");
    fs::create_directory(gdb);
    CHECK_NOTHROW(check_input_file(gdb, InputKind::Layer));
    CHECK_THROWS_AS(check_input_file(gdb, InputKind::Study), InputError);
    CHECK_THROWS_AS(check_input_file(gdb, InputKind::Table), InputError);
}

TEST_CASE("GDAL virtual paths are checked through GDAL", "[limits]") {
    gdal::init();
    std::string bytes(2 * 1024 * 1024, 'a');
    VSILFILE* f = VSIFileFromMemBuffer("/vsimem/limits_test.toml",
                                       reinterpret_cast<GByte*>(bytes.data()), bytes.size(), FALSE);
    REQUIRE(f);
    VSIFCloseL(f);
    CHECK_THROWS_WITH(check_input_file("/vsimem/limits_test.toml", InputKind::Study),
                      Catch::Contains("2 Mio"));
    CHECK_NOTHROW(check_input_file("/vsimem/limits_test.toml", InputKind::Table));
    VSIUnlink("/vsimem/limits_test.toml");
    CHECK_THROWS_WITH(check_input_file("/vsimem/absent.csv", InputKind::Table),
                      Catch::Contains("introuvable"));
}

TEST_CASE("read_input_file reads regular files, even those whose size is unknown", "[limits]") {
    CHECK(read_input_file(test::write_file("petit.toml", "a = 1\n"), InputKind::Study) ==
          "a = 1\n");
    // /proc files report a size of 0: the read itself is bounded.
    CHECK_FALSE(read_input_file("/proc/self/status", InputKind::Study).empty());
}

TEST_CASE("load_study refuses a directory, a FIFO, a device and a huge file, naming it",
          "[limits][study]") {
    const std::string dir = scratch("etude_dossier");
    fs::create_directory(dir);
    CHECK_THROWS_WITH(load_study(dir),
                      Catch::Contains("etude_dossier") && Catch::Contains("répertoire"));
    CHECK_THROWS_AS(load_study(make_fifo("etude_tube.toml")), StudyError);
    CHECK_THROWS_WITH(load_study("/dev/zero"), Catch::Contains("périphérique"));
    CHECK_THROWS_WITH(load_study(make_sparse("etude_enorme.toml", 50ull << 30)),
                      Catch::Contains("50 Gio") && Catch::Contains("1 Mio"));
    CHECK_THROWS_WITH(load_study(scratch("etude_absente.toml")),
                      Catch::Contains("etude_absente.toml") && Catch::Contains("introuvable"));
}

TEST_CASE("read_vector_table refuses non-files and oversized layers before GDAL sees them",
          "[limits]") {
    CHECK_THROWS_WITH(read_vector_table(make_fifo("couche.csv")), Catch::Contains("FIFO"));
    CHECK_THROWS_WITH(read_vector_table(make_fifo("couche.gpkg")), Catch::Contains("FIFO"));
    const std::string dir = scratch("couche_dossier.geojson");
    fs::create_directory(dir);
    CHECK_THROWS_WITH(read_vector_table(dir), Catch::Contains("répertoire"));
    CHECK_THROWS_WITH(read_vector_table(make_sparse("grande_couche.csv", 300ull << 20)),
                      Catch::Contains("300 Mio"));
    CHECK_THROWS_WITH(read_vector_table(make_sparse("grande_couche.gpkg", 3ull << 30)),
                      Catch::Contains("3 Gio") && Catch::Contains("couche vectorielle"));
    CHECK_THROWS_WITH(read_vector_table(make_sparse("classeur.xlsx", 300ull << 20)),
                      Catch::Contains("classeur"));
}
