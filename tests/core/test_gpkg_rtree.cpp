// The packed GeoPackage R-tree (gpkg_rtree.cpp) against the one GDAL builds itself: the same
// entries (so the same 32-bit rounding), the same triggers and extension row, a tree SQLite's
// own rtreecheck() accepts at every depth, the same answers to window queries, and an index
// that the triggers keep right through later edits.

#include "errors.hpp"
#include "gdal_handles.hpp"
#include "gpkg_rtree.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace tecsmap;

namespace {

// Packed from the boxes read back from the table, packed from the boxes of the inserted
// features (as the GeoPackage writer does), by GDAL's SQL function afterwards, by GDAL as it
// writes.
enum class Index { Packed, PackedFromBoxes, ByGdalLater, ByGdal };

// One feature: a point, a small square (polygon), nothing (null) or an empty geometry.
struct Shape {
    enum Kind { Point, Square, Null, Empty } kind;
    double x = 0, y = 0, side = 0;
};

// `n` shapes with a geometry (points and squares), with nulls and empties between them, which
// the index leaves out.
std::vector<Shape> shapes(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    // Negative and positive coordinates that are not 32-bit floats: both roundings of both signs.
    std::uniform_real_distribution<double> coord(-1.0e6, 1.0e6), side(0.5, 5000.0);
    std::vector<Shape> out;
    for (std::size_t k = 0; k < n; ++k) {
        if (k % 37 == 1)
            out.push_back({Shape::Null});
        if (k % 41 == 2)
            out.push_back({Shape::Empty});
        Shape s{k % 3 == 0 ? Shape::Square : Shape::Point};
        s.x = coord(rng);
        s.y = coord(rng);
        s.side = side(rng);
        out.push_back(s);
    }
    return out;
}

// Nodes of a tree packed full: the root, then ceil(m / 51) nodes for each level of m cells
// that does not fit in the root. GDAL's own R*-tree, filled one by one, has more.
long packed_nodes(long n) {
    long nodes = 1;
    for (long m = n; m > 51; m = (m + 50) / 51)
        nodes += (m + 50) / 51;
    return nodes;
}

gdal::GeometryPtr geometry(const Shape& s) {
    switch (s.kind) {
    case Shape::Point:
        return std::make_unique<OGRPoint>(s.x, s.y);
    case Shape::Square: {
        OGRLinearRing ring;
        ring.addPoint(s.x, s.y);
        ring.addPoint(s.x + s.side, s.y);
        ring.addPoint(s.x + s.side, s.y + s.side);
        ring.addPoint(s.x, s.y + s.side);
        ring.closeRings();
        auto p = std::make_unique<OGRPolygon>();
        p->addRing(&ring);
        return p;
    }
    case Shape::Empty:
        return std::make_unique<OGRPolygon>();
    case Shape::Null:
        break;
    }
    return nullptr;
}

// A GeoPackage with one layer "t" of the shapes: indexed by GDAL as it writes, or written
// without an index and then indexed by build_gpkg_rtree or its fallback.
std::string write(const std::string& name, const std::vector<Shape>& in, Index index) {
    const bool later = index != Index::ByGdal;
    gdal::init();
    const std::string path = (std::filesystem::current_path() / name).string();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    gdal::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    CPLStringList options;
    options.SetNameValue("SPATIAL_INDEX", later ? "NO" : "YES");
    OGRLayer* layer = ds->CreateLayer("t", nullptr, wkbUnknown, options.List());
    REQUIRE(layer);
    REQUIRE(ds->StartTransaction() == OGRERR_NONE);
    std::vector<RtreeBox> boxes;
    for (const Shape& s : in) {
        gdal::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        if (auto g = geometry(s))
            f->SetGeometryDirectly(g.release());
        REQUIRE(layer->CreateFeature(f.get()) == OGRERR_NONE);
        if (auto box = rtree_box(*f)) {
            CHECK((s.kind == Shape::Point || s.kind == Shape::Square));
            boxes.push_back(*box);
        }
    }
    if (index == Index::Packed)
        build_gpkg_rtree(*ds, *layer, path);
    else if (index == Index::PackedFromBoxes)
        build_gpkg_rtree(*ds, *layer, path, boxes);
    else if (index == Index::ByGdalLater)
        build_gpkg_rtree_by_gdal(*ds, *layer, path);
    REQUIRE(ds->CommitTransaction() == OGRERR_NONE);
    return path;
}

// Every row of an SQL query, its fields joined by '|'.
std::vector<std::string> rows(GDALDataset& ds, const std::string& sql) {
    std::vector<std::string> out;
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    REQUIRE(result);
    for (auto& f : *result) {
        std::string row;
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            if (i > 0)
                row += '|';
            row += f->GetFieldAsString(i);
        }
        out.push_back(row);
    }
    ds.ReleaseResultSet(result);
    return out;
}

gdal::DatasetPtr open(const std::string& path, bool update = false) {
    gdal::DatasetPtr ds(GDALDataset::Open(
        path.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY)));
    REQUIRE(ds);
    return ds;
}

// What a reader of the index sees: its entries, its triggers and its extension row.
void require_same_index(const std::string& packed, const std::string& gdal_built) {
    auto a = open(packed), b = open(gdal_built);
    const std::string entries = "SELECT id, minx, maxx, miny, maxy FROM rtree_t_geom ORDER BY id";
    CHECK(rows(*a, entries) == rows(*b, entries));
    const std::string triggers =
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree%' "
        "ORDER BY name";
    CHECK(rows(*a, triggers).size() == 6);
    CHECK(rows(*a, triggers) == rows(*b, triggers));
    const std::string extensions = "SELECT * FROM gpkg_extensions ORDER BY 1, 2, 3";
    CHECK(rows(*a, extensions) == rows(*b, extensions));
    CHECK(rows(*a, "SELECT rtreecheck('rtree_t_geom')") == std::vector<std::string>{"ok"});
    CHECK(rows(*a, "SELECT HasSpatialIndex('t', 'geom')") == std::vector<std::string>{"1"});
}

std::set<GIntBig> in_window(const std::string& path, double x0, double y0, double x1, double y1) {
    auto ds = open(path);
    OGRLayer* layer = ds->GetLayerByName("t");
    layer->SetSpatialFilterRect(x0, y0, x1, y1);
    std::set<GIntBig> out;
    for (auto& f : *layer)
        out.insert(f->GetFID());
    return out;
}

} // namespace

TEST_CASE("the packed GeoPackage R-tree is GDAL's index, at every depth of the tree",
          "[gpkg][rtree]") {
    // 51 cells per node with 4 KiB pages: 51 fit in the root (depth 0), 52 need leaves
    // (depth 1), 51 × 51 + 1 features a third level (depth 2).
    for (std::size_t n : {0, 1, 51, 52, 2601, 2602, 6000}) {
        CAPTURE(n);
        const auto in = shapes(n, static_cast<std::uint32_t>(n) + 7);
        const std::string gdal_built = write("rtree-depth-gdal.gpkg", in, Index::ByGdal);
        // The boxes given by the writer make the same index as those read back.
        const std::string from_boxes =
            write("rtree-depth-boxes.gpkg", in, Index::PackedFromBoxes);
        require_same_index(from_boxes, gdal_built);
        const std::string packed = write("rtree-depth-packed.gpkg", in, Index::Packed);
        require_same_index(packed, gdal_built);

        auto ds = open(packed);
        REQUIRE(rows(*ds, "SELECT count(*) FROM rtree_t_geom") ==
                std::vector<std::string>{std::to_string(n)});
        const auto root = rows(*ds, "SELECT hex(substr(data, 1, 2)) FROM rtree_t_geom_node "
                                    "WHERE nodeno = 1");
        CHECK(root.at(0) == (n <= 51 ? "0000" : n <= 51 * 51 ? "0001" : "0002"));
        // Packed, not built by GDAL's fallback: full nodes only.
        const auto nodes = rows(*ds, "SELECT count(*) FROM rtree_t_geom_node");
        CHECK(std::stol(nodes.at(0)) == packed_nodes(static_cast<long>(n)));

        // Window queries go through the index (GDAL uses it when it is declared): the same
        // features as with GDAL's index, including none and all.
        std::mt19937 rng(static_cast<std::uint32_t>(n));
        std::uniform_real_distribution<double> at(-1.1e6, 1.1e6), size(1.0, 4.0e5);
        for (int w = 0; w < 8; ++w) {
            const double x = at(rng), y = at(rng), s = size(rng);
            CHECK(in_window(packed, x, y, x + s, y + s) ==
                  in_window(gdal_built, x, y, x + s, y + s));
        }
        CHECK(in_window(packed, -2e6, -2e6, 2e6, 2e6) ==
              in_window(gdal_built, -2e6, -2e6, 2e6, 2e6));
    }
}

TEST_CASE("edits after the packed R-tree keep it right through GDAL's triggers", "[gpkg][rtree]") {
    const auto in = shapes(3000, 11);
    const std::string packed = write("rtree-edits-packed.gpkg", in, Index::Packed);
    const std::string gdal_built = write("rtree-edits-gdal.gpkg", in, Index::ByGdal);
    // The same edits on both files: new features, moved and removed geometries, deletions.
    for (const std::string& path : {packed, gdal_built}) {
        auto ds = open(path, true);
        OGRLayer* layer = ds->GetLayerByName("t");
        for (int k = 0; k < 300; ++k) {
            gdal::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            f->SetGeometryDirectly(new OGRPoint(1000.0 * k + 0.3, -2000.0 * k - 0.7));
            REQUIRE(layer->CreateFeature(f.get()) == OGRERR_NONE);
        }
        for (GIntBig fid = 1; fid <= 3000; fid += 7) {
            gdal::FeaturePtr f(layer->GetFeature(fid));
            REQUIRE(f);
            if (fid % 2)
                f->SetGeometryDirectly(new OGRPoint(fid * 10.1, fid * 10.1));
            else
                f->SetGeometryDirectly(nullptr);
            REQUIRE(layer->SetFeature(f.get()) == OGRERR_NONE);
        }
        for (GIntBig fid = 2; fid <= 3000; fid += 5)
            REQUIRE(layer->DeleteFeature(fid) == OGRERR_NONE);
    }
    require_same_index(packed, gdal_built);
    CHECK(in_window(packed, 0, 0, 20000, 20000) == in_window(gdal_built, 0, 0, 20000, 20000));
}

TEST_CASE("without GDAL's connection, the fallback asks GDAL for the same index", "[gpkg][rtree]") {
    const auto in = shapes(700, 5);
    require_same_index(write("rtree-fallback.gpkg", in, Index::ByGdalLater),
                       write("rtree-fallback-gdal.gpkg", in, Index::ByGdal));
}

TEST_CASE("a packed R-tree that cannot be built leaves nothing of itself and names the layer",
          "[gpkg][rtree]") {
    gdal::init();
    const std::string path = (std::filesystem::current_path() / "rtree-failed.gpkg").string();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    gdal::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    CPLStringList options;
    options.SetNameValue("SPATIAL_INDEX", "NO");
    OGRLayer* layer = ds->CreateLayer("t", nullptr, wkbPoint, options.List());
    REQUIRE(layer);
    REQUIRE(ds->StartTransaction() == OGRERR_NONE);
    for (int k = 0; k < 100; ++k) {
        gdal::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        f->SetGeometryDirectly(new OGRPoint(k, k));
        REQUIRE(layer->CreateFeature(f.get()) == OGRERR_NONE);
    }
    // A table in the way of the R-tree's own: SQLite refuses to create the index.
    ds->ReleaseResultSet(ds->ExecuteSQL("CREATE TABLE rtree_t_geom_node (x)", nullptr, nullptr));
    try {
        build_gpkg_rtree(*ds, *layer, path);
        FAIL("the index was built over a table in its way");
    } catch (const OutputError& e) {
        CHECK_THAT(e.what(), Catch::Contains("rtree-failed.gpkg") &&
                                 Catch::Contains("index spatial de la couche t"));
    }
    // The features stay, the transaction goes on, and no part of the index is left.
    REQUIRE(ds->CommitTransaction() == OGRERR_NONE);
    CHECK(rows(*ds, "SELECT count(*) FROM t") == std::vector<std::string>{"100"});
    CHECK(rows(*ds, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree_t_geom%' "
                    "AND name != 'rtree_t_geom_node'") == std::vector<std::string>{"0"});
    // The extension table was created with the index, so it went with it; its row for t surely.
    const auto extensions = rows(*ds, "SELECT count(*) FROM sqlite_master WHERE name = "
                                      "'gpkg_extensions'");
    if (extensions.at(0) != "0")
        CHECK(rows(*ds, "SELECT count(*) FROM gpkg_extensions WHERE table_name = 't'") ==
              std::vector<std::string>{"0"});
}
