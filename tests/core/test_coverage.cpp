#include "analysis/coverage.hpp"
#include "fixtures.hpp"
#include "kdtree.hpp"
#include "parallel.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace tecsmap;
using test::square;

// Half a disc of radius r, with the 128-segment polygon GEOS builds: area of the inscribed
// polygon, n/2 sin(2 pi / n) r^2 for the full disc.
static double half_disc_area(double r) {
    return 0.5 * 64 * std::sin(2 * M_PI / 128) * r * r;
}

TEST_CASE("a disc covering a square commune entirely gives share 1 and no gap", "[coverage]") {
    Territory t = test::make_territory({{"99001", square(0, 0, 10000), 1000, ""}});
    auto r = compute_coverage(t, {{5000, 5000}}, 10000);
    CHECK(r.covered_share[0] == Approx(1.0));
    CHECK(r.pop_uncovered[0] == Approx(0).margin(1e-9));
    CHECK(r.gaps.empty());
    CHECK(r.dist_nearest_m[0] == Approx(std::hypot(t.communes[0].representative.x - 5000,
                                                   t.communes[0].representative.y - 5000)));
}

TEST_CASE("a disc centred on an edge covers half a disc of the square", "[coverage]") {
    Territory t = test::make_territory({{"99001", square(0, 0, 10000), 1000, ""}});
    auto r = compute_coverage(t, {{0, 5000}}, 5000);
    const double expected = half_disc_area(5000) / 1e8;
    CHECK(r.covered_share[0] == Approx(expected).epsilon(1e-6));
    CHECK(r.covered_share[0] == Approx(M_PI * 25e6 / 2 / 1e8).margin(0.001));
    CHECK(r.pop_uncovered[0] == Approx(1000 * (1 - expected)).epsilon(1e-6));
    REQUIRE(r.gaps.size() == 1);
    CHECK(r.gaps[0].area_km2 == Approx(100 * (1 - expected)).epsilon(1e-6));
    CHECK(r.gaps[0].pop_est == Approx(1000 * (1 - expected)).epsilon(1e-6));
}

TEST_CASE("no structure: every commune uncovered, distance undefined", "[coverage]") {
    Territory t = test::make_territory(
        {{"99001", square(0, 0, 1000), 10, ""}, {"99002", square(1000, 0, 1000), 20, ""}});
    auto r = compute_coverage(t, {}, 10000);
    CHECK(std::isnan(r.dist_nearest_m[0]));
    CHECK(r.covered_share[1] == 0);
    REQUIRE(r.gaps.size() == 1); // adjacent communes merge into one gap part
    CHECK(r.gaps[0].area_km2 == Approx(2));
    CHECK(r.gaps[0].pop_est == Approx(30));
}

TEST_CASE("gap population is shared between gap parts by area", "[coverage]") {
    // Two squares side by side; a disc on the shared edge splits the gap into two parts.
    Territory t = test::make_territory(
        {{"99001", square(0, 0, 10000), 1000, ""}, {"99002", square(10000, 0, 10000), 3000, ""}});
    auto r = compute_coverage(t, {{10000, 5000}}, 6000);
    double total_pop = 0, total_area = 0;
    for (const auto& g : r.gaps) {
        total_pop += g.pop_est;
        total_area += g.area_km2;
    }
    const double unc = r.pop_uncovered[0] + r.pop_uncovered[1];
    CHECK(total_pop == Approx(unc).epsilon(1e-9));
    CHECK(total_area == Approx(200 * (1 - (r.covered_share[0] + r.covered_share[1]) / 2)));
    CHECK(r.covered_share[0] == Approx(r.covered_share[1]));
    CHECK(r.gaps.size() == 2);
}

TEST_CASE("a structure outside the territory still covers it", "[coverage]") {
    Territory t = test::make_territory({{"99001", square(0, 0, 10000), 100, ""}});
    auto r = compute_coverage(t, {{-3000, 5000}}, 10000);
    CHECK(r.covered_share[0] > 0.5);
}

TEST_CASE("overlapping communes, one listed in a zone: its neighbour's overlap stays a gap",
          "[coverage]") {
    // A source whose polygons overlap (a study's own communes): A = [0, 1000] x [0, 1000] is
    // listed in a zone, B = [500, 1500] x [0, 1000] is not and nothing else covers it. A zone
    // covers the communes it lists, not the part of B lying under A: B is wholly uncovered, and
    // the gap layer holds all of B with all its people.
    Territory t = test::make_territory(
        {{"99001", square(0, 0, 1000), 100, ""}, {"99002", square(500, 0, 1000), 40, ""}});
    CoverageZones zones;
    zones.commune_covered = {true, false};
    const CoverageResult r = compute_coverage(t, {}, 10000, false, zones);
    CHECK(r.pop_uncovered[0] == 0);
    CHECK(r.pop_uncovered[1] == Approx(40));
    REQUIRE(r.gaps.size() == 1);
    CHECK(r.gaps[0].area_km2 == Approx(1.0));
    CHECK(r.gaps[0].pop_est == Approx(40));
}

TEST_CASE("overlapping communes and discs: the gaps' people are the communes' uncovered people",
          "[coverage]") {
    // The same overlapping pair under a disc that cuts both: the gap layer (the territory minus
    // the disc) and the per-commune figures must account for the same people.
    Territory t = test::make_territory(
        {{"99001", square(0, 0, 1000), 100, ""}, {"99002", square(500, 0, 1000), 40, ""}});
    const CoverageResult r = compute_coverage(t, {{0, 500}}, 700);
    double pop = 0, area = 0;
    for (const GapPart& g : r.gaps) {
        pop += g.pop_est;
        area += g.area_km2;
    }
    CHECK(r.pop_uncovered[0] > 0);
    CHECK(r.pop_uncovered[0] < 100);
    CHECK(r.pop_uncovered[1] > 0);
    CHECK(pop == Approx(r.pop_uncovered[0] + r.pop_uncovered[1]).epsilon(1e-9));
    // The union of the two squares is 1.5 km²; the disc's part of it is left out.
    const geos::GeomPtr disc = coverage_disc({0, 500}, 700);
    const geos::GeomPtr both = geos::union_of({t.communes[0].geometry.get(),
                                               t.communes[1].geometry.get()});
    const double covered = geos::area(geos::intersection(both.get(), disc.get()).get());
    CHECK(area == Approx((1.5e6 - covered) / 1e6).epsilon(1e-9));
}

TEST_CASE("recent unions: the same figures and pieces as without them, each union made once",
          "[coverage]") {
    // A grid of 1 km square communes under discs of 1.5 km around seeded sites: neighbouring
    // communes are reached by the same discs. Per commune, the uncovered piece with the shared
    // recent unions (a small capacity, so that unions are also dropped and made again, and both
    // cores asking at once) is bit for bit the piece without them.
    std::vector<test::CommuneSpec> specs;
    for (int row = 0; row < 12; ++row)
        for (int col = 0; col < 12; ++col)
            specs.push_back({"99" + std::to_string(100 + row * 12 + col),
                             square(col * 1000.0, row * 1000.0, 1000), 100 + row, ""});
    const Territory t = test::make_territory(specs);
    std::vector<XY> sites;
    std::uint64_t state = 12345;
    auto next = [&state] { // a fixed LCG: the same sites on every platform
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    for (int s = 0; s < 30; ++s)
        sites.push_back({next() * 12000.0, next() * 12000.0});
    const double radius = 1500;
    std::vector<geos::GeomPtr> discs;
    std::vector<const GEOSGeometry*> disc_ptrs;
    for (const XY& s : sites) {
        discs.push_back(coverage_disc(s, radius));
        disc_ptrs.push_back(discs.back().get());
    }
    const KdTree tree(sites);
    const std::size_t n = t.communes.size();
    std::vector<std::vector<std::size_t>> reaching(n);
    for (std::size_t i = 0; i < n; ++i) {
        const CommuneReach reach = commune_reach(t.communes[i], radius);
        reaching[i] = tree.within(reach.centre, reach.search_radius);
    }
    std::vector<CommuneUncovered> alone(n), shared(n);
    RecentUnions unions(4);
    for (std::size_t i = 0; i < n; ++i)
        alone[i] = commune_uncovered(t.communes[i], sites, disc_ptrs, reaching[i], radius);
    parallel_for(n, [&](std::size_t i) {
        shared[i] = commune_uncovered(t.communes[i], sites, disc_ptrs, reaching[i], radius, {},
                                      &unions);
    });
    std::size_t cut = 0;
    for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i);
        CHECK(shared[i].covered_share == alone[i].covered_share); // bit for bit
        CHECK(shared[i].pop_uncovered == alone[i].pop_uncovered);
        CHECK(GEOSEqualsExact_r(geos::ctx(), shared[i].geometry.get(), alone[i].geometry.get(),
                                0.0) == 1);
        cut += alone[i].covered_share > 0 && alone[i].covered_share < 1;
    }
    CHECK(cut > 20); // the case is not trivial: many communes are cut by discs
    CHECK(unions.computed() + unions.reused() <= n);
    // On one thread, in commune order: unions are reused, and with room for only 4 some are
    // dropped and made again, which room for every union avoids.
    RecentUnions small(4), roomy(1000);
    for (std::size_t i = 0; i < n; ++i) {
        const auto a = commune_uncovered(t.communes[i], sites, disc_ptrs, reaching[i], radius, {},
                                         &small);
        (void)commune_uncovered(t.communes[i], sites, disc_ptrs, reaching[i], radius, {}, &roomy);
        CHECK(a.covered_share == alone[i].covered_share);
        CHECK(GEOSEqualsExact_r(geos::ctx(), a.geometry.get(), alone[i].geometry.get(), 0.0) == 1);
    }
    CHECK(small.reused() > 0);
    CHECK(roomy.computed() < small.computed());
    CHECK(roomy.reused() > small.reused());
}
