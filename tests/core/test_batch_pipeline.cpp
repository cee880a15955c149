#include "batch_pipeline.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using tecsmap::pipeline_in_batches;

TEST_CASE("the batch pipeline consumes every item once, in order", "[pipeline]") {
    for (const bool beside : {true, false})
        for (const std::size_t n : {0u, 1u, 7u, 8u, 9u, 100u}) {
            std::vector<std::size_t> seen;
            pipeline_in_batches(
                n, 8, beside, [](std::size_t i) { return std::make_unique<std::size_t>(i * 3); },
                [&](std::unique_ptr<std::size_t>& v) { seen.push_back(*v); });
            REQUIRE(seen.size() == n);
            for (std::size_t i = 0; i < n; ++i)
                REQUIRE(seen[i] == i * 3);
        }
}

TEST_CASE("the batch pipeline builds beside the consumer, one batch ahead at most",
          "[pipeline]") {
    const auto caller = std::this_thread::get_id();
    std::atomic<std::size_t> built{0};
    std::size_t consumed = 0, most_ahead = 0;
    bool built_on_caller = false;
    pipeline_in_batches(
        40, 4, true,
        [&](std::size_t i) {
            built_on_caller = built_on_caller || std::this_thread::get_id() == caller;
            ++built;
            return i;
        },
        [&](std::size_t&) {
            ++consumed;
            most_ahead = std::max(most_ahead, built.load() - consumed);
        });
    REQUIRE(consumed == 40);
    REQUIRE_FALSE(built_on_caller);
    REQUIRE(most_ahead <= 2 * 4); // the rest of this batch and the next one
}

TEST_CASE("the batch pipeline rethrows what building threw, after the rows before it",
          "[pipeline]") {
    std::vector<std::size_t> seen;
    REQUIRE_THROWS_AS(pipeline_in_batches(
                          50, 8, true,
                          [](std::size_t i) {
                              if (i == 21)
                                  throw std::logic_error("row 21");
                              return i;
                          },
                          [&](std::size_t& v) { seen.push_back(v); }),
                      std::logic_error);
    REQUIRE(seen.size() == 16); // the two whole batches before the one that failed
}

TEST_CASE("the batch pipeline stops when consuming throws, and waits for the batch ahead",
          "[pipeline]") {
    std::atomic<int> building{0};
    std::atomic<std::size_t> built{0};
    REQUIRE_THROWS_AS(pipeline_in_batches(
                          1000, 10, true,
                          [&](std::size_t i) {
                              ++building;
                              std::this_thread::sleep_for(std::chrono::microseconds(50));
                              ++built;
                              --building;
                              return i;
                          },
                          [&](std::size_t& v) {
                              if (v == 5)
                                  throw std::runtime_error("disk full");
                          }),
                      std::runtime_error);
    REQUIRE(building == 0);   // nothing still running once the exception is out
    REQUIRE(built <= 20);     // the failing batch and the one ahead, nothing more
}

namespace {
// Records on which thread each item is freed.
struct FreedOn {
    FreedOn(std::thread::id c, std::atomic<std::size_t>* oc, std::atomic<std::size_t>* t)
        : caller(c)
        , on_caller(oc)
        , total(t) {}
    FreedOn(const FreedOn&) = delete;
    FreedOn& operator=(const FreedOn&) = delete;
    std::thread::id caller;
    std::atomic<std::size_t>* on_caller;
    std::atomic<std::size_t>* total;
    ~FreedOn() {
        ++*total;
        if (std::this_thread::get_id() == caller)
            ++*on_caller;
    }
};
} // namespace

TEST_CASE("the batch pipeline frees the consumed items beside the consumer", "[pipeline]") {
    const auto caller = std::this_thread::get_id();
    std::atomic<std::size_t> on_caller{0}, total{0};
    std::size_t consumed = 0;
    pipeline_in_batches(
        100, 4, true,
        [&](std::size_t) { return std::make_unique<FreedOn>(caller, &on_caller, &total); },
        [&](std::unique_ptr<FreedOn>&) { ++consumed; });
    REQUIRE(consumed == 100);
    REQUIRE(total == 100);
    // Only the batches consumed after the producer built its last one are freed by the caller.
    REQUIRE(on_caller <= 2 * 4);

    // On one thread, everything happens on the caller's.
    on_caller = 0;
    total = 0;
    pipeline_in_batches(
        20, 4, false,
        [&](std::size_t) { return std::make_unique<FreedOn>(caller, &on_caller, &total); },
        [](std::unique_ptr<FreedOn>&) {});
    REQUIRE(total == 20);
    REQUIRE(on_caller == 20);
}
