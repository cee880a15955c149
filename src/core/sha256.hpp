#pragma once
#include <memory>
#include <optional>
#include <string>

namespace tecsmap {
/// Lower-case hex SHA-256 of a file's bytes (OpenSSL EVP); nullopt when it cannot be read.
std::optional<std::string> sha256_file(const std::string& path);
/// Lower-case hex SHA-256 of a buffer.
std::string sha256_bytes(const void* data, std::size_t size);

/// Incremental SHA-256, for data hashed piece by piece (the road graph cache).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t size);
    /// Lower-case hex digest; the object must not be updated afterwards.
    std::string hex_digest();

private:
    struct State;
    std::unique_ptr<State> state_;
};
} // namespace tecsmap
