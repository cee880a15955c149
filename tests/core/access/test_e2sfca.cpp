#include "access/e2sfca.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tecsmap;
using namespace tecsmap::access;

TEST_CASE("E2SFCA: the worked example of docs/methods.md", "[access][e2sfca]") {
    // Two structures (A: supply 1, B: supply 2), three demand points of 1 000, 500 and 2 000
    // inhabitants. Times (minutes): A ← 1: 5, A ← 2: 15, A ← 3: 25; B ← 2: 8, B ← 3: 12.
    const std::vector<std::vector<TimeEntry>> times = {{{0, 5}, {1, 15}, {2, 25}},
                                                       {{1, 8}, {2, 12}}};
    const E2sfcaResult r = compute_e2sfca(times, {1, 2}, {1000, 500, 2000}, {});
    // R_A = 1 / (1000·1 + 500·0.68 + 2000·0.22) = 1 / 1780
    CHECK(r.weighted_demand[0] == Approx(1780));
    CHECK(r.ratio[0] == Approx(1.0 / 1780));
    // R_B = 2 / (500·1 + 2000·0.68) = 2 / 1860
    CHECK(r.weighted_demand[1] == Approx(1860));
    CHECK(r.ratio[1] == Approx(2.0 / 1860));
    CHECK(r.index[0] == Approx(1.0 / 1780));
    CHECK(r.index[1] == Approx(0.68 / 1780 + 2.0 / 1860));
    CHECK(r.index[2] == Approx(0.22 / 1780 + 0.68 * 2.0 / 1860));
    // Supply is conserved: sum_i P_i A_i = sum_j S_j when every structure has demand.
    CHECK(1000 * r.index[0] + 500 * r.index[1] + 2000 * r.index[2] == Approx(3.0));
}

TEST_CASE("E2SFCA weights: band limits, catchment, Gaussian", "[access][e2sfca]") {
    E2sfcaParams p;
    CHECK(p.weight(0) == 1);
    CHECK(p.weight(10) == 1);
    CHECK(p.weight(10.0001) == 0.68);
    CHECK(p.weight(20) == 0.68);
    CHECK(p.weight(30) == 0.22);
    CHECK(p.weight(30.0001) == 0);
    CHECK(p.catchment_minutes() == 30);
    p.decay = E2sfcaParams::Decay::gaussian;
    CHECK(p.weight(0) == 1);
    CHECK(p.weight(10) == Approx(0.68).epsilon(1e-4));
    CHECK(p.weight(20) == Approx(std::pow(0.68, 4)).epsilon(1e-3));
    CHECK(p.weight(31) == 0);
}

TEST_CASE("E2SFCA: a structure nobody reaches, bad parameters", "[access][e2sfca][errors]") {
    const E2sfcaResult r = compute_e2sfca({{}, {{0, 3}}}, {1, 1}, {100}, {});
    CHECK(r.ratio[0] == 0);
    CHECK(r.index[0] == Approx(0.01));
    E2sfcaParams bad;
    bad.band_weights = {1, 0.5};
    CHECK_THROWS_AS(compute_e2sfca({}, {}, {}, bad), StudyError);
    bad = {};
    bad.band_upper_minutes = {10, 5, 30};
    CHECK_THROWS_AS(bad.validate(), StudyError);
    bad = {};
    bad.decay = E2sfcaParams::Decay::gaussian;
    bad.gaussian_beta = 0;
    CHECK_THROWS_AS(bad.validate(), StudyError);
}

TEST_CASE("weighted mean by group (cells to communes)", "[access][e2sfca]") {
    const auto m = weighted_mean_by_group({1, 3, 5, 7}, {1, 3, 0, 0}, {0, 0, 1, 2}, 4);
    CHECK(m[0] == Approx(2.5));
    CHECK(m[1] == Approx(5));
    CHECK(m[2] == Approx(7));
    CHECK(std::isnan(m[3]));
}
