#pragma once
// A fully specified pseudo-random generator for seeded, platform-independent permutation tests.
// std::uniform_int_distribution (and std::shuffle) are implementation-defined, so figures
// would change with the standard library; this one is defined bit for bit here, and
// tests/core/gi_star_permutation_reference.py re-implements it independently.
//
//   splitmix64 (Steele, Lea & Flood 2014) derives the state; xoshiro256** (Blackman & Vigna
//   2018) draws 64-bit words; integers in [0, m) use Lemire's (2019) multiply-and-reject
//   method, which is unbiased.
//
// Streams: stream(seed, i) is the generator of item i (a commune). Its state is four successive
// splitmix64 outputs from the key mix64(seed XOR mix64(i + 0x9E3779B97F4A7C15)), so each item
// draws the same numbers whichever thread handles it and in whatever order.

#include <cstdint>

namespace tecsmap {

/// splitmix64's output function (a bijection of 64-bit words).
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// 128-bit product for Lemire's method (GCC/Clang extension; __extension__ keeps -Wpedantic quiet).
__extension__ typedef unsigned __int128 RandomU128;

class RandomStream {
public:
    /// The generator of item `item` under `seed`.
    RandomStream(std::uint64_t seed, std::uint64_t item) noexcept {
        std::uint64_t sm = mix64(seed ^ mix64(item + 0x9E3779B97F4A7C15ULL));
        for (auto& word : s_) {
            sm += 0x9E3779B97F4A7C15ULL; // splitmix64 step
            word = mix64(sm);
        }
    }

    /// Next 64-bit word (xoshiro256**).
    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform integer in [0, m), m >= 1 (Lemire's method: high word of next() * m, rejecting
    /// the low words below 2^64 mod m).
    std::uint64_t below(std::uint64_t m) noexcept {
        RandomU128 product = static_cast<RandomU128>(next()) * m;
        auto low = static_cast<std::uint64_t>(product);
        if (low < m) {
            const std::uint64_t threshold = (0 - m) % m;
            while (low < threshold) {
                product = static_cast<RandomU128>(next()) * m;
                low = static_cast<std::uint64_t>(product);
            }
        }
        return static_cast<std::uint64_t>(product >> 64);
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t s_[4];
};

} // namespace tecsmap
