#pragma once
#include <optional>
#include <string>

namespace tecsmap {
/// Lower-case hex SHA-256 of a file's bytes (OpenSSL EVP); nullopt when it cannot be read.
std::optional<std::string> sha256_file(const std::string& path);
/// Lower-case hex SHA-256 of a buffer.
std::string sha256_bytes(const void* data, std::size_t size);
} // namespace tecsmap
