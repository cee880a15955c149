// libFuzzer target: the study-file (TOML) parser and its validation of keys and types.
#include "errors.hpp"
#include "study.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const tecsmap::Study s = tecsmap::parse_study(text, "/fuzz/study.toml");
        (void)s.territory_label();
    } catch (const tecsmap::Error&) {
        // StudyError naming the line is the expected answer to a bad study.
    }
    return 0;
}
