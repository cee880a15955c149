#include "spreadsheet_table.hpp"

#include "errors.hpp"
#include "registers/table_cleanup.hpp"
#include "text.hpp"

#include <cpl_conv.h>
#include <gdal_version.h>

#include <filesystem>

namespace tecsmap {

namespace {

// GDAL 3.6 knows the header and field-type switches of the XLSX and ODS drivers only as
// configuration options (open options came in 3.8). They are set for this thread only, for
// the duration of the read, and restored after.
class ThreadConfig {
public:
    ThreadConfig(const char* key, const char* value)
        : key_(key) {
        const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
        had_ = old != nullptr;
        if (had_)
            old_ = old;
        CPLSetThreadLocalConfigOption(key, value);
    }
    ~ThreadConfig() { CPLSetThreadLocalConfigOption(key_, had_ ? old_.c_str() : nullptr); }
    ThreadConfig(const ThreadConfig&) = delete;
    ThreadConfig& operator=(const ThreadConfig&) = delete;

private:
    const char* key_;
    bool had_ = false;
    std::string old_;
};

struct SpreadsheetReadMode {
    ThreadConfig xlsx_headers{"OGR_XLSX_HEADERS", "FORCE"};
    ThreadConfig xlsx_types{"OGR_XLSX_FIELD_TYPES", "STRING"};
    ThreadConfig ods_headers{"OGR_ODS_HEADERS", "FORCE"};
    ThreadConfig ods_types{"OGR_ODS_FIELD_TYPES", "STRING"};
};

gdal::DatasetPtr open_workbook(const std::string& path) {
    gdal::init();
    if (!std::filesystem::exists(path))
        throw InputError(path, "fichier introuvable");
    CPLStringList options;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 8, 0)
    options.SetNameValue("HEADERS", "FORCE");
    options.SetNameValue("FIELD_TYPES", "STRING");
#endif
    const char* const drivers[] = {"XLSX", "ODS", nullptr};
    gdal::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                          options.List(), nullptr));
    if (!ds)
        throw InputError(path, "ouverture impossible comme classeur XLSX ou ODS (fichier "
                               "endommagé, protégé par un mot de passe, ou d'un autre format) : " +
                                   gdal::last_error());
    return ds;
}

} // namespace

bool is_spreadsheet_path(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".xlsx" || ext == ".ods";
}

std::string column_letter(std::size_t index) {
    std::string out;
    for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
        out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

std::vector<std::string> spreadsheet_sheets(const std::string& path) {
    SpreadsheetReadMode mode;
    gdal::DatasetPtr ds = open_workbook(path);
    std::vector<std::string> out;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        out.emplace_back(ds->GetLayer(i)->GetName());
    return out;
}

VectorTable read_spreadsheet_table(const std::string& path, const SpreadsheetOptions& options) {
    SpreadsheetReadMode mode;
    gdal::DatasetPtr ds = open_workbook(path);
    VectorTable table;
    table.path = path;
    table.is_spreadsheet = true;

    OGRLayer* layer = nullptr;
    if (options.sheet.empty()) {
        layer = ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr;
    } else {
        layer = ds->GetLayerByName(options.sheet.c_str());
        for (int i = 0; !layer && i < ds->GetLayerCount(); ++i)
            if (text::normalize_name(ds->GetLayer(i)->GetName()) ==
                text::normalize_name(options.sheet))
                layer = ds->GetLayer(i);
    }
    if (!layer) {
        std::vector<std::string> sheets;
        for (int i = 0; i < ds->GetLayerCount(); ++i)
            sheets.push_back("« " + std::string(ds->GetLayer(i)->GetName()) + " »");
        throw InputError(path, options.sheet.empty() ? "classeur sans feuille lisible"
                                                     : "feuille « " + options.sheet +
                                                           " » absente ; feuilles du classeur : " +
                                                           text::join(sheets, ", "));
    }
    table.layer_name = layer->GetName();
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (defn->GetFieldCount() == 0)
        throw InputError(path, "feuille « " + table.layer_name +
                                   " » vide : la ligne 1 doit porter les noms des colonnes");
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        table.fields.push_back(text::trim(defn->GetFieldDefn(i)->GetNameRef()));

    layer->ResetReading();
    for (auto& feature : *layer) {
        if (feature->GetFID() == 1) {
            // A sheet of one row: the drivers cannot tell it is a header and return it as a
            // feature of line 1. It is the header, and the sheet has no record.
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                const std::string v = text::trim(feature->GetFieldAsString(i));
                if (!v.empty() &&
                    table.fields[static_cast<std::size_t>(i)] == "Field" + std::to_string(i + 1))
                    table.fields[static_cast<std::size_t>(i)] = v;
            }
            continue;
        }
        SourceRow row;
        row.fid = feature->GetFID();
        // With the header forced, both drivers number features by their sheet row: the first
        // data row (spreadsheet line 2) has FID 2, blank rows included (checked by the tests).
        row.line = static_cast<int>(row.fid);
        row.values.reserve(table.fields.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            row.values.push_back(
                feature->IsFieldSetAndNotNull(i) ? text::trim(feature->GetFieldAsString(i)) : "");
        table.rows.push_back(std::move(row));
    }
    std::vector<std::string> empty_headers;
    for (std::size_t i = 0; i < table.fields.size(); ++i)
        // GDAL names a column whose header cell is empty "Field<n>" (n = column number).
        if (table.fields[i] == "Field" + std::to_string(i + 1))
            empty_headers.push_back(column_letter(i));
    if (!empty_headers.empty())
        table.diagnostics.warn(
            "empty_header_cell",
            "cellule" + std::string(empty_headers.size() > 1 ? "s" : "") + " d'en-tête vide" +
                (empty_headers.size() > 1 ? "s" : "") + " (ligne 1, colonne" +
                (empty_headers.size() > 1 ? "s " : " ") + text::join(empty_headers, ", ") +
                ") : cellules fusionnées ou titre sur plusieurs lignes ? Ces colonnes sont "
                "nommées Field<n> ; donnez un nom à chaque colonne de la ligne 1",
            path);

    registers::drop_blank_and_total_rows(table);
    return table;
}

} // namespace tecsmap
