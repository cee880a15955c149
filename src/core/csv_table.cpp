#include "csv_table.hpp"

#include "csv_scan.hpp"
#include "errors.hpp"
#include "input_limits.hpp"
#include "text.hpp"

#include <cpl_vsi.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

namespace tecsmap {

namespace {

// A /vsimem/ file over a string (not copied; the string must outlive it), unlinked when it
// goes away. Names are unique per process and call, so that threads never share one.
class MemFile {
public:
    explicit MemFile(std::string& bytes)
        : name_("/vsimem/tecsmap-csv-" + std::to_string(::getpid()) + "-" +
                std::to_string(++counter_) + ".csv") {
        VSILFILE* f = VSIFileFromMemBuffer(name_.c_str(), reinterpret_cast<GByte*>(bytes.data()),
                                           bytes.size(), FALSE);
        if (!f)
            throw InputError("", "copie en mémoire impossible : " + gdal::last_error());
        VSIFCloseL(f);
    }
    ~MemFile() { VSIUnlink(name_.c_str()); }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    const std::string& name() const { return name_; }

private:
    static inline std::atomic<unsigned long> counter_{0};
    std::string name_;
};

} // namespace

VectorTable read_csv_table(const std::string& path) {
    gdal::init();
    VectorTable table;
    table.path = path;
    table.is_csv = true;
    table.layer_name = std::filesystem::path(path).stem().string();

    csv::Scan scan;
    {
        const std::string bytes = read_input_file(path, InputKind::Table);
        // Everything that is not valid UTF-8 is taken as Windows-1252, what Excel writes in
        // France when asked for "CSV (séparateur: point-virgule)".
        table.recoded_from_cp1252 = !text::is_valid_utf8(bytes);
        csv::Options options;
        options.windows_1252 = table.recoded_from_cp1252;
        scan = csv::scan(bytes, csv::sniff_separator(bytes), options);
    }
    if (!scan.fatal.empty())
        throw InputError(path, scan.fatal);
    auto decode = [&](std::string v) {
        return table.recoded_from_cp1252 ? text::cp1252_to_utf8(v) : v;
    };

    MemFile mem(scan.sanitized);
    CPLStringList open_options;
    open_options.SetNameValue("SEPARATOR", "COMMA");
    open_options.SetNameValue("HEADERS", "YES");
    open_options.SetNameValue("AUTODETECT_TYPE", "NO");
    open_options.SetNameValue("EMPTY_STRING_AS_NULL", "NO");
    open_options.SetNameValue("KEEP_GEOM_COLUMNS", "YES");
    const char* const allowed[] = {"CSV", nullptr};
    gdal::DatasetPtr ds(GDALDataset::Open(mem.name().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                          allowed, open_options.List(), nullptr));
    OGRLayer* layer = ds && ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr;
    if (!layer)
        throw InputError(path,
                         "lecture impossible par le pilote CSV de GDAL : " + gdal::last_error());
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        table.srs.reset(srs->Clone());
        table.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    // The index is the last column.
    const int index_field = defn->GetFieldCount() - 1;
    if (index_field < 0 ||
        std::string(defn->GetFieldDefn(index_field)->GetNameRef()) != csv::kRecordColumn)
        throw InputError(path, "lecture CSV : colonne d'index absente (anomalie à signaler)");
    if (static_cast<std::size_t>(index_field) != scan.header.size())
        throw InputError(path, "lecture CSV : nombre de colonnes inattendu (anomalie à signaler)");
    // The names as scanned: the copy's header holds column numbers (csv_scan.hpp).
    for (const std::string& name : scan.header)
        table.fields.push_back(decode(name));

    std::vector<char> seen(scan.records.size(), 0);
    layer->ResetReading();
    for (auto& feature : *layer) {
        const GIntBig index = feature->GetFieldAsInteger64(index_field);
        if (index < 0 || static_cast<std::size_t>(index) >= seen.size() || seen[index])
            throw InputError(path, "lecture CSV : index d'enregistrement " + std::to_string(index) +
                                       " inattendu (anomalie à signaler)");
        seen[index] = 1;
        SourceRow row;
        row.fid = feature->GetFID();
        row.line = scan.records[index].line;
        row.values.reserve(table.fields.size());
        for (int i = 0; i < index_field; ++i)
            row.values.push_back(
                decode(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : ""));
        if (OGRGeometry* g = feature->StealGeometry())
            row.geometry.reset(g);
        table.rows.push_back(std::move(row));
    }

    // Every record is a row or a reject: one GDAL would not give back becomes a reject too.
    table.rejected = std::move(scan.rejected);
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i])
            table.rejected.push_back({scan.records[i].line,
                                      "ligne non rendue par le pilote CSV de GDAL (anomalie à "
                                      "signaler) : ligne écartée",
                                      ""});
    std::stable_sort(
        table.rejected.begin(), table.rejected.end(),
        [](const RejectedRecord& a, const RejectedRecord& b) { return a.line < b.line; });
    for (const csv::Note& note : scan.notes)
        table.diagnostics.warn(note.code, note.message, path, "ligne " + std::to_string(note.line));
    return table;
}

} // namespace tecsmap
