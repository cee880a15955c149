// Rates per 10,000 (raw and global empirical Bayes) and Benjamini–Hochberg q-values, against
// hand computations.

#include "analysis/fdr.hpp"
#include "analysis/rates.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tecsmap;

TEST_CASE("raw rates per 10,000 — zero population gets the global rate", "[rates]") {
    const auto r = raw_rates({1, 0, 3}, {2000, 0, 6000});
    // global: 4 / 8000 = 5 per 10,000.
    CHECK(r.global_rate == Approx(5));
    CHECK(r.rate[0] == Approx(5));
    CHECK(r.rate[1] == Approx(5));
    CHECK(r.rate[2] == Approx(5));
    CHECK(r.zero_population == 1);
    const auto s = raw_rates({2, 0}, {1000, 500});
    CHECK(s.rate == std::vector<double>{20, 0});
}

TEST_CASE("empirical Bayes rates, by hand", "[rates]") {
    // e = (2, 0, 10), b = (100, 1000, 500): m = 12/1600 = 0.0075; raw rates 0.02, 0, 0.02.
    // s² = [100·0.0125² + 1000·0.0075² + 500·0.0125²] / 1600 = 0.15 / 1600 = 9.375e-5.
    // A = s² − m / (1600/3) = 9.375e-5 − 1.40625e-5 = 7.96875e-5.
    // w1 = A / (A + 0.0075/100) = 7.96875/15.46875 = 0.515151…
    // w2 = A / (A + 0.0075/1000) = 7.96875/8.71875 = 0.913978…
    // w3 = A / (A + 0.0075/500) = 7.96875/9.46875 = 0.841584…
    const auto r = empirical_bayes_rates({2, 0, 10}, {100, 1000, 500});
    const double A = 7.96875e-5, m = 0.0075;
    const double w1 = A / (A + m / 100), w2 = A / (A + m / 1000), w3 = A / (A + m / 500);
    CHECK(w1 == Approx(0.5151515));
    CHECK(r.prior_variance == Approx(A));
    CHECK_FALSE(r.prior_variance_clamped);
    CHECK(r.rate[0] == Approx(1e4 * (w1 * 0.02 + (1 - w1) * m))); // 139.39
    CHECK(r.rate[0] == Approx(139.3939).epsilon(1e-6));
    CHECK(r.rate[1] == Approx(1e4 * (1 - w2) * m)); // 6.45
    CHECK(r.rate[2] == Approx(1e4 * (w3 * 0.02 + (1 - w3) * m)));
    CHECK(r.global_rate == Approx(75));
}

TEST_CASE("empirical Bayes: negative prior variance is clamped, zero population", "[rates]") {
    // Equal raw rates: s² = 0, A = −m/b̄ < 0 → 0: every rate is the global one.
    const auto r = empirical_bayes_rates({1, 2, 0}, {1000, 2000, 0});
    CHECK(r.prior_variance_clamped);
    CHECK(r.prior_variance == 0);
    for (double v : r.rate)
        CHECK(v == Approx(10));
    CHECK(r.zero_population == 1);
    // No inhabitants at all: rates 0, no exception.
    const auto none = empirical_bayes_rates({0, 0}, {0, 0});
    CHECK(none.rate == std::vector<double>{0, 0});
    CHECK_THROWS_AS(empirical_bayes_rates({1}, {1, 2}), std::invalid_argument);
    CHECK_THROWS_AS(raw_rates({-1}, {1}), std::invalid_argument);
    CHECK_THROWS_AS(raw_rates({1}, {INFINITY}), std::invalid_argument);
}

TEST_CASE("Benjamini–Hochberg q-values, by hand", "[fdr]") {
    // p = (0.01, 0.04, 0.03, 0.005, 0.5), m = 5. Sorted: 0.005·5/1 = 0.025, 0.01·5/2 = 0.025,
    // 0.03·5/3 = 0.05, 0.04·5/4 = 0.05, 0.5·5/5 = 0.5; step-up minima leave them as they are.
    const auto q = benjamini_hochberg({0.01, 0.04, 0.03, 0.005, 0.5});
    const std::vector<double> expected{0.025, 0.05, 0.05, 0.025, 0.5};
    for (std::size_t i = 0; i < 5; ++i)
        CHECK(*q[i] == Approx(expected[i]));
    // Step-up: p = (0.02, 0.03): 0.02·2/1 = 0.04 but the larger rank gives 0.03·2/2 = 0.03.
    const auto q2 = benjamini_hochberg({0.02, 0.03});
    CHECK(*q2[0] == Approx(0.03));
    CHECK(*q2[1] == Approx(0.03));
    // Absent p-values (islands) are not tests: m = 2, they stay absent; q capped at 1.
    const auto q3 = benjamini_hochberg({std::nullopt, 0.8, std::nullopt, 0.9});
    CHECK_FALSE(q3[0].has_value());
    CHECK_FALSE(q3[2].has_value());
    CHECK(*q3[1] == Approx(0.9));
    CHECK(*q3[3] == Approx(0.9));
    CHECK(*benjamini_hochberg({0.7, 0.9, 1.0})[0] == Approx(1.0));
    CHECK(benjamini_hochberg({}).empty());
    CHECK_THROWS_AS(benjamini_hochberg({0.5, 1.5}), std::invalid_argument);
    CHECK_THROWS_AS(benjamini_hochberg({NAN}), std::invalid_argument);
}
