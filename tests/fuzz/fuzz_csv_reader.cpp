// libFuzzer target: the CSV path of read_vector_table (separator sniffing, encoding detection,
// GDAL's CSV driver) and the value parsers applied to every cell.
#include "errors.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = "/tmp/tecsmap-fuzz-" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const tecsmap::VectorTable t = tecsmap::read_vector_table(path);
        for (const auto& row : t.rows) {
            (void)t.location(row);
            for (const std::string& v : row.values) {
                (void)tecsmap::text::parse_number(v);
                (void)tecsmap::text::normalize_insee(v);
                (void)tecsmap::text::normalize_name(v);
            }
        }
        (void)t.find_field({"longitude", "latitude", "code_insee"});
    } catch (const tecsmap::Error&) {
        // A clear error is the expected answer to bad input.
    }
    return 0;
}
