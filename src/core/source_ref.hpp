#pragma once
// Where a row or feature came from: the file, and the spreadsheet line (header = line 1) for
// tables or the feature id for other sources. Messages show location(); the rejects layer
// stores the line as an integer so planners can sort and filter by it.

#include <cstdint>
#include <optional>
#include <string>

namespace tecsmap {

struct SourceRef {
    std::string file;
    std::optional<int> line;             ///< tables (CSV, spreadsheets): header = line 1
    std::optional<std::int64_t> feature; ///< other sources: the feature id

    /// "ligne 12", "entité 7", or "" when neither is known.
    std::string location() const {
        if (line)
            return "ligne " + std::to_string(*line);
        if (feature)
            return "entité " + std::to_string(*feature);
        return {};
    }
};

} // namespace tecsmap
