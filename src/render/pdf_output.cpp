#include "pdf_output.hpp"

#include "errors.hpp"
#include "run_clock.hpp"
#include "sha256.hpp"

#include <ctime>
#include <functional>
#include <fstream>
#include <regex>
#include <sstream>

namespace tecsmap::render {

namespace {

std::string pdf_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "D:%Y%m%d%H%M%S", &tm);
    return buf;
}

// Replaces each match of `pattern`'s group 1 by `make(old)` of the same length.
void rewrite(std::string& bytes, const std::regex& pattern,
             const std::function<std::string(const std::string&)>& make) {
    std::string out;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), pattern);
         it != std::sregex_iterator(); ++it) {
        const auto& m = (*it)[1];
        const std::size_t at = static_cast<std::size_t>(m.first - bytes.begin());
        std::string repl = make(m.str());
        repl.resize(m.length(), repl.empty() ? '0' : repl.back());
        out.append(bytes, last, at - last);
        out += repl;
        last = at + static_cast<std::size_t>(m.length());
    }
    out.append(bytes, last, std::string::npos);
    bytes = std::move(out);
}

} // namespace

void finish_pdf(const std::string& temp_path, const std::string& target) {
    std::string bytes;
    {
        std::ifstream in(temp_path, std::ios::binary);
        if (!in)
            throw OutputError(target + " : PDF écrit illisible");
        std::ostringstream ss;
        ss << in.rdbuf();
        bytes = ss.str();
    }
    if (bytes.rfind("%PDF-", 0) != 0)
        throw OutputError(target + " : rien n'a été écrit (PDF vide)");
    const std::string date = pdf_date(run_time());
    // /CreationDate (D:20261130081500) or with a zone suffix: keep the length.
    rewrite(bytes, std::regex(R"(/CreationDate \((D:[0-9]{14}))"),
            [&](const std::string&) { return date; });
    rewrite(bytes, std::regex(R"(/ModDate \((D:[0-9]{14}))"),
            [&](const std::string&) { return date; });
    // The document id: a hash of the content with the id blanked, so equal pages give equal ids.
    std::string blank = bytes;
    rewrite(blank, std::regex(R"(/ID \[\s*<([0-9A-Fa-f]+)>)"),
            [](const std::string& old) { return std::string(old.size(), '0'); });
    rewrite(blank, std::regex(R"(/ID \[\s*<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>)"),
            [](const std::string& old) { return std::string(old.size(), '0'); });
    const std::string digest = sha256_bytes(blank.data(), blank.size());
    rewrite(bytes, std::regex(R"(/ID \[\s*<([0-9A-Fa-f]+)>)"),
            [&](const std::string& old) { return digest.substr(0, old.size()); });
    rewrite(bytes, std::regex(R"(/ID \[\s*<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>)"),
            [&](const std::string& old) { return digest.substr(0, old.size()); });
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out)
        throw OutputError(target + " : écriture PDF impossible (disque plein ?)");
}

} // namespace tecsmap::render
