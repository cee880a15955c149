// The accessibility of a whole study (issue 12), end to end through the study file, on the
// hand-made study of hand_study.hpp: every expected figure below is worked out by hand.
//
// Minutes (primary road at 60 km/h = 1 000 m a minute, walking 4.5 km/h = 75 m a minute):
//   communes' representative points are their rectangles' centres, on the road except D's:
//   A (3 000, 1 000) 2 min; B (13 000, 1 000) 12; C (23 000, 1 000) 22 — not 12 by the one-way
//   motorway (it leads away from the structure), not ~0 by the ferry, and the MJC next to it
//   does not cover; D (23 000, −1 000): 2 000 m walked (26.667 min) + 22 = 48.667.
//   cells (centres 100 m off the road: 1.333 min walked): g1 3.333, g2 9.333, g3 15.333
//   (beyond 15), g4 23.333; g5 astride A|B ≈ 6.4.
// People (COG populations A 1 100, B 2 120, C 100, D 50; cells reconciled commune by
//   commune): A = g1 100 + ¼ g5 10 → ×10; B = g2 200 + g3 300 + ¾ g5 30 → ×4; C = g4 50 → ×2;
//   D has no cell (uniform rule). Parts: g1 1 000, g5A 100, g2 800, g3 1 200, g5B 120, g4 100.
//   g5 is a square of EPSG:3035, turned by a few degrees in Lambert-93: its ¼–¾ split, hence
//   the reconciliation of A and B, is right to 0.2 %.
// Coverage by time (15 min): A 0, B 1 200 (g3), C 100 (g4), D 50 (whole) = 1 350 uncovered;
//   three gap parts (g3's cell, g4's cell, D).
// Coverage by distance (10 km; S2 covers though 7 km from the road): g3 within 7.2 km of S2
//   is covered, g4 (12.1 km from S2) is not; D is outside both discs: 100 + 50 = 150, all in
//   one gap part (B's corner, C's east, D).
// E2SFCA (bands): S1 (capacity 2) reaches g1, g5A, g2, g5B at weight 1, g3 at 0.68, g4 at 0.22:
//   R1 = 2 / (1 000 + 100 + 800 + 120 + 1 200 × 0.68 + 100 × 0.22) = 2 / 2 858; S2 reaches no
//   one within 30 min (its walk alone is 93 min): R2 = 0. Communes: A R1, B (920 + 816) /
//   2 120 R1, C 0.22 R1, D 0. The CTG: 2 / 3 370 (supply conserved).
// Median minutes of the CTG's people (3 370): 1 000 at 3.33, 100 at 6.4, 120 at 6.5, then g2's
//   800 at 9.333 passes half: 9.333.

#include "access_fixtures.hpp"
#include "analysis/access_inputs.hpp"
#include "analysis/scenarios.hpp"
#include "analysis/suggestions.hpp"
#include "analysis/study_run.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "hand_study.hpp"
#include "run_info.hpp"

#include <catch2/catch.hpp>
#include <gdal_utils.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace tecsmap;
namespace fs = std::filesystem;

namespace {

constexpr double kMinuteTol = 1e-3; // OSM's 1e-7 degree rounding, walked: ~1e-4 min
constexpr double kSplitTol = 2e-3;  // g5's split (see above)
const double R1 = 2.0 / 2858;

// The hand study written into a directory of its own (test cases run in parallel), with the
// road cache there too.
std::string hand_dir(const std::string& name) {
    const fs::path dir = fs::absolute("hand-" + name);
    fs::remove_all(dir);
    test::write_hand_study(dir.string());
    setenv("TECSMAP_CACHE_DIR", (dir / "cache").c_str(), 1);
    return dir.string();
}

Cog hand_cog() {
    std::vector<test::CommuneSpec> specs;
    for (const test::HandCommune& c : test::kHandCommunes)
        specs.push_back({c.insee, test::square(0, 0, 1), c.population, "200000001"});
    return test::make_cog(specs);
}

std::size_t commune(const StudyRun& run, const char* insee) {
    const std::size_t i = run.territory->commune_index(insee);
    REQUIRE(i != Territory::npos);
    return i;
}

// The parts of one cell (by its position in hand_study.cpp's list: g1 = 0, ...) in a commune.
const access::GridPart* part(const StudyRun& run, double dx, double dy, const char* insee) {
    const access::PopulationGrid& g = *run.inputs->population;
    const std::size_t c = run.territory->commune_index(insee);
    for (const access::GridPart& p : g.parts)
        if (std::abs(p.centre.x - (test::X0 + dx)) < 1 &&
            std::abs(p.centre.y - (test::Y0 + dy)) < 1 && p.commune == c)
            return &p;
    return nullptr;
}

std::size_t part_index(const StudyRun& run, const access::GridPart* p) {
    return static_cast<std::size_t>(p - run.inputs->population->parts.data());
}

std::set<std::string> fields(OGRLayer* layer) {
    std::set<std::string> out;
    for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
        out.insert(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    return out;
}

} // namespace

TEST_CASE("hand study by time: minutes, uncovered people and gaps known by hand",
          "[access][study]") {
    const std::string dir = hand_dir("temps");
    const Cog cog = hand_cog();
    const StudyRun run = run_study(dir + "/acces-temps.toml", cog);
    const AnalysisResult& r = *run.result;
    REQUIRE(r.access);
    const AccessibilityResult& a = *r.access;
    const std::size_t A = commune(run, "26001"), B = commune(run, "26002"),
                      C = commune(run, "26003"), D = commune(run, "26004");

    // The graph: the main road's 27 nodes; island, ferry and private motorway left out.
    CHECK(run.inputs->roads->graph().node_count() == 27);
    // Minutes of the representative points, to the nearest covering structure.
    CHECK(*a.communes[A].minutes == Approx(2).margin(kMinuteTol));
    CHECK(*a.communes[B].minutes == Approx(12).margin(kMinuteTol));
    CHECK(*a.communes[C].minutes == Approx(22).margin(kMinuteTol));
    CHECK(*a.communes[D].minutes == Approx(22 + 2000.0 / 75).margin(kMinuteTol));
    for (std::size_t i : {A, B, C, D}) {
        REQUIRE(a.communes[i].structure < run.inputs->structures.size());
        CHECK(run.inputs->structures[a.communes[i].structure].name == "Centre social du Val");
    }
    CHECK(a.communes[C].route_m == Approx(22000).margin(1));
    CHECK(a.communes[D].snap_m == Approx(2000).margin(0.05));

    // The cells' parts: points, minutes, people.
    const access::GridPart* g1 = part(run, 3000, 1100, "26001");
    const access::GridPart* g2 = part(run, 9000, 1100, "26002");
    const access::GridPart* g3 = part(run, 15000, 1100, "26002");
    const access::GridPart* g4 = part(run, 23000, 1100, "26003");
    const access::GridPart* g5a = part(run, 6050, 1100, "26001");
    const access::GridPart* g5b = part(run, 6050, 1100, "26002");
    REQUIRE((g1 && g2 && g3 && g4 && g5a && g5b));
    CHECK(run.inputs->population->parts.size() == 6);
    CHECK(a.parts[part_index(run, g1)].minutes.value() ==
          Approx(2 + 100.0 / 75).margin(kMinuteTol));
    CHECK(a.parts[part_index(run, g2)].minutes.value() ==
          Approx(8 + 100.0 / 75).margin(kMinuteTol));
    CHECK(a.parts[part_index(run, g3)].minutes.value() ==
          Approx(14 + 100.0 / 75).margin(kMinuteTol));
    CHECK(a.parts[part_index(run, g4)].minutes.value() ==
          Approx(22 + 100.0 / 75).margin(kMinuteTol));
    // g5's centre is in B: B's part is counted there; A's part at a point of its own sliver.
    CHECK(g5b->point.x == Approx(g5b->centre.x).margin(1e-9));
    CHECK(g5a->point.x < test::X0 + 6000);
    CHECK(g5a->point.x > test::X0 + 5940);
    CHECK(g1->population == Approx(1000).epsilon(kSplitTol));
    CHECK(g5a->population == Approx(100).epsilon(0.01));
    CHECK(g2->population == Approx(800).epsilon(kSplitTol));
    CHECK(g3->population == Approx(1200).epsilon(kSplitTol));
    CHECK(g4->population == Approx(100).epsilon(1e-9));
    CHECK(g1->population + g5a->population == Approx(1100).epsilon(1e-12));

    // Coverage by time.
    CHECK(r.communes[A].pop_uncovered == Approx(0).margin(1e-9));
    CHECK(r.communes[B].pop_uncovered == Approx(1200).epsilon(kSplitTol));
    CHECK(r.communes[C].pop_uncovered == Approx(100).epsilon(1e-9));
    CHECK(r.communes[D].pop_uncovered == Approx(50).epsilon(1e-12));
    CHECK(r.communes[A].covered_share == 1);
    CHECK(r.communes[D].covered_share == 0);
    CHECK(r.communes[B].covered_share == Approx(1 - 40000.0 / 28e6).margin(2e-6));
    CHECK(r.grid_part_covered[part_index(run, g1)] == 1);
    CHECK(r.grid_part_covered[part_index(run, g3)] == 0);
    CHECK(r.grid_part_covered[part_index(run, g4)] == 0);
    CHECK(r.grid_part_covered[part_index(run, g5a)] == 1);
    REQUIRE(r.gaps.size() == 3);
    double gap_pop = 0, gap_area = 0;
    for (const GapPart& g : r.gaps) {
        gap_pop += g.pop_est;
        gap_area += g.area_km2;
    }
    CHECK(gap_pop == Approx(1350).epsilon(kSplitTol));
    CHECK(gap_area == Approx(0.04 + 0.04 + 12).epsilon(1e-3));
    REQUIRE(r.ctgs.size() == 1);
    CHECK(r.ctgs[0].pop_uncovered == Approx(1350).epsilon(kSplitTol));
    CHECK(r.ctgs[0].uncovered_share == Approx(1350.0 / 3370).epsilon(kSplitTol));

    // People beyond 15 minutes, median minutes, E2SFCA.
    CHECK(a.commune_pop_beyond[B] == Approx(1200).epsilon(kSplitTol));
    CHECK(a.ctgs[0].pop_beyond == Approx(1350).epsilon(kSplitTol));
    REQUIRE(a.ctgs[0].median_minutes);
    CHECK(*a.ctgs[0].median_minutes == Approx(8 + 100.0 / 75).margin(kMinuteTol));
    CHECK(a.commune_e2sfca[A] == Approx(R1).epsilon(kSplitTol));
    CHECK(a.commune_e2sfca[B] == Approx(1736.0 / 2120 * R1).epsilon(kSplitTol));
    CHECK(a.commune_e2sfca[C] == Approx(0.22 * R1).epsilon(kSplitTol));
    CHECK(a.commune_e2sfca[D] == 0);
    CHECK(a.ctgs[0].e2sfca == Approx(2.0 / 3370).epsilon(1e-9));
    CHECK(a.structure_ratio[0] == Approx(R1).epsilon(kSplitTol));
    CHECK(a.structure_ratio[1] == 0);
    CHECK(a.structure_ratio[2] == 0);

    // Isochrones of the covering structures (S1, S2) at 10 and 20 min: S1's nested, S2's empty
    // (its walk to the road alone is 93 minutes).
    REQUIRE(a.isochrones.size() == 4);
    CHECK(a.isochrones[0].structure == 0);
    CHECK(a.isochrones[0].minutes == 10);
    CHECK(geos::area(a.isochrones[0].geometry.get()) > 0);
    CHECK(geos::area(a.isochrones[1].geometry.get()) > geos::area(a.isochrones[0].geometry.get()));
    CHECK(a.isochrones[2].structure == 1);
    CHECK(geos::is_empty(a.isochrones[3].geometry.get()));

    // Rejects: the structure 7 km from the road (kept), the cell without population.
    bool far = false, empty_cell = false;
    for (const RejectedRow& row : run.inputs->rejects) {
        if (row.layer == "structures" && row.reason.find("à plus de 5 km de toute route") == 0) {
            far = true;
            CHECK(row.kept);
            CHECK(row.source.line == 3);
            CHECK_THAT(row.reason, Catch::Contains("7\u202F000 m"));
        }
        empty_cell |= row.layer == "population" && row.reason == "population vide";
    }
    CHECK(far);
    CHECK(empty_cell);
    CHECK(run.inputs->population->cells_outside == 1);
    CHECK(run.inputs->population->population_outside == Approx(40).epsilon(1e-9));
}

TEST_CASE("hand study by time: suggestions and scenarios reason in minutes by road",
          "[access][study][suggest][scenario]") {
    // Demand: the grid's parts and D's point (D has no cell). Already within 15 min of S1: g1,
    // g5A, g2, g5B. Left: g3 1 200 (15.33 min), g4 100 (23.33), D 50 (48.67).
    // A site at a commune's point (on the road, walk 0) reaches g3 and g4 from B (13 000: 3.33
    // and 11.33 min) or C (23 000: 9.33 and 1.33): 1 300 newly covered; from A (3 000) only g3
    // (13.33 min): 1 200. D's point is 26.67 min from the road: no site reaches it within 15.
    // (By straight line, 10 km, only g4 and D would be left: the distance study below.)
    const std::string dir = hand_dir("temps-decide");
    const Cog cog = hand_cog();
    const StudyRun run = run_study(dir + "/acces-temps.toml", cog);
    const Territory& t = *run.territory;
    const StudyInputs& in = *run.inputs;
    const AnalysisResult& r = *run.result;
    REQUIRE(r.coverage_rule == CoverageRule::Time);

    SuggestionRequest request;
    request.new_sites = 1;
    const SuggestionResult sr =
        suggest_for_study(t, in, r.structure_covers, run.parameters, request);
    CHECK_THAT(sr.rule, Catch::StartsWith("à 15") && Catch::EndsWith("min au plus par la route"));
    REQUIRE(sr.location.sites.size() == 1);
    const CandidateSite& best = sr.candidates[sr.location.sites[0].candidate];
    CHECK((best.commune == commune(run, "26002") || best.commune == commune(run, "26003")));
    CHECK(sr.location.sites[0].pop_newly_covered == Approx(1300).epsilon(kSplitTol));
    // Everyone but D's 50 inhabitants once the site is open.
    CHECK(sr.location.sites[0].pop_covered_total == Approx(3370 - 50).epsilon(kSplitTol));

    // Scenarios: the current situation is the analysis's figure (1 350 beyond 15 min); without
    // S1 nobody is within 15 min (S2 is 93 min from the road); a site at B's point leaves D.
    std::vector<ResolvedScenario> scenarios;
    scenarios.push_back({"Sans le centre social", "", {}, {0}});
    scenarios.push_back(
        {"Un EVS à B", "", {{t.communes[commune(run, "26002")].representative, 1, "EVS"}}, {}});
    std::vector<double> current;
    for (const CommuneFigures& f : r.communes)
        current.push_back(f.pop_uncovered);
    const auto out = compare_scenarios(t, in, run.parameters, r.coverage_rule,
                                       r.structure_covers, current, scenarios);
    REQUIRE(out.size() == 3);
    CHECK(out[0].pop_uncovered == Approx(r.ctgs[0].pop_uncovered));
    CHECK(out[0].pop_uncovered == Approx(1350).epsilon(kSplitTol));
    CHECK(out[1].pop_uncovered == Approx(3370).epsilon(1e-9));
    CHECK(out[2].pop_uncovered == Approx(50).epsilon(1e-9));
    // The current situation recomputed as a scenario (nothing changed) gives the same figure.
    const auto same = compare_scenarios(t, in, run.parameters, r.coverage_rule,
                                        r.structure_covers, current, {{"Rien", "", {}, {}}});
    CHECK(same[1].pop_uncovered == Approx(out[0].pop_uncovered).epsilon(1e-12));
}

TEST_CASE("hand study by distance: people where they live change every population figure",
          "[access][study]") {
    const std::string dir = hand_dir("distance");
    const Cog cog = hand_cog();
    const StudyRun run = run_study(dir + "/acces-distance.toml", cog);
    const AnalysisResult& r = *run.result;
    const std::size_t A = commune(run, "26001"), B = commune(run, "26002"),
                      C = commune(run, "26003"), D = commune(run, "26004");
    // B is partly beyond 10 km (its south-east corner) but nobody lives there.
    CHECK(r.communes[B].covered_share < 1);
    CHECK(r.communes[B].pop_uncovered == 0);
    CHECK(r.communes[A].pop_uncovered == 0);
    CHECK(r.communes[C].pop_uncovered == Approx(100).epsilon(1e-9));
    // D has no cell: uniform rule, and it is wholly beyond 10 km.
    CHECK(r.communes[D].covered_share == Approx(0).margin(1e-12));
    CHECK(r.communes[D].pop_uncovered == Approx(50).epsilon(1e-12));
    REQUIRE(r.gaps.size() == 1);
    CHECK(r.gaps[0].pop_est == Approx(150).epsilon(1e-9));
    CHECK(r.ctgs[0].pop_uncovered == Approx(150).epsilon(1e-9));
    // Minutes and E2SFCA do not depend on the rule: the same as by time.
    REQUIRE(r.access);
    CHECK(r.access->ctgs[0].pop_beyond == Approx(1350).epsilon(kSplitTol));
    CHECK(r.access->commune_e2sfca[A] == Approx(R1).epsilon(kSplitTol));
    CHECK(r.access->isochrones.empty()); // not asked
}

TEST_CASE("hand study by distance: suggestions and scenarios count people where they live",
          "[access][study][suggest][scenario]") {
    // Demand with a grid: the six grid parts and D's point (D has no cell), 3 370 people.
    // Within 10 km of S1 or S2: every part but g4 (12,1 km from S2); D's point is beyond.
    const std::string dir = hand_dir("distance-decide");
    const Cog cog = hand_cog();
    const StudyRun run = run_study(dir + "/acces-distance.toml", cog);
    const Territory& t = *run.territory;
    const StudyInputs& in = *run.inputs;
    const AnalysisResult& r = *run.result;
    REQUIRE(r.coverage_rule == CoverageRule::Distance);
    const DemandPoints demand = study_demand(t, in);
    REQUIRE(demand.xy.size() == 7);
    CHECK(std::count(demand.part.begin(), demand.part.end(), Territory::npos) == 1);
    CHECK(demand.commune[0] == commune(run, "26004")); // uniform communes first
    double people = 0;
    for (double w : demand.weight)
        people += w;
    CHECK(people == Approx(3370).epsilon(1e-9));
    const StudySiteCoverage coverage(t, in, run.parameters, r.coverage_rule, r.structure_covers,
                                     demand);
    const std::vector<char> covered = coverage.already_covered();
    double uncovered = 0;
    for (std::size_t d = 0; d < covered.size(); ++d)
        uncovered += covered[d] ? 0 : demand.weight[d];
    CHECK(std::count(covered.begin(), covered.end(), 0) == 2); // g4 and D
    CHECK(uncovered == Approx(150).epsilon(1e-9));             // = the analysis's figure
    CHECK(uncovered == Approx(r.ctgs[0].pop_uncovered).epsilon(1e-9));

    // A scenario that changes nothing: the analysis's figure (people where they live).
    std::vector<double> current;
    for (const CommuneFigures& f : r.communes)
        current.push_back(f.pop_uncovered);
    const auto out = compare_scenarios(t, in, run.parameters, r.coverage_rule, r.structure_covers,
                                       current, {{"Rien", "", {}, {}}});
    REQUIRE(out.size() == 2);
    CHECK(out[1].pop_uncovered == Approx(out[0].pop_uncovered).epsilon(1e-12));
    CHECK(out[1].pop_uncovered == Approx(150).epsilon(1e-9));
}

TEST_CASE("hand study: the GeoPackage holds the access fields, cells and isochrones",
          "[access][study][gpkg]") {
    const std::string dir = hand_dir("gpkg");
    const Cog cog = hand_cog();
    const StudyRun run = run_study(dir + "/acces-temps.toml", cog);
    const RunInfo info = describe_run(run, cog);
    const std::string out = dir + "/out.gpkg";
    write_geopackage(out, run, test::bundled_style(), info);
    gdal::DatasetPtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* communes = ds->GetLayerByName("communes");
    for (const char* f :
         {"minutes_nearest", "nearest_structure", "route_km", "snap_m", "acces_e2sfca",
          "pop_beyond_time", "pop_grid", "pop_grid_diff", "n_cells", "pop_uniform"})
        CHECK(fields(communes).count(f));
    communes->SetAttributeFilter("insee = '26003'");
    gdal::FeaturePtr c(communes->GetNextFeature());
    REQUIRE(c);
    CHECK(c->GetFieldAsDouble("minutes_nearest") == Approx(22).margin(kMinuteTol));
    CHECK(std::string(c->GetFieldAsString("nearest_structure")) == "Centre social du Val");
    CHECK(c->GetFieldAsDouble("route_km") == Approx(22).margin(1e-3));
    CHECK(c->GetFieldAsDouble("pop_uncovered") == Approx(100).epsilon(1e-9));
    CHECK(c->GetFieldAsDouble("acces_e2sfca") == Approx(0.22 * R1 * 1e4).epsilon(kSplitTol));
    CHECK(c->GetFieldAsDouble("pop_grid") == Approx(50).epsilon(1e-9));
    CHECK(c->GetFieldAsDouble("pop_grid_diff") == Approx(-50).epsilon(1e-9));
    CHECK(c->GetFieldAsInteger("n_cells") == 1);

    OGRLayer* cells = ds->GetLayerByName("cells");
    REQUIRE(cells);
    CHECK(cells->GetFeatureCount() == 6);
    cells->SetAttributeFilter("insee = '26002' AND covered = 0");
    gdal::FeaturePtr g3(cells->GetNextFeature());
    REQUIRE(g3);
    CHECK(g3->GetFieldAsDouble("minutes_nearest") == Approx(14 + 100.0 / 75).margin(kMinuteTol));
    CHECK(g3->GetFieldAsDouble("population") == Approx(1200).epsilon(kSplitTol));
    CHECK(g3->GetFieldAsDouble("pop_cell") == 300);
    CHECK_THAT(std::string(g3->GetFieldAsString("idcar")), Catch::StartsWith("CRS3035RES200mN"));

    OGRLayer* iso = ds->GetLayerByName("isochrones");
    REQUIRE(iso);
    CHECK(iso->GetFeatureCount() == 4);
    OGRLayer* ind = ds->GetLayerByName("ctg_indicators");
    CHECK(fields(ind).count("minutes_median"));
    CHECK(fields(ind).count("acces_e2sfca"));
    // Styles: the 9 contract layers (structure_zones, issue 11), the cells and the isochrones.
    CHECK(ds->GetLayerByName("layer_styles")->GetFeatureCount() == 11);

    // run_info: the rule, the speeds, the extract's hash, the grid's totals.
    CHECK(info.value("coverage") == "temps");
    CHECK(info.value("coverage_minutes") == "15");
    CHECK_THAT(info.value("roads.speeds_kmh"), Catch::Contains("primary=60"));
    CHECK_THAT(info.value("roads.speeds_kmh"), Catch::Contains("motorway=110"));
    CHECK(info.value("roads.extract_sha256").size() == 64);
    CHECK(info.value("sha256.accessibility.roads") == info.value("roads.extract_sha256"));
    CHECK(info.value("roads.graph_nodes") == "27");
    CHECK(info.value("roads.structures_far") == "1");
    CHECK(info.value("population_grid.cells_outside") == "1");
    CHECK(info.value("population_grid.column") == "Ind");
    CHECK(info.value("isochrones") == "10,20");
}

TEST_CASE("hand study: the road graph comes from the cache the second time, same figures",
          "[access][study]") {
    const std::string dir = hand_dir("cache");
    const Cog cog = hand_cog();
    const StudyRun first = run_study(dir + "/acces-temps.toml", cog);
    const StudyRun second = run_study(dir + "/acces-temps.toml", cog);
    CHECK_FALSE(first.inputs->roads->cached.from_cache);
    CHECK(second.inputs->roads->cached.from_cache);
    for (std::size_t i = 0; i < first.result->communes.size(); ++i) {
        CHECK(first.result->access->communes[i].minutes ==
              second.result->access->communes[i].minutes);
        CHECK(first.result->communes[i].pop_uncovered == second.result->communes[i].pop_uncovered);
    }
    // A re-analysis with other parameters reuses the grid and the network.
    AnalysisParameters p = second.parameters;
    p.set(ParameterId::CoverageMinutes, 25, {});
    const StudyRun third = rerun_study(second, second.study, p, cog);
    CHECK(third.inputs->roads == second.inputs->roads);
    CHECK(third.result->communes[commune(third, "26002")].pop_uncovered == 0);
    CHECK(third.result->communes[commune(third, "26004")].pop_uncovered == 50);
    // A new DBSCAN eps keeps the coverage stage (travel minutes, grid parts, gaps, scenarios):
    // shared with the previous result, and equal to a full analysis.
    AnalysisParameters q = p;
    q.set(ParameterId::ClusterEpsKm, 2, {});
    const StudyRun kept = rerun_study(third, third.study, q, cog);
    REQUIRE(kept.result->access);
    CHECK(kept.result->access == third.result->access);
    const AnalysisResult full = analyse(*kept.territory, *kept.inputs, q);
    CHECK(kept.result->grid_part_covered == full.grid_part_covered);
    CHECK(kept.result->coverage_rule == full.coverage_rule);
    for (std::size_t i = 0; i < full.communes.size(); ++i) {
        CHECK(kept.result->communes[i].pop_uncovered == full.communes[i].pop_uncovered);
        CHECK(kept.result->communes[i].covered_share == full.communes[i].covered_share);
        CHECK(kept.result->access->communes[i].minutes == full.access->communes[i].minutes);
        CHECK(kept.result->access->commune_e2sfca[i] == full.access->commune_e2sfca[i]);
    }
    REQUIRE(kept.result->gaps.size() == full.gaps.size());
    for (std::size_t g = 0; g < full.gaps.size(); ++g) {
        CHECK(kept.result->gaps[g].area_km2 == full.gaps[g].area_km2);
        CHECK(kept.result->gaps[g].pop_est == full.gaps[g].pop_est);
    }
    REQUIRE(kept.result->scenarios.size() == full.scenarios.size());
    for (std::size_t s = 0; s < full.scenarios.size(); ++s)
        CHECK(kept.result->scenarios[s].pop_uncovered == full.scenarios[s].pop_uncovered);
    CHECK(kept.result->access->isochrones.size() == full.access->isochrones.size());
    // A re-read (another structures layer) still shares them.
    Study other = second.study;
    other.structures->columns["name"] = "nom";
    const StudyRun fourth = rerun_study(second, other, p, cog);
    CHECK(fourth.inputs != second.inputs);
    CHECK(fourth.inputs->roads == second.inputs->roads);
    CHECK(fourth.inputs->population == second.inputs->population);
}

TEST_CASE("without roads and grid the outputs are those of before", "[access][study][gpkg]") {
    const std::string dir = hand_dir("sans");
    const Cog cog = hand_cog();
    const StudyRun run = run_study(dir + "/acces-sans.toml", cog);
    CHECK_FALSE(run.result->access);
    CHECK(run.result->grid_part_covered.empty());
    const std::string out = dir + "/out.gpkg";
    const RunInfo info = describe_run(run, cog);
    write_geopackage(out, run, test::bundled_style(), info);
    gdal::DatasetPtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    CHECK(fields(ds->GetLayerByName("communes")) ==
          std::set<std::string>{"insee", "nom", "population", "epci_siren", "ctg_code",
                                "dist_nearest_m", "covered_share", "pop_uncovered", "n_initiatives",
                                "gi_star_z", "gi_p_sim", "gi_q", "gi_island", "hotspot", "area_km2",
                                "in_pat", "in_pcaet", "in_cte", "source_codes"});
    CHECK(fields(ds->GetLayerByName("ctg_indicators")).count("minutes_median") == 0);
    CHECK(ds->GetLayerByName("cells") == nullptr);
    CHECK(ds->GetLayerByName("isochrones") == nullptr);
    CHECK(ds->GetLayerByName("layer_styles")->GetFeatureCount() == 9); // with structure_zones
    CHECK(info.value("population_rule") == "uniforme dans chaque commune");
    CHECK(info.value("roads").empty());
    // The uniform rule: D wholly beyond 10 km, B's corner shared by area.
    const std::size_t B = commune(run, "26002"), D = commune(run, "26004");
    CHECK(run.result->communes[D].pop_uncovered == Approx(50));
    CHECK(run.result->communes[B].pop_uncovered ==
          Approx(2120 * (1 - run.result->communes[B].covered_share)));
}

TEST_CASE("a grid in another CRS is transformed: the same figures", "[access][study]") {
    const std::string dir = hand_dir("wgs84");
    {
        gdal::DatasetPtr src(GDALDataset::Open((dir + "/carreaux.gpkg").c_str(), GDAL_OF_VECTOR));
        const char* args[] = {"-t_srs", "EPSG:4326", "-f", "GPKG", nullptr};
        GDALVectorTranslateOptions* o =
            GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
        GDALDatasetH in = src.get();
        int err = 0;
        GDALDatasetH out =
            GDALVectorTranslate((dir + "/carreaux-wgs84.gpkg").c_str(), nullptr, 1, &in, o, &err);
        GDALVectorTranslateOptionsFree(o);
        REQUIRE(out);
        GDALClose(out);
    }
    std::string text;
    {
        std::ifstream f(dir + "/acces-temps.toml");
        text.assign(std::istreambuf_iterator<char>(f), {});
    }
    text.replace(text.find("carreaux.gpkg"), 13, "carreaux-wgs84.gpkg");
    test::write_file(dir + "/acces-wgs84.toml", text);
    const StudyRun run = run_study(dir + "/acces-wgs84.toml", hand_cog());
    CHECK(run.inputs->population->parts.size() == 6);
    CHECK(run.result->communes[commune(run, "26002")].pop_uncovered ==
          Approx(1200).epsilon(kSplitTol));
    CHECK(run.result->ctgs[0].pop_uncovered == Approx(1350).epsilon(kSplitTol));
}

TEST_CASE("bad accessibility inputs: clear French errors naming the file", "[access][study]") {
    const std::string dir = hand_dir("bad");
    const Cog cog = hand_cog();
    auto study_with = [&](const std::string& name, const std::string& from, const std::string& to) {
        std::ifstream f(dir + "/acces-temps.toml");
        std::string text(std::istreambuf_iterator<char>(f), {});
        text.replace(text.find(from), from.size(), to);
        return test::write_file(dir + "/" + name, text);
    };
    // A grid without the population column.
    try {
        run_study(study_with("col.toml", "population = \"carreaux.gpkg\"",
                             "population = { path = \"carreaux.gpkg\", column = \"Pop\" }"),
                  cog);
        FAIL("accepted a missing column");
    } catch (const InputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("carreaux.gpkg"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("« Pop »"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("Ind"));
    }
    // A truncated extract.
    {
        std::ifstream f(dir + "/roads.osm.pbf", std::ios::binary);
        std::string bytes(std::istreambuf_iterator<char>(f), {});
        test::write_file(dir + "/truncated.osm.pbf", bytes.substr(0, bytes.size() / 2));
    }
    try {
        run_study(study_with("trunc.toml", "roads.osm.pbf", "truncated.osm.pbf"), cog);
        FAIL("accepted a truncated extract");
    } catch (const InputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("truncated.osm.pbf"));
    }
    // An extract of another region: the same network 300 km away.
    {
        test::HandNetwork n;
        for (int k = 1; k <= 5; ++k)
            n.node(k, 300000 + k * 1000.0, 1000);
        n.way(1, {1, 2, 3, 4, 5}, {{"highway", "primary"}});
        n.write(dir + "/elsewhere.osm");
    }
    try {
        run_study(study_with("elsewhere.toml", "roads.osm.pbf", "elsewhere.osm"), cog);
        FAIL("accepted an extract of another region");
    } catch (const InputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("elsewhere.osm"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("aucune route"));
    }
    // A missing grid file.
    CHECK_THROWS_AS(run_study(study_with("nogrid.toml", "carreaux.gpkg", "absent.gpkg"), cog),
                    InputError);
}

TEST_CASE("the [accessibility] keys are validated where they are read", "[access][study]") {
    auto error_of = [](const std::string& text) -> std::string {
        try {
            parse_study(text, "/x/etude.toml");
        } catch (const StudyError& e) {
            return e.what();
        }
        return "";
    };
    const Study s = parse_study("[territory]\npopulation = { path = \"c.gpkg\", layer = \"l\", "
                                "column = \"Pop\" }\n[accessibility]\nroads = \"r.osm.pbf\"\n"
                                "margin_km = 5\nwalk_kmh = 5\nspeeds_kmh = { primary = 70, "
                                "track = 15, service = 0 }\nisochrones = true\ne2sfca_decay = "
                                "\"gaussian\"\n[analysis]\ncoverage = \"temps\"\n",
                                "/x/etude.toml");
    REQUIRE(s.population);
    CHECK(s.population->path == "/x/c.gpkg");
    CHECK(s.population->layer == "l");
    CHECK(s.population->column == "Pop");
    CHECK(s.accessibility.roads == "/x/r.osm.pbf");
    CHECK(s.accessibility.margin_km == 5);
    CHECK(s.accessibility.walk_kmh == 5);
    CHECK(s.accessibility.speeds_kmh.at("service") == 0);
    CHECK(s.accessibility.isochrone_minutes == std::vector<double>{10, 15, 20, 30});
    CHECK(s.accessibility.e2sfca_decay == E2sfcaDecay::Gaussian);
    CHECK(s.parameters.coverage_rule(false) == CoverageRule::Time);
    // Round trip through the study writer.
    const Study back = parse_study(study_to_toml(s, "/x"), "/x/etude.toml");
    CHECK(back.accessibility == s.accessibility);
    CHECK(back.population == s.population);
    CHECK(study_input_files(s).back() ==
          std::pair<std::string, std::string>{"accessibility.roads", "/x/r.osm.pbf"});

    const std::string temps = error_of("[analysis]\ncoverage = \"temps\"\n");
    CHECK_THAT(temps, Catch::Contains("/x/etude.toml, ligne 2"));
    CHECK_THAT(temps, Catch::Contains("[accessibility] roads"));
    CHECK_THAT(error_of("[accessibility]\nroads = \"r.pbf\"\nmargin_km = -1\n"),
               Catch::Contains("ligne 3 : [accessibility] margin_km"));
    CHECK_THAT(error_of("[accessibility]\nwalk_kmh = 0\n"), Catch::Contains("walk_kmh"));
    CHECK_THAT(error_of("[accessibility]\nspeeds_kmh = { primary = -5 }\n"),
               Catch::Contains("ligne 2 : [accessibility] speeds_kmh.primary"));
    CHECK_THAT(error_of("[accessibility]\nspeeds_kmh = { \"Route nationale\" = 80 }\n"),
               Catch::Contains("n'est pas une classe de route"));
    CHECK_THAT(error_of("[accessibility]\nspeeds_kmh = { primary = \"vite\" }\n"),
               Catch::Contains("doit être un nombre"));
    CHECK_THAT(error_of("[accessibility]\nisochrones = [20, 10]\n"), Catch::Contains("croître"));
    CHECK_THAT(error_of("[accessibility]\nisochrones = \"oui\"\n"), Catch::Contains("isochrones"));
    CHECK_THAT(error_of("[accessibility]\ne2sfca_decay = \"linear\"\n"),
               Catch::Contains("gaussian"));
    CHECK_THAT(error_of("[accessibility]\nroute = \"r.pbf\"\n"), Catch::Contains("clé inconnue"));
    CHECK_THAT(error_of("[territory]\npopulation = { path = \"c.gpkg\", column = \"\" }\n"),
               Catch::Contains("population.column est vide"));
    CHECK_THAT(error_of("[territory]\npopulation = { column = \"Ind\" }\n"),
               Catch::Contains("« path » manquante"));
    CHECK_THAT(error_of("[territory]\npopulation = 3\n"),
               Catch::Contains("[territory] population"));
}
