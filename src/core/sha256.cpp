#include "sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

namespace tecsmap {

namespace {
// OpenSSL keeps per-thread state; hashes run on worker threads that may exit at any time, so
// release it after each use (it is re-created on demand).
struct ThreadStateRelease {
    ~ThreadStateRelease() { OPENSSL_thread_stop(); }
};

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

std::string hex(const unsigned char* d, unsigned n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < n; ++i) {
        out += digits[d[i] >> 4];
        out += digits[d[i] & 0xF];
    }
    return out;
}
} // namespace

std::string sha256_bytes(const void* data, std::size_t size) {
    const ThreadStateRelease release;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx.get(), data, size);
    EVP_DigestFinal_ex(ctx.get(), digest, &n);
    return hex(digest, n);
}

std::optional<std::string> sha256_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    const ThreadStateRelease release;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0)
            EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &n);
    return hex(digest, n);
}

struct Sha256::State {
    MdCtxPtr ctx{EVP_MD_CTX_new()};
};

Sha256::Sha256()
    : state_(std::make_unique<State>()) {
    EVP_DigestInit_ex(state_->ctx.get(), EVP_sha256(), nullptr);
}

Sha256::~Sha256() {
    state_.reset();
    OPENSSL_thread_stop(); // as above: the hash may have run on a worker thread
}

void Sha256::update(const void* data, std::size_t size) {
    EVP_DigestUpdate(state_->ctx.get(), data, size);
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(state_->ctx.get(), digest, &n);
    return hex(digest, n);
}

} // namespace tecsmap
