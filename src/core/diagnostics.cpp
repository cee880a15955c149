#include "diagnostics.hpp"

#include <algorithm>

namespace tecsmap {

void Diagnostics::add(Severity severity, std::string code, std::string message, std::string file,
                      std::string location) {
    items_.push_back(Diagnostic{severity, std::move(code), std::move(message), std::move(file),
                                std::move(location)});
}

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::size_t Diagnostics::count(Severity severity) const {
    return static_cast<std::size_t>(std::count_if(
        items_.begin(), items_.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

std::size_t Diagnostics::count(const std::string& code) const {
    return static_cast<std::size_t>(std::count_if(
        items_.begin(), items_.end(), [&](const Diagnostic& d) { return d.code == code; }));
}

std::string format_diagnostic(const Diagnostic& d) {
    std::string out;
    if (!d.file.empty())
        out += d.file;
    if (!d.location.empty())
        out += (out.empty() ? "" : ", ") + d.location;
    if (!out.empty())
        out += " : ";
    return out + d.message;
}

} // namespace tecsmap
