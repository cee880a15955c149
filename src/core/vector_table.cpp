#include "vector_table.hpp"

#include "csv_table.hpp"
#include "errors.hpp"
#include "input_limits.hpp"
#include "postgis_source.hpp"
#include "postgis_target.hpp"
#include "spreadsheet_table.hpp"
#include "text.hpp"

#include <cpl_conv.h>

#include <filesystem>
#include <optional>

namespace tecsmap {

namespace {

std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

bool has_csv_extension(const std::string& path) {
    const std::string ext = lower_extension(path);
    return ext == ".csv" || ext == ".txt" || ext == ".tsv";
}

// Spreadsheets are tables (the Table cap); everything else is a vector layer.
InputKind input_kind_of(const std::string& path) {
    const std::string ext = lower_extension(path);
    return ext == ".xlsx" || ext == ".xls" || ext == ".ods" ? InputKind::Table : InputKind::Layer;
}

} // namespace

std::string VectorTable::location(const SourceRow& row) const {
    return is_csv || is_spreadsheet ? "ligne " + std::to_string(row.line)
                                    : "entité " + std::to_string(row.fid);
}

SourceRef VectorTable::ref(const SourceRow& row) const {
    SourceRef r;
    r.file = path;
    // Spreadsheets too: rejects carry the line a spreadsheet shows (header = line 1).
    if (is_csv || is_spreadsheet)
        r.line = row.line;
    else
        r.feature = row.fid;
    return r;
}

std::optional<std::size_t> VectorTable::find_field(const std::vector<std::string>& names,
                                                   const std::string& explicit_name) const {
    if (!explicit_name.empty()) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i] == explicit_name)
                return i;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (text::normalize_name(fields[i]) == text::normalize_name(explicit_name))
                return i;
        return std::nullopt;
    }
    for (const std::string& wanted : names) {
        const std::string w = text::normalize_name(wanted);
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (text::normalize_name(fields[i]) == w)
                return i;
    }
    return std::nullopt;
}

RejectedRow VectorTable::reject_row(const RejectedRecord& record, const std::string& layer) const {
    SourceRef source;
    source.file = path;
    source.line = record.line;
    return {layer, source, record.raw, record.reason, false};
}

void report_reading_problems(const VectorTable& table, Diagnostics& diagnostics) {
    diagnostics.append(table.diagnostics);
    for (const RejectedRecord& r : table.rejected)
        diagnostics.warn("rejected_record", r.reason + " : « " + r.raw + " »", table.path,
                         "ligne " + std::to_string(r.line));
}

std::string VectorTable::raw_values(const SourceRow& row) const {
    std::string out;
    for (std::size_t i = 0; i < fields.size() && i < row.values.size(); ++i) {
        if (i)
            out += "; ";
        out += fields[i] + "=" + row.values[i];
    }
    return out;
}

VectorTable read_vector_table(const std::string& path, const std::string& layer_name,
                              SchemaScan scan) {
    if (is_spreadsheet_path(path)) {
        check_input_file(path, InputKind::Table);
        return read_spreadsheet_table(path, SpreadsheetOptions{layer_name});
    }
    if (postgis::is_database_uri(path)) // a PostGIS table or query (layer = table or SQL)
        return open_database_layer(path, layer_name);
    gdal::init();
    if (has_csv_extension(path))
        return read_csv_table(path);
    VectorTable table;
    table.path = path;
    check_input_file(path, input_kind_of(path));

    gdal::DatasetPtr ds;
    {
        // GDAL's GeoJSON driver reads its schema at the opening; this thread only (the
        // département files are read on all cores).
        std::optional<CPLConfigOptionSetter> first_feature_only;
        if (scan == SchemaScan::FirstFeature)
            first_feature_only.emplace("OGR_GEOJSON_MAX_FEATURES_FIRST_PASS", "1", false);
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                   nullptr, nullptr));
    }
    if (!ds)
        throw InputError(path, "ouverture impossible par GDAL (format non reconnu ou fichier "
                               "illisible) : " +
                                   gdal::last_error());
    OGRLayer* layer = layer_name.empty() ? (ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr)
                                         : ds->GetLayerByName(layer_name.c_str());
    if (!layer)
        throw InputError(path, layer_name.empty() ? "aucune couche vectorielle"
                                                  : "couche « " + layer_name + " » absente");
    table.layer_name = layer->GetName();
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        table.srs.reset(srs->Clone());
        table.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        std::string name = defn->GetFieldDefn(i)->GetNameRef();
        if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0)
            name.erase(0, 3); // UTF-8 byte order mark left on the first header
        table.fields.push_back(table.recoded_from_cp1252 ? text::cp1252_to_utf8(name) : name);
    }

    layer->ResetReading();
    for (auto& feature : *layer) {
        SourceRow row;
        row.fid = feature->GetFID();
        // GDAL's CSV driver numbers data rows from 1; the header is line 1 of the file.
        row.line = table.is_csv ? static_cast<int>(row.fid) + 1 : 0;
        row.values.reserve(table.fields.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            std::string v = feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "";
            row.values.push_back(table.recoded_from_cp1252 ? text::cp1252_to_utf8(v) : v);
        }
        if (OGRGeometry* g = feature->StealGeometry())
            row.geometry.reset(g);
        table.rows.push_back(std::move(row));
    }
    return table;
}

} // namespace tecsmap
