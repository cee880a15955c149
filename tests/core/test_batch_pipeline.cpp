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
