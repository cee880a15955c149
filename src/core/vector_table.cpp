#include "vector_table.hpp"

#include "errors.hpp"
#include "spreadsheet_table.hpp"
#include "postgis_source.hpp"
#include "postgis_target.hpp"
#include "text.hpp"

#include <cpl_vsi.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tecsmap {

namespace {

bool has_csv_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".csv" || ext == ".txt" || ext == ".tsv";
}

std::string read_file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The separator of a French or English CSV export: the most frequent of ; , TAB in the header
// line, outside quotes. A one-column file is read with ','.
const char* sniff_separator(const std::string& bytes) {
    std::size_t semi = 0, comma = 0, tab = 0;
    bool quoted = false;
    for (char c : bytes) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ';')
            ++semi;
        else if (!quoted && c == ',')
            ++comma;
        else if (!quoted && c == '\t')
            ++tab;
    }
    if (tab > semi && tab > comma)
        return "TAB";
    return semi >= comma && semi > 0 ? "SEMICOLON" : "COMMA";
}

} // namespace

std::string VectorTable::location(const SourceRow& row) const {
    return is_csv || is_spreadsheet ? "ligne " + std::to_string(row.line)
                                    : "entité " + std::to_string(row.fid);
}

SourceRef VectorTable::ref(const SourceRow& row) const {
    SourceRef r;
    r.file = path;
    if (is_csv)
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

std::string VectorTable::raw_values(const SourceRow& row) const {
    std::string out;
    for (std::size_t i = 0; i < fields.size() && i < row.values.size(); ++i) {
        if (i)
            out += "; ";
        out += fields[i] + "=" + row.values[i];
    }
    return out;
}

VectorTable read_vector_table(const std::string& path, const std::string& layer_name) {
    if (is_spreadsheet_path(path))
        return read_spreadsheet_table(path, SpreadsheetOptions{layer_name});
    if (postgis::is_database_uri(path)) // a PostGIS table or query (layer = table or SQL)
        return open_database_layer(path, layer_name);
    gdal::init();
    VectorTable table;
    table.path = path;
    if (!std::filesystem::exists(path))
        throw InputError(path, "fichier introuvable");
    table.is_csv = has_csv_extension(path);

    std::string bytes;
    CPLStringList open_options;
    if (table.is_csv) {
        bytes = read_file_bytes(path);
        open_options.SetNameValue("SEPARATOR", sniff_separator(bytes));
        open_options.SetNameValue("AUTODETECT_TYPE", "NO");
        open_options.SetNameValue("EMPTY_STRING_AS_NULL", "NO");
        open_options.SetNameValue("KEEP_GEOM_COLUMNS", "YES");
        // Everything that is not valid UTF-8 is taken as Windows-1252, what Excel writes in
        // France when asked for "CSV (séparateur: point-virgule)".
        table.recoded_from_cp1252 = !text::is_valid_utf8(bytes);
    }
    const char* const allowed_csv[] = {"CSV", nullptr};
    gdal::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                          table.is_csv ? allowed_csv : nullptr, open_options.List(),
                                          nullptr));
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
