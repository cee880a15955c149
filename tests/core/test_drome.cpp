// End-to-end tests on real data: the COG tables and the IGN commune polygons (obtained from the
// mirror, the cache or the pinned download).

#include "analysis/analysis.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "run_info.hpp"
#include "map_style.hpp"
#include "territory_builder.hpp"
#include "territory_cache.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

using namespace tecsmap;

namespace {
const Territory& drome() {
    static const Territory t = [] {
        Study s;
        s.departements = {"26"};
        return build_territory(s, Cog::bundled());
    }();
    return t;
}
} // namespace

TEST_CASE("Drôme: 362 current communes, 524 207 inhabitants, 16 EPCIs", "[drome]") {
    const Territory& t = drome();
    CHECK(t.communes.size() == 362);
    CHECK(t.population() == 524207);
    CHECK(t.epcis.size() == 16);
    CHECK(t.missing.empty());
    CHECK(std::abs(t.area_m2() / 1e6 - 6530) / 6530 < 0.01);
    CHECK(t.crs == "EPSG:2154");
}

TEST_CASE("Drôme: the 5 old codes of the 2018 polygons are mapped", "[drome]") {
    const Territory& t = drome();
    std::set<std::string> mapped;
    for (const Commune& c : t.communes)
        for (const std::string& code : c.source_codes)
            if (code != c.insee)
                mapped.insert(code);
    CHECK(mapped == std::set<std::string>{"26184", "26219", "26297", "26354", "26371"});
    CHECK(t.communes[t.commune_index("26210")].source_codes.size() == 3); // Valherbasse
    CHECK(t.diagnostics.count("unmapped_code") == 0);
}

TEST_CASE("Drôme: EPCI populations are the sums of their Drôme communes", "[drome]") {
    const Territory& t = drome();
    long long total = 0;
    for (const Epci& e : t.epcis) {
        long long sum = 0;
        for (std::size_t i : e.communes)
            sum += t.communes[i].population;
        CHECK(e.population == sum);
        total += sum;
    }
    long long no_epci = 0;
    for (const Commune& c : t.communes)
        no_epci += c.epci_siren.empty() ? c.population : 0;
    CHECK(total + no_epci == 524207);
}

TEST_CASE("Ardèche builds with the COG's commune count", "[drome]") {
    Study s;
    s.departements = {"07"};
    const Territory t = build_territory(s, Cog::bundled());
    CHECK(t.communes.size() == Cog::bundled().communes_of({"07"}).size());
    CHECK(t.missing.empty());
}

TEST_CASE("Drôme default study end to end: invariants of every figure", "[drome][e2e]") {
    const StudyRun run = run_study(test::source_data_dir() + "/drome.toml", Cog::bundled());
    const Study& study = run.study;
    const Territory& t = *run.territory;
    const StudyInputs& in = *run.inputs;
    const AnalysisResult& r = *run.result;

    long long ctg_pop = 0;
    for (const CtgIndicators& c : r.ctgs)
        ctg_pop += c.population;
    CHECK(ctg_pop == t.population());

    for (std::size_t i = 0; i < t.communes.size(); ++i) {
        const CommuneFigures& f = r.communes[i];
        CHECK(f.pop_uncovered >= 0);
        CHECK(f.pop_uncovered <= static_cast<double>(t.communes[i].population) + 1e-9);
        CHECK(f.covered_share >= 0);
        CHECK(f.covered_share <= 1);
        REQUIRE(f.dist_nearest_m);
        // A commune whose representative point is within R of a structure is partly covered.
        if (*f.dist_nearest_m < study.parameters.coverage_radius_m())
            CHECK(f.covered_share > 0);
    }
    // Gap population equals uncovered population (same spread-evenly model).
    double gaps = 0, unc = 0;
    for (const GapPart& g : r.gaps)
        gaps += g.pop_est;
    for (const CommuneFigures& f : r.communes)
        unc += f.pop_uncovered;
    CHECK(gaps == Approx(unc).epsilon(1e-6));

    // Every initiative is in exactly one CTG or flagged outside.
    int in_ctgs = 0;
    for (const CtgIndicators& c : r.ctgs)
        in_ctgs += c.n_initiatives;
    int flagged_in = 0;
    for (std::size_t k = 0; k < in.initiatives.size(); ++k) {
        const Initiative& it = in.initiatives[k];
        if (it.place.in_territory()) {
            ++flagged_in;
            CHECK(ctg_index(t, it.place) != Territory::npos);
        } else {
            CHECK(ctg_code(t, it.place).empty());
            CHECK_FALSE(r.initiatives[k].cluster_id);
        }
    }
    CHECK(in_ctgs == flagged_in);
    CHECK(in.initiatives.size() == 90);

    // Cluster ids are consistent between initiatives and clusters.
    std::map<std::pair<std::string, int>, int> members;
    for (std::size_t k = 0; k < in.initiatives.size(); ++k)
        if (r.initiatives[k].cluster_id)
            ++members[{ctg_code(t, in.initiatives[k].place), *r.initiatives[k].cluster_id}];
    REQUIRE(members.size() == r.clusters.size());
    for (const Cluster& c : r.clusters)
        CHECK(members[{c.ctg_code, c.cluster_id}] == c.n_initiatives);

    // Perimeters: the CTE Royans-Vercors covers its whole CTG.
    const CtgIndicators& royans = r.ctgs[t.ctg_index("200067767")];
    CHECK(royans.cte_share == 1.0);
    CHECK(in.perimeters.size() == 13);

    write_geopackage("drome.gpkg", run, test::bundled_style(),
                     describe_run(run, Cog::bundled()));
    gdal::DatasetPtr ds(GDALDataset::Open("drome.gpkg", GDAL_OF_VECTOR));
    REQUIRE(ds);
    CHECK(ds->GetLayerByName("communes")->GetFeatureCount() == 362);
    CHECK(ds->GetLayerByName("epci")->GetFeatureCount() == 16);
    CHECK(ds->GetLayerByName("initiatives")->GetFeatureCount() == 90);
}

TEST_CASE("Drôme: the territory read back from the cache equals the built one",
          "[drome][territory_cache]") {
    using Outcome = TerritoryCacheReport::Outcome;
    const Territory& built = drome();
    namespace fs = std::filesystem;
    const std::string dir = fs::absolute("drome-territory-cache").string();
    fs::remove_all(dir);
    const TerritoryCacheSettings settings{dir, true};
    Study s;
    s.departements = {"26"};
    TerritoryCacheReport first, second;
    const Territory cold = build_territory_cached(
        s, Cog::bundled(), BoundaryOptions::from_environment(), nullptr, &first, settings);
    CHECK(first.outcome == Outcome::Built);
    CHECK(first.stored);
    const Territory warm = build_territory_cached(
        s, Cog::bundled(), BoundaryOptions::from_environment(), nullptr, &second, settings);
    REQUIRE(second.outcome == Outcome::Hit);
    for (const Territory* t : {&cold, &warm}) {
        REQUIRE(t->communes.size() == built.communes.size());
        CHECK(t->communes.size() == 362);
        CHECK(t->population() == 524207);
        CHECK(t->area_m2() == built.area_m2());
        for (std::size_t i = 0; i < built.communes.size(); ++i) {
            const Commune &a = built.communes[i], &b = t->communes[i];
            CHECK(a.insee == b.insee);
            CHECK(a.nom == b.nom);
            CHECK(a.population == b.population);
            CHECK(a.ctg == b.ctg);
            CHECK(a.representative.x == b.representative.x);
            CHECK(a.representative.y == b.representative.y);
            CHECK(a.source_codes == b.source_codes);
            CHECK(GEOSEqualsExact_r(geos::ctx(), a.geometry.get(), b.geometry.get(), 0) == 1);
        }
        REQUIRE(t->epcis.size() == built.epcis.size());
        for (std::size_t i = 0; i < built.epcis.size(); ++i) {
            CHECK(t->epcis[i].siren == built.epcis[i].siren);
            CHECK(t->epcis[i].population == built.epcis[i].population);
            CHECK(t->epcis[i].communes == built.epcis[i].communes);
            CHECK(GEOSEqualsExact_r(geos::ctx(), t->epcis[i].geometry.get(),
                                    built.epcis[i].geometry.get(), 0) == 1);
        }
        REQUIRE(t->ctgs.size() == built.ctgs.size());
        for (std::size_t i = 0; i < built.ctgs.size(); ++i) {
            CHECK(t->ctgs[i].code == built.ctgs[i].code);
            CHECK(t->ctgs[i].communes == built.ctgs[i].communes);
            CHECK(GEOSEqualsExact_r(geos::ctx(), t->ctgs[i].geometry.get(),
                                    built.ctgs[i].geometry.get(), 0) == 1);
        }
        REQUIRE(t->diagnostics.items().size() == built.diagnostics.items().size());
        for (std::size_t i = 0; i < built.diagnostics.items().size(); ++i)
            CHECK(t->diagnostics.items()[i].message == built.diagnostics.items()[i].message);
        CHECK(t->commune_index("26198") == built.commune_index("26198")); // Montélimar
    }
    fs::remove_all(dir);
}
