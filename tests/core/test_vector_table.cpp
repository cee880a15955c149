// read_vector_table's schema scan: reading a pinned france-geojson file with the schema taken from
// its first feature gives exactly what the whole-file scan gives, and the scan really is limited
// (a later feature's extra property is then not a field), on this thread only.

#include "fixtures.hpp"
#include "paths.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <cpl_conv.h>

#include <thread>

using namespace tecsmap;

namespace {

std::vector<unsigned char> wkb_of(const SourceRow& row) {
    if (!row.geometry)
        return {};
    std::vector<unsigned char> out(row.geometry->WkbSize());
    row.geometry->exportToWkb(wkbNDR, out.data(), wkbVariantIso);
    return out;
}

void require_same_table(const VectorTable& a, const VectorTable& b) {
    REQUIRE(a.fields == b.fields);
    REQUIRE(a.layer_name == b.layer_name);
    REQUIRE(a.srs);
    REQUIRE(b.srs);
    CHECK(a.srs->IsSame(b.srs.get()));
    REQUIRE(a.rows.size() == b.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        INFO("feature " << i);
        REQUIRE(a.rows[i].fid == b.rows[i].fid);
        REQUIRE(a.rows[i].values == b.rows[i].values);
        REQUIRE(wkb_of(a.rows[i]) == wkb_of(b.rows[i]));
    }
}

} // namespace

TEST_CASE("a pinned commune file read with the first feature's schema is read exactly as a whole "
          "scan reads it",
          "[vector_table]") {
    const auto mirror = mirror_dir();
    REQUIRE(mirror); // the read-only mirror next to the checkout (tests run offline)
    // The Drôme (367 communes), and Corse-du-Sud (codes 2Axxx, multipolygons among them).
    for (const char* file : {"/departements/26-drome/communes-26-drome.geojson",
                             "/departements/2A-corse-du-sud/communes-2A-corse-du-sud.geojson"}) {
        const std::string path = *mirror + file;
        INFO(path);
        const VectorTable whole = read_vector_table(path, "", SchemaScan::WholeFile);
        const VectorTable first = read_vector_table(path, "", SchemaScan::FirstFeature);
        REQUIRE(whole.fields == std::vector<std::string>{"code", "nom"});
        REQUIRE(whole.rows.size() > 100);
        require_same_table(whole, first);
    }
}

TEST_CASE("the first-feature scan is limited to the first feature, and to this one read",
          "[vector_table]") {
    // A file whose last feature has a property the others lack: why the first-feature scan is
    // kept for files whose content is known.
    // GDAL reads the file in blocks of 40 KB and stops its scan after the first block that holds
    // a feature: the feature with the property comes after 2 000 without it (about 150 KB).
    std::string json = R"({"type": "FeatureCollection", "features": [)";
    for (int i = 0; i < 2000; ++i)
        json += R"({"type": "Feature", "properties": {"code": "26001"},
 "geometry": {"type": "Point", "coordinates": [5.0, 44.7]}},
)";
    json += R"({"type": "Feature", "properties": {"code": "26002", "nom": "Aleyrac"},
 "geometry": {"type": "Point", "coordinates": [5.1, 44.5]}}]})";
    const std::string path = test::write_file("later_property.geojson", json);
    const VectorTable whole = read_vector_table(path, "", SchemaScan::WholeFile);
    CHECK(whole.fields == std::vector<std::string>{"code", "nom"});
    REQUIRE(whole.rows.size() == 2001);
    CHECK(whole.rows[2000].values == std::vector<std::string>{"26002", "Aleyrac"});

    const VectorTable first = read_vector_table(path, "", SchemaScan::FirstFeature);
    CHECK(first.fields == std::vector<std::string>{"code"});
    REQUIRE(first.rows.size() == 2001);
    CHECK(first.rows[2000].values == std::vector<std::string>{"26002"});

    // The option was set for that opening only (thread-local, restored): the next reading, here
    // or on another thread, scans the whole file again.
    CHECK(CPLGetConfigOption("OGR_GEOJSON_MAX_FEATURES_FIRST_PASS", nullptr) == nullptr);
    CHECK(read_vector_table(path, "", SchemaScan::WholeFile).fields ==
          std::vector<std::string>{"code", "nom"});
    VectorTable on_another_thread;
    std::thread([&] {
        on_another_thread = read_vector_table(path, "", SchemaScan::WholeFile);
    }).join();
    CHECK(on_another_thread.fields == std::vector<std::string>{"code", "nom"});
}
