// libFuzzer target: the study loader (load_study: file checks, size cap, nesting bound, TOML
// parse, keys) on texts built to nest deeply. The input is a repeat count R (2 bytes, little
// endian) then up to five parts separated by NUL bytes, P B M E S; the study text is
// P + R×B + M + R×E + S (e.g. "a = ", "[", "1", "]", "\n": R nested arrays), capped at 2 MiB.
// A tiny input thus reaches tens of thousands of levels of headers, dotted keys, arrays and
// inline tables. Any answer but a StudyError (a crash, a stack overflow, another exception)
// is a finding.

#include "errors.hpp"
#include "study.hpp"

#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        "/tmp/tecsmap-fuzz-study-" + std::to_string(::getpid()) + ".toml";
    if (size < 2)
        return 0;
    const std::size_t repeat = data[0] | (static_cast<std::size_t>(data[1]) << 8);
    std::vector<std::string> parts(1);
    for (std::size_t i = 2; i < size; ++i) {
        if (data[i] == 0 && parts.size() < 5)
            parts.emplace_back();
        else
            parts.back() += static_cast<char>(data[i]);
    }
    parts.resize(5);
    const std::size_t length =
        parts[0].size() + repeat * (parts[1].size() + parts[3].size()) + parts[2].size() +
        parts[4].size();
    if (length > 2 * 1024 * 1024)
        return 0;
    std::string text = parts[0];
    for (std::size_t r = 0; r < repeat; ++r)
        text += parts[1];
    text += parts[2];
    for (std::size_t r = 0; r < repeat; ++r)
        text += parts[3];
    text += parts[4];
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
    }
    try {
        const tecsmap::Study s = tecsmap::load_study(path);
        (void)s.territory_label();
    } catch (const tecsmap::StudyError&) {
        // The expected answer to a bad study, with the file and the line.
    }
    return 0;
}
