#pragma once
// An output table declared once: each column is a name, an OGR type and the getter that reads
// its value from a row, so that field names and values can never drift apart. The GeoPackage
// writer and the French CSV writer both take these declarations.

#include <ogr_core.h>

#include <functional>
#include <optional>
#include <type_traits>
#include <string>
#include <variant>
#include <vector>

namespace tecsmap {

/// A cell: NULL, text, integer or real.
using Value = std::variant<std::monostate, std::string, long long, double>;

template <typename Row> struct Column {
    const char* name;
    OGRFieldType type;
    std::function<Value(const Row&)> get;
    int decimals = 2; ///< decimals shown in French CSVs for reals
};

template <typename Row> using Columns = std::vector<Column<Row>>;

/// True when the value's kind matches the declared type (NULL matches any type).
inline bool value_fits(const Value& v, OGRFieldType type) {
    if (std::holds_alternative<std::monostate>(v))
        return true;
    switch (type) {
    case OFTString:
    case OFTDate:
    case OFTDateTime:
        return std::holds_alternative<std::string>(v);
    case OFTInteger:
    case OFTInteger64:
        return std::holds_alternative<long long>(v);
    case OFTReal:
        return std::holds_alternative<double>(v);
    default:
        return false;
    }
}

// Small builders for getters' results.
inline Value text_or_null(const std::string& s) {
    return s.empty() ? Value() : Value(s);
}
inline Value integer(long long v) {
    return Value(v);
}
inline Value flag(bool b) {
    return Value(static_cast<long long>(b));
}
template <typename T> Value optional_value(const std::optional<T>& v) {
    if (!v)
        return Value();
    if constexpr (std::is_floating_point_v<T>)
        return Value(static_cast<double>(*v));
    else
        return Value(static_cast<long long>(*v));
}

} // namespace tecsmap
