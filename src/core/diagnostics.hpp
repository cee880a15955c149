#pragma once
// Problems found while reading inputs or building the territory. They are data, not
// exceptions: a run goes on and reports them (summary, rejects layer, validate report).

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

enum class Severity { Info, Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Warning;
    std::string code;     ///< stable machine key, e.g. "unmapped_code", "invalid_geometry"
    std::string message;  ///< French sentence for users
    std::string file;     ///< input file, empty when not tied to a file
    std::string location; ///< "ligne 12", "entité 7", or an INSEE code
};

class Diagnostics {
public:
    void add(Severity severity, std::string code, std::string message, std::string file = {},
             std::string location = {});
    void warn(std::string code, std::string message, std::string file = {},
              std::string location = {}) {
        add(Severity::Warning, std::move(code), std::move(message), std::move(file),
            std::move(location));
    }
    void info(std::string code, std::string message, std::string file = {},
              std::string location = {}) {
        add(Severity::Info, std::move(code), std::move(message), std::move(file),
            std::move(location));
    }
    void append(const Diagnostics& other);

    const std::vector<Diagnostic>& items() const noexcept { return items_; }
    std::size_t count(Severity severity) const;
    std::size_t count(const std::string& code) const;
    bool empty() const noexcept { return items_.empty(); }

private:
    std::vector<Diagnostic> items_;
};

/// "fichier, ligne 3 : message" as printed by the CLI.
std::string format_diagnostic(const Diagnostic& d);

} // namespace tecsmap
