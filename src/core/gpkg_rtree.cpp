#include "gpkg_rtree.hpp"

#include "errors.hpp"
#include "gdal_handles.hpp"
#include "postgis_target.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace tecsmap {

namespace {

struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// GDAL's SQLite connection, with errors that name the output and the table.
class Connection {
public:
    Connection(sqlite3* db, std::string context)
        : db_(db)
        , context_(std::move(context)) {}

    void exec(const std::string& sql) {
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            fail();
    }
    StatementPtr prepare(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
            sqlite3_finalize(s);
            fail();
        }
        return StatementPtr(s);
    }
    // Runs a bound statement that returns no row, and resets it for the next values.
    void run(sqlite3_stmt* s) {
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            fail();
    }
    void bind(sqlite3_stmt* s, int at, std::int64_t v) {
        if (sqlite3_bind_int64(s, at, v) != SQLITE_OK)
            fail();
    }
    void bind(sqlite3_stmt* s, int at, const std::vector<unsigned char>& blob) {
        if (sqlite3_bind_blob(s, at, blob.data(), static_cast<int>(blob.size()),
                              SQLITE_TRANSIENT) != SQLITE_OK)
            fail();
    }
    [[noreturn]] void fail() const { fail(sqlite3_errmsg(db_)); }
    [[noreturn]] void fail(const std::string& why) const {
        throw OutputError(context_ + " impossible : " + why);
    }

private:
    sqlite3* db_;
    std::string context_;
};

// SQL identifiers are quoted alike in SQLite and PostgreSQL.
std::string quoted(const std::string& name) {
    return postgis::quote_ident(name);
}

std::string literal(const std::string& text) { // an SQL string
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// SQLite's R-tree stores 32-bit floats, rounded outward so that a box holds its geometry
// (rtree.c, rtreeValueDown and rtreeValueUp); the same arithmetic gives the same entries.
constexpr double kTowardsZero = 1.0 - 1.0 / 8388608.0;
constexpr double kAwayFromZero = 1.0 + 1.0 / 8388608.0;

float value_down(double d) {
    auto f = static_cast<float>(d);
    if (f > d)
        f = static_cast<float>(d * (d < 0 ? kAwayFromZero : kTowardsZero));
    return f;
}

float value_up(double d) {
    auto f = static_cast<float>(d);
    if (f < d)
        f = static_cast<float>(d * (d < 0 ? kTowardsZero : kAwayFromZero));
    return f;
}

// One cell of a node: a feature id (leaves) or a child node number, and its box in the
// R-tree's column order: minx, maxx, miny, maxy.
struct Cell {
    std::int64_t id;
    std::array<float, 4> box;

    double centre_x() const { return (double(box[0]) + double(box[1])) / 2; }
    double centre_y() const { return (double(box[2]) + double(box[3])) / 2; }
};

std::array<float, 4> box_of(const std::vector<Cell>& cells) {
    std::array<float, 4> b = cells.front().box;
    for (const Cell& c : cells) {
        b[0] = std::min(b[0], c.box[0]);
        b[1] = std::max(b[1], c.box[1]);
        b[2] = std::min(b[2], c.box[2]);
        b[3] = std::max(b[3], c.box[3]);
    }
    return b;
}

// Sort-Tile-Recursive grouping of one level: vertical slices by centre x, then runs of
// `per_node` by centre y in each slice. Ties are broken by id, so the file is reproducible.
std::vector<std::vector<Cell>> pack_level(std::vector<Cell> cells, std::size_t per_node) {
    const std::size_t nodes = (cells.size() + per_node - 1) / per_node;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t per_slice = (nodes + slices - 1) / slices * per_node;
    auto by = [](double (Cell::*centre)() const) {
        return [centre](const Cell& a, const Cell& b) {
            const double ca = (a.*centre)(), cb = (b.*centre)();
            return ca != cb ? ca < cb : a.id < b.id;
        };
    };
    auto at = [&cells](std::size_t k) { return cells.begin() + static_cast<std::ptrdiff_t>(k); };
    std::sort(cells.begin(), cells.end(), by(&Cell::centre_x));
    std::vector<std::vector<Cell>> groups;
    groups.reserve(nodes);
    for (std::size_t slice = 0; slice < cells.size(); slice += per_slice) {
        const std::size_t slice_end = std::min(cells.size(), slice + per_slice);
        std::sort(at(slice), at(slice_end), by(&Cell::centre_y));
        for (std::size_t k = slice; k < slice_end; k += per_node)
            groups.emplace_back(at(k), at(std::min(slice_end, k + per_node)));
    }
    return groups;
}

// A node in SQLite's format: a 16-bit depth (the root's only), a 16-bit cell count, then per
// cell a 64-bit id and four 32-bit floats, all big-endian, zero-padded to the node size.
std::vector<unsigned char> node_blob(const std::vector<Cell>& cells, int depth,
                                     std::size_t node_size) {
    std::vector<unsigned char> blob;
    blob.reserve(node_size);
    auto put = [&blob](std::uint64_t v, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
            blob.push_back(static_cast<unsigned char>((v >> shift) & 0xff));
    };
    put(static_cast<std::uint64_t>(depth), 2);
    put(cells.size(), 2);
    for (const Cell& c : cells) {
        put(static_cast<std::uint64_t>(c.id), 8);
        for (float f : c.box) {
            std::uint32_t bits = 0;
            std::memcpy(&bits, &f, sizeof bits);
            put(bits, 4);
        }
    }
    blob.resize(node_size, 0); // cells never outgrow it: at most (node_size - 4) / 24 of them
    return blob;
}

// The GeoPackage 1.2 extension table, as GDAL creates it.
const char* const kExtensionsTable =
    "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,"
    "extension_name TEXT NOT NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,"
    "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))";

// The triggers that keep the index in step with edits (GeoPackage 1.2, F.3), as GDAL 3.6 writes
// them, for the table `table`, its geometry column, its id column and its R-tree.
std::string triggers_sql(const std::string& table, const std::string& column,
                         const std::string& fid, const std::string& rtree) {
    const std::string t = quoted(table), c = quoted(column), i = quoted(fid), r = quoted(rtree);
    const std::string values = " VALUES (NEW." + i + ",ST_MinX(NEW." + c + "), ST_MaxX(NEW." + c +
                               "),ST_MinY(NEW." + c + "), ST_MaxY(NEW." + c + ")); END;";
    auto create = [&](const char* suffix, const std::string& when) {
        return "CREATE TRIGGER " + quoted(rtree + suffix) + " " + when + " BEGIN ";
    };
    const std::string same_id = " WHEN OLD." + i + " = NEW." + i + " AND ";
    const std::string new_id = " WHEN OLD." + i + " != NEW." + i + " AND ";
    const std::string has_geometry = "(NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." + c + "))";
    const std::string no_geometry = "(NEW." + c + " ISNULL OR ST_IsEmpty(NEW." + c + "))";
    return create("_insert", "AFTER INSERT ON " + t + " WHEN (new." + c +
                                 " NOT NULL AND NOT ST_IsEmpty(NEW." + c + "))") +
           "INSERT OR REPLACE INTO " + r + values +
           create("_update1", "AFTER UPDATE OF " + c + " ON " + t + same_id + has_geometry) +
           "INSERT OR REPLACE INTO " + r + values +
           create("_update2", "AFTER UPDATE OF " + c + " ON " + t + same_id + no_geometry) +
           "DELETE FROM " + r + " WHERE id = OLD." + i + "; END;" +
           create("_update3", "AFTER UPDATE ON " + t + new_id + has_geometry) + "DELETE FROM " + r +
           " WHERE id = OLD." + i + "; INSERT OR REPLACE INTO " + r + values +
           create("_update4", "AFTER UPDATE ON " + t + new_id + no_geometry) + "DELETE FROM " + r +
           " WHERE id IN (OLD." + i + ", NEW." + i + "); END;" +
           create("_delete", "AFTER DELETE ON " + t + " WHEN old." + c + " NOT NULL") +
           "DELETE FROM " + r + " WHERE id = OLD." + i + "; END;";
}

Cell leaf(const RtreeBox& b) {
    return {b.fid, {value_down(b.minx), value_up(b.maxx), value_down(b.miny), value_up(b.maxy)}};
}

// Packs the boxes of the table's rows (given, or else read from the table) and writes the
// index, its extension row and its triggers.
void pack_rtree(Connection& sql, const std::string& table, const std::string& column,
                const std::string& fid, const std::vector<RtreeBox>* boxes) {
    const std::string t = quoted(table), c = quoted(column), i = quoted(fid);
    const std::string rtree_name = "rtree_" + table + "_" + column;
    const std::string r = quoted(rtree_name);

    std::vector<Cell> leaves;
    if (boxes) {
        leaves.reserve(boxes->size());
        for (const RtreeBox& b : *boxes)
            leaves.push_back(leaf(b));
    } else { // the boxes, read as GDAL's CreateSpatialIndex reads them
        StatementPtr s = sql.prepare("SELECT " + i + ", ST_MinX(" + c + "), ST_MaxX(" + c +
                                     "), ST_MinY(" + c + "), ST_MaxY(" + c + ") FROM " + t +
                                     " WHERE " + c + " NOT NULL AND NOT ST_IsEmpty(" + c + ")");
        int rc;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW)
            leaves.push_back(leaf({sqlite3_column_int64(s.get(), 0),
                                   sqlite3_column_double(s.get(), 1),
                                   sqlite3_column_double(s.get(), 2),
                                   sqlite3_column_double(s.get(), 3),
                                   sqlite3_column_double(s.get(), 4)}));
        if (rc != SQLITE_DONE)
            sql.fail();
    }

    sql.exec(kExtensionsTable);
    sql.exec("INSERT INTO gpkg_extensions (table_name,column_name,extension_name,definition,"
             "scope) VALUES (" +
             literal(table) + ", " + literal(column) +
             ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
             "'write-only')");
    sql.exec("CREATE VIRTUAL TABLE " + r + " USING rtree(id, minx, maxx, miny, maxy)");

    // SQLite sized the root node it created (4 + 24 × 51 bytes with 4 KiB pages); every node
    // has that size, and holds at most that many cells.
    std::size_t node_size = 0;
    {
        StatementPtr s = sql.prepare("SELECT length(data) FROM " + quoted(rtree_name + "_node") +
                                     " WHERE nodeno = 1");
        const int rc = sqlite3_step(s.get());
        if (rc == SQLITE_DONE)
            sql.fail("nœud racine du R-tree absent");
        if (rc != SQLITE_ROW)
            sql.fail();
        node_size = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
    }
    constexpr std::size_t kCellSize = 8 + 4 * 4;
    const std::size_t per_node = node_size < 4 + 2 * kCellSize ? 0 : (node_size - 4) / kCellSize;
    if (per_node < 2)
        sql.fail("nœud de R-tree de " + std::to_string(node_size) + " octets");

    // Bottom-up: each level's groups become the nodes 2, 3, ... and their boxes the cells of
    // the level above, until one group fits in the root (node 1).
    struct Node {
        std::int64_t number;
        std::vector<Cell> cells;
        std::int64_t parent = 1;
    };
    std::vector<Node> nodes; // nodes[k] is node k + 2
    std::vector<Cell> level = std::move(leaves);
    std::size_t leaf_nodes = 0;
    int depth = 0; // of the root: levels below it
    while (level.size() > per_node) {
        std::vector<std::vector<Cell>> groups = pack_level(std::move(level), per_node);
        level.clear();
        for (auto& g : groups) {
            const auto number = static_cast<std::int64_t>(nodes.size()) + 2;
            if (depth > 0)
                for (const Cell& child : g)
                    nodes[static_cast<std::size_t>(child.id - 2)].parent = number;
            level.push_back({number, box_of(g)});
            nodes.push_back({number, std::move(g)});
        }
        if (depth == 0)
            leaf_nodes = nodes.size();
        ++depth;
    }

    const std::string node_table = quoted(rtree_name + "_node");
    {
        StatementPtr root = sql.prepare("UPDATE " + node_table + " SET data = ? WHERE nodeno = 1");
        sql.bind(root.get(), 1, node_blob(level, depth, node_size));
        sql.run(root.get());
    }
    {
        StatementPtr node =
            sql.prepare("INSERT INTO " + node_table + " (nodeno, data) VALUES (?, ?)");
        StatementPtr parent = sql.prepare("INSERT INTO " + quoted(rtree_name + "_parent") +
                                          " (nodeno, parentnode) VALUES (?, ?)");
        for (const Node& n : nodes) {
            sql.bind(node.get(), 1, n.number);
            sql.bind(node.get(), 2, node_blob(n.cells, 0, node_size));
            sql.run(node.get());
            sql.bind(parent.get(), 1, n.number);
            sql.bind(parent.get(), 2, n.parent);
            sql.run(parent.get());
        }
    }
    {
        // Each feature's leaf, in id order (appended to the table's B-tree).
        std::vector<std::pair<std::int64_t, std::int64_t>> rowids;
        if (depth == 0)
            for (const Cell& cell : level)
                rowids.emplace_back(cell.id, 1);
        for (std::size_t k = 0; k < leaf_nodes; ++k)
            for (const Cell& cell : nodes[k].cells)
                rowids.emplace_back(cell.id, nodes[k].number);
        std::sort(rowids.begin(), rowids.end());
        StatementPtr rowid = sql.prepare("INSERT INTO " + quoted(rtree_name + "_rowid") +
                                         " (rowid, nodeno) VALUES (?, ?)");
        for (const auto& [id, leaf] : rowids) {
            sql.bind(rowid.get(), 1, id);
            sql.bind(rowid.get(), 2, leaf);
            sql.run(rowid.get());
        }
    }
    sql.exec(triggers_sql(table, column, fid, rtree_name));
}

} // namespace

void build_gpkg_rtree_by_gdal(GDALDataset& ds, OGRLayer& layer, const std::string& path) {
    const std::string sql = "SELECT CreateSpatialIndex(" + literal(layer.GetName()) + ", " +
                            literal(layer.GetGeometryColumn()) + ")";
    CPLErrorReset();
    ds.ReleaseResultSet(ds.ExecuteSQL(sql.c_str(), nullptr, nullptr));
    if (CPLGetLastErrorType() == CE_Failure)
        throw OutputError(path + " : index spatial de la couche " + layer.GetName() +
                          " impossible : " + gdal::last_error());
}

std::optional<RtreeBox> rtree_box(const OGRFeature& inserted) {
    const OGRGeometry* g = inserted.GetGeometryRef();
    if (!g || g->IsEmpty())
        return std::nullopt;
    OGREnvelope e;
    g->getEnvelope(&e);
    return RtreeBox{inserted.GetFID(), e.MinX, e.MaxX, e.MinY, e.MaxY};
}

namespace {

void build(GDALDataset& ds, OGRLayer& layer, const std::string& path,
           const std::vector<RtreeBox>* boxes) {
    const std::string table = layer.GetName();
    const std::string context = path + " : index spatial de la couche " + table;
    // The table exists from here on, even when it has no feature (GDAL creates it lazily).
    if (layer.SyncToDisk() != OGRERR_NONE)
        throw OutputError(context + " impossible : " + gdal::last_error());
    auto* db = static_cast<sqlite3*>(ds.GetInternalHandle("SQLITE_HANDLE"));
    if (!db) // a GDAL that does not lend its connection: its own, slower, index
        return build_gpkg_rtree_by_gdal(ds, layer, path);
    Connection sql(db, context);
    // All or nothing, even outside the caller's transaction: a failure leaves no half index.
    sql.exec("SAVEPOINT tecsmap_rtree");
    try {
        pack_rtree(sql, table, layer.GetGeometryColumn(), layer.GetFIDColumn(), boxes);
        sql.exec("RELEASE tecsmap_rtree");
    } catch (...) {
        // Best effort: after a full disk or an I/O error SQLite may have rolled back the whole
        // transaction already; the caller then abandons the file anyway (atomic_output.hpp).
        sqlite3_exec(db, "ROLLBACK TO tecsmap_rtree; RELEASE tecsmap_rtree", nullptr, nullptr,
                     nullptr);
        throw;
    }
}

} // namespace

void build_gpkg_rtree(GDALDataset& ds, OGRLayer& layer, const std::string& path) {
    build(ds, layer, path, nullptr);
}

void build_gpkg_rtree(GDALDataset& ds, OGRLayer& layer, const std::string& path,
                      const std::vector<RtreeBox>& boxes) {
    build(ds, layer, path, &boxes);
}

} // namespace tecsmap
