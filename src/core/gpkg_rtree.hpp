#pragma once
// The GeoPackage R-tree spatial index of a written table, packed in one pass.
//
// GDAL 3.6 builds a GeoPackage layer's R-tree when the file is closed, by inserting every
// feature's box into SQLite's R*-tree module one at a time: about 0.75 s for 100 000 points,
// on one core, at the end of the write (docs/performance.md, "Issue 15"). This packs it in one
// pass instead, with the GDAL of Debian 12 (later GDALs bulk-load it themselves). The tables are
// written by GDAL with SPATIAL_INDEX=NO, then, on GDAL's own SQLite connection, inside its
// transaction and under a savepoint (a failure leaves no half index):
//   - the boxes are read with GDAL's SQL functions (ST_MinX...), as GDAL reads them, or given
//     by the writer from the features it inserted (the same doubles), and rounded to SQLite's
//     32-bit floats outward, as SQLite rounds them;
//   - they are packed Sort-Tile-Recursive (Leutenegger et al. 1997) into full nodes, and the
//     nodes written into the R-tree module's own tables (%_node, %_rowid, %_parent) in
//     SQLite's node format;
//   - the extension row and the six triggers that keep the index in step with later edits are
//     those GDAL writes (GeoPackage 1.2, "gpkg_rtree_index").
// The index holds the same entries as GDAL's; tests/core/test_gpkg_rtree.cpp checks that
// against GDAL, with SQLite's rtreecheck() and with queries and edits.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

/// One row's entry in the index: its fid and the extent of its geometry, in doubles (the index
/// rounds them to 32-bit floats outward).
struct RtreeBox {
    std::int64_t fid = 0;
    double minx = 0, maxx = 0, miny = 0, maxy = 0;
};

/// The entry of a feature GDAL has just inserted (its fid set by CreateFeature): the extent
/// of its geometry, which is what GDAL's SQL functions (ST_MinX...) read back (from the
/// envelope GDAL writes in the geometry's header, or from the point itself: GDAL writes no
/// envelope for a point); none for a null or empty geometry, which the index leaves out.
std::optional<RtreeBox> rtree_box(const OGRFeature& inserted);

/// Creates the "gpkg_rtree_index" spatial index of `layer`, a table of the GeoPackage `ds`
/// created with SPATIAL_INDEX=NO, from the rows it holds. Call after its last feature, inside
/// the dataset's transaction, at most once per layer. If GDAL does not lend its SQLite
/// connection, falls back to build_gpkg_rtree_by_gdal. Throws OutputError naming `path` and
/// the table.
void build_gpkg_rtree(GDALDataset& ds, OGRLayer& layer, const std::string& path);

/// The same, from the boxes of the rows the caller has just written (rtree_box of each
/// feature: every row with a non-empty geometry, once), instead of reading them back from the
/// table: a writer that has its features at hand saves that pass (about 0.2 s for 100 000
/// points).
void build_gpkg_rtree(GDALDataset& ds, OGRLayer& layer, const std::string& path,
                      const std::vector<RtreeBox>& boxes);

/// The same index built by GDAL (its SQL function CreateSpatialIndex): one row at a time.
void build_gpkg_rtree_by_gdal(GDALDataset& ds, OGRLayer& layer, const std::string& path);

} // namespace tecsmap
