// Hot spots that stand up (issue 13, item 4): z by hand on a 3×3 grid, permutation p-values
// against an independent numpy implementation, thread-count invariance, islands, classes.

#include "analysis/gi_star.hpp"
#include "analysis/gi_star_inference.hpp"
#include "analysis/random_stream.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

using namespace tecsmap;

namespace {

/// Queen neighbours (self included) of a rows × cols grid, row-major, by index arithmetic.
NeighbourLists grid_neighbours(int rows, int cols) {
    NeighbourLists nb(static_cast<std::size_t>(rows * cols));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    const int rr = r + dr, cc = c + dc;
                    if (rr >= 0 && rr < rows && cc >= 0 && cc < cols)
                        nb[static_cast<std::size_t>(r * cols + c)].push_back(
                            static_cast<std::size_t>(rr * cols + cc));
                }
    return nb;
}

/// Runs the independent Python reference on an instance; "island" lines become nullopt.
std::vector<std::optional<double>> reference_p(const std::vector<double>& x,
                                               const NeighbourLists& nb, int permutations,
                                               std::uint64_t seed) {
    std::ostringstream json;
    json.precision(17);
    json << "{\"permutations\": " << permutations << ", \"seed\": " << seed << ", \"values\": [";
    for (std::size_t i = 0; i < x.size(); ++i)
        json << (i ? ", " : "") << x[i];
    json << "], \"neighbours\": [";
    for (std::size_t i = 0; i < nb.size(); ++i) {
        json << (i ? ", [" : "[");
        for (std::size_t t = 0; t < nb[i].size(); ++t)
            json << (t ? ", " : "") << nb[i][t];
        json << "]";
    }
    json << "]}";
    const std::string path = test::write_file("gi_instance.json", json.str());
    const std::string cmd =
        std::string("/usr/bin/python3 ") + TECSMAP_GI_REFERENCE_SCRIPT + " " + path + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::string out;
    char buf[4096];
    while (std::size_t got = std::fread(buf, 1, sizeof buf, pipe.get()))
        out.append(buf, got);
    std::istringstream lines(out);
    std::vector<std::optional<double>> p;
    for (std::string line; std::getline(lines, line);) {
        if (line == "island")
            p.emplace_back();
        else
            p.emplace_back(std::stod(line));
    }
    INFO(out);
    REQUIRE(p.size() == x.size());
    return p;
}

} // namespace

TEST_CASE("Gi* z on a 3x3 grid of counts, by hand", "[hotspots]") {
    // x = 3 in the NW corner, 6 in the SE corner: n = 9, mean 1, Σx² = 45, variance 45/9 − 1 = 4,
    // s = 2. Corner (W = 4): denominator s·sqrt((9·4 − 16)/8) = 2·sqrt(2.5);
    // edge (W = 6): 2·sqrt((54 − 36)/8) = 3; centre (W = 9 = n): weight term 0, z = 0.
    const std::vector<double> x{3, 0, 0, 0, 0, 0, 0, 0, 6};
    HotspotOptions o;
    o.variable = HotspotVariable::Count;
    o.permutations = 99;
    const auto r = hotspot_statistics(x, std::vector<double>(9, 100), grid_neighbours(3, 3), o);
    const double corner = 2 * std::sqrt(2.5);
    CHECK(r.z[0] == Approx((3 - 4) / corner)); // −0.3162
    CHECK(r.z[8] == Approx((6 - 4) / corner)); // 0.6325
    CHECK(r.z[2] == Approx((0 - 4) / corner)); // −1.2649
    CHECK(r.z[1] == Approx((3 - 6) / 3.0));    // −1
    CHECK(r.z[5] == Approx(0).margin(1e-12));  // local 6 = W·mean
    CHECK(r.z[4] == 0);
    CHECK(r.value == x);
    CHECK(r.tested == 9);
}

TEST_CASE("Gi* z on rates per 10,000 inhabitants, by hand", "[hotspots]") {
    // Rates: 1/1000 → 10, 2/4000 → 5, 1/2000 → 5 per 10,000; others 0.
    // x = (10,0,0, 0,5,0, 0,0,5): mean 20/9, variance 150/9 − 400/81 = 950/81.
    // NW corner: local 15, W·mean = 80/9: z = (55/9) / (sqrt(950)/9 · sqrt(2.5)) = 55/sqrt(2375).
    const std::vector<double> e{1, 0, 0, 0, 2, 0, 0, 0, 1};
    const std::vector<double> b{1000, 500, 500, 500, 4000, 500, 500, 500, 2000};
    HotspotOptions o;
    o.variable = HotspotVariable::Rate;
    o.permutations = 0; // analytical p
    const auto r = hotspot_statistics(e, b, grid_neighbours(3, 3), o);
    CHECK(r.value[0] == Approx(10));
    CHECK(r.value[4] == Approx(5));
    CHECK(r.z[0] == Approx(55 / std::sqrt(2375.0)));
    CHECK(r.p_sim[0].value() == Approx(0.5 * std::erfc(55 / std::sqrt(2375.0) / std::sqrt(2.0))));
    CHECK(r.method_label().find("taux d'initiatives") != std::string::npos);
    CHECK(r.method_label().find("loi normale") != std::string::npos);
}

TEST_CASE("Gi* permutation p-values equal an independent numpy implementation", "[hotspots]") {
    // 5 × 5 grid of counts with many ties (zeros), plus an island (index 25).
    NeighbourLists nb = grid_neighbours(5, 5);
    nb.push_back({25});
    std::vector<double> counts{0, 0, 1, 0, 0, 2, 7, 5, 0, 0, 0, 6, 9,
                               1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 4, 2};
    const int P = 99;
    const std::uint64_t seed = 20240613;
    const auto p = gi_star_permutation_p(counts, nb, P, seed);
    const auto expected = reference_p(counts, nb, P, seed);
    for (std::size_t i = 0; i < p.size(); ++i) {
        INFO("commune " << i);
        REQUIRE(p[i].has_value() == expected[i].has_value());
        if (p[i]) {
            CHECK(*p[i] == Approx(*expected[i]).epsilon(1e-12));
            const double scaled = *p[i] * (P + 1);
            CHECK(std::abs(scaled - std::round(scaled)) < 1e-9); // (count + 1) / (P + 1)
        }
    }
    CHECK_FALSE(p[25].has_value());

    // Rates (non-integers, sums in different orders) and another seed.
    std::vector<double> rates;
    for (std::size_t i = 0; i < counts.size(); ++i)
        rates.push_back(counts[i] * 10000.0 / (700.0 + 37.0 * static_cast<double>(i)));
    const auto p2 = gi_star_permutation_p(rates, nb, 49, 7);
    const auto e2 = reference_p(rates, nb, 49, 7);
    for (std::size_t i = 0; i < p2.size(); ++i)
        if (p2[i])
            CHECK(*p2[i] == Approx(*e2[i]).epsilon(1e-12));
}

TEST_CASE("Gi* permutation p-values: exact and statistical checks", "[hotspots]") {
    // Two communes: the only value to draw is the neighbour's own, every permutation
    // reproduces the observation: both tails count all P, p = (P + 1)/(P + 1) = 1.
    const auto one = gi_star_permutation_p({5, 2}, {{0, 1}, {0, 1}}, 19, 1);
    CHECK(*one[0] == 1.0);
    // Path 0–1–2 with x = (5, 0, 1): commune 0's neighbour gets 0 or 1 with probability 1/2:
    // obs = 5 is the lower tail, p ≈ (P/2 + 1)/(P + 1) ≈ 0.5 with P = 9999.
    const auto path = gi_star_permutation_p({5, 0, 1}, {{0, 1}, {0, 1, 2}, {1, 2}}, 9999, 3);
    CHECK(std::abs(*path[0] - 0.5) < 0.03);
    // A 3 × 3 block of 100s in a 9 × 9 grid of small values (0..2): the centre's 8 neighbours
    // would all have to be drawn among the 8 other 100s (1 chance in C(80, 8) ≈ 3·10¹⁰) to
    // reach the observed sum, so p = 1/(P + 1). A lone 100 among small neighbours is NOT
    // significant: x_i stays fixed under conditional permutation.
    std::vector<double> x(81, 0.0);
    for (std::size_t i = 0; i < 81; ++i)
        x[i] = static_cast<double>(i % 3);
    x[40] = 100;
    const auto lone = gi_star_permutation_p(x, grid_neighbours(9, 9), 199, 11);
    CHECK(*lone[40] > 0.1);
    for (int r = 3; r <= 5; ++r)
        for (int c = 3; c <= 5; ++c)
            x[static_cast<std::size_t>(r * 9 + c)] = 100;
    const auto centre = gi_star_permutation_p(x, grid_neighbours(9, 9), 199, 11);
    CHECK(*centre[40] == 1.0 / 200);
    // A seed is a seed: same p with the same seed, different p somewhere with another.
    CHECK(gi_star_permutation_p(x, grid_neighbours(9, 9), 199, 11) == centre);
    CHECK(gi_star_permutation_p(x, grid_neighbours(9, 9), 199, 12) != centre);
}

TEST_CASE("Gi* permutation p-values do not depend on the number of threads", "[hotspots]") {
    // 3000 communes on a 60 × 50 grid, pseudo-random counts.
    const NeighbourLists nb = grid_neighbours(60, 50);
    std::vector<double> x(nb.size());
    RandomStream rng(99, 0);
    for (double& v : x)
        v = static_cast<double>(rng.below(6));
    const char* before = std::getenv("TECSMAP_THREADS");
    const std::string saved = before ? before : "";
    setenv("TECSMAP_THREADS", "1", 1);
    const auto p1 = gi_star_permutation_p(x, nb, 199, 5);
    setenv("TECSMAP_THREADS", "2", 1);
    const auto p2 = gi_star_permutation_p(x, nb, 199, 5);
    setenv("TECSMAP_THREADS", "3", 1);
    const auto p3 = gi_star_permutation_p(x, nb, 199, 5);
    if (before)
        setenv("TECSMAP_THREADS", saved.c_str(), 1);
    else
        unsetenv("TECSMAP_THREADS");
    CHECK(p1 == p2);
    CHECK(p1 == p3);
}

TEST_CASE("Gi* islands are flagged, never tested nor classed", "[hotspots]") {
    // Real geometry: a 3×3 grid of 1 km squares plus a square 10 km away.
    std::vector<test::CommuneSpec> spec;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            spec.push_back({"9900" + std::to_string(r * 3 + c + 1),
                            test::square(c * 1000.0, r * 1000.0, 1000), 1000, ""});
    spec.push_back({"99010", test::square(10000, 10000, 1000), 1000, ""});
    const Territory t = test::make_territory(spec);
    const auto nb = queen_neighbours(t);
    std::vector<double> counts(10, 0.0);
    for (std::size_t i = 0; i < 10; ++i)
        if (t.communes[i].insee == "99010")
            counts[i] = 50; // an island with a huge value: still never a hot spot
        else if (t.communes[i].insee == "99005")
            counts[i] = 3;
    HotspotOptions o;
    o.variable = HotspotVariable::Count;
    o.permutations = 99;
    const auto r = hotspot_statistics(counts, std::vector<double>(10, 1000), nb, o);
    std::size_t islands = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        const bool island = t.communes[i].insee == "99010";
        CHECK((r.island[i] == 1) == island);
        if (island) {
            ++islands;
            CHECK_FALSE(r.p_sim[i].has_value());
            CHECK_FALSE(r.q[i].has_value());
            CHECK(r.hotspot[i] == 0);
            CHECK(r.z[i] > 2); // the spec's z is still computed
        } else {
            CHECK(r.p_sim[i].has_value());
            CHECK(r.q[i].has_value());
        }
    }
    CHECK(islands == 1);
    CHECK(r.tested == 9);
}

TEST_CASE("Gi* hot-spot classes by FDR-controlled significance", "[hotspots]") {
    CHECK(hotspot_significance_class(2.5, 0.009) == 3);
    CHECK(hotspot_significance_class(2.5, 0.01) == 3);
    CHECK(hotspot_significance_class(-1.0, 0.05) == -2);
    CHECK(hotspot_significance_class(-1.0, 0.05 + 1e-17) == -2);
    CHECK(hotspot_significance_class(1.0, 0.1) == 1);
    CHECK(hotspot_significance_class(1.0, 0.1001) == 0);
    CHECK(hotspot_significance_class(0.0, 0.001) == 0);
    CHECK(hotspot_significance_class(4.0, std::nullopt) == 0);
    CHECK(gi_star_normal_p(1.959963984540054) == Approx(0.025).epsilon(1e-9));
    CHECK(gi_star_normal_p(-1.959963984540054) == Approx(0.025).epsilon(1e-9));
}

TEST_CASE("Gi* whole chain: a strong cluster is a 99 % hot spot after FDR", "[hotspots]") {
    // 15 × 15 grid, a 3 × 3 block of high counts near the centre, low noise elsewhere.
    const NeighbourLists nb = grid_neighbours(15, 15);
    std::vector<double> x(nb.size());
    RandomStream rng(4, 0);
    for (double& v : x)
        v = static_cast<double>(rng.below(2));
    for (int r = 6; r <= 8; ++r)
        for (int c = 6; c <= 8; ++c)
            x[static_cast<std::size_t>(r * 15 + c)] = 20;
    HotspotOptions o;
    o.variable = HotspotVariable::Count;
    // With 999 permutations p >= 0.001, and BH over 225 tests with 9 such communes gives
    // q >= 0.001 · 225 / 9 = 0.025: 95 % at best. 9 999 permutations reach 99 %.
    auto res = hotspot_statistics(x, std::vector<double>(x.size(), 1), nb, o);
    CHECK(*res.p_sim[7 * 15 + 7] == Approx(1.0 / 1000));
    CHECK(*res.q[7 * 15 + 7] == Approx(0.025));
    CHECK(res.hotspot[7 * 15 + 7] == 2);
    CHECK(res.method_label().find("999 permutations") != std::string::npos);
    o.permutations = 9999;
    res = hotspot_statistics(x, std::vector<double>(x.size(), 1), nb, o);
    CHECK(*res.p_sim[7 * 15 + 7] == Approx(1.0 / 10000));
    CHECK(*res.q[7 * 15 + 7] <= 0.01);
    CHECK(res.hotspot[7 * 15 + 7] == 3);
    CHECK(res.hotspot[0] <= 0); // far corner: no hot spot
    for (std::size_t i = 0; i < x.size(); ++i)
        CHECK(*res.q[i] >= *res.p_sim[i]); // BH never lowers a p-value
}

TEST_CASE("Gi* inference refuses bad input", "[hotspots]") {
    const NeighbourLists nb = grid_neighbours(2, 2);
    CHECK_THROWS_AS(gi_star_permutation_p({1, 2, 3}, nb, 9, 1), std::invalid_argument);
    CHECK_THROWS_AS(gi_star_permutation_p({1, 2, 3, 4}, nb, 0, 1), std::invalid_argument);
    CHECK_THROWS_AS(gi_star_permutation_p({1, 2, 3, 4}, {{0, 9}, {1}, {2}, {3}}, 9, 1),
                    std::invalid_argument);
    CHECK_THROWS_AS(gi_star_permutation_p({1, 2, NAN, 4}, nb, 9, 1), std::invalid_argument);
    CHECK_THROWS_AS(gi_star_permutation_p({1, 2}, {{0, 1, 1, 1}, {1}}, 9, 1),
                    std::invalid_argument); // more "neighbours" than other communes
    HotspotOptions o;
    o.permutations = -1;
    CHECK_THROWS_AS(hotspot_statistics({1, 2, 3, 4}, {1, 1, 1, 1}, nb, o), std::invalid_argument);
    o.permutations = 9;
    CHECK_THROWS_AS(hotspot_statistics({1, 2, 3, 4}, {1, -1, 1, 1}, nb, o), std::invalid_argument);
}
