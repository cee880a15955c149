// Issue 13 through the analysis: site suggestions on a territory where the best sites are known
// by hand, the invariant that a suggested site never increases uncovered population,
// permutation statistics of analyse() against the independent numpy reference, the output
// contract, incremental coverage = full recomputation, scenarios (parsing, round trip,
// resolution, comparison), suggestions loaded as a scenario.

#include "analysis/analysis.hpp"
#include "analysis/coverage.hpp"
#include "analysis/evolution.hpp"
#include "analysis/incremental_coverage.hpp"
#include "analysis/scenarios.hpp"
#include "analysis/suggestions.hpp"
#include "atomic_output.hpp"
#include "commune_locator.hpp"
#include "crs.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "run_info.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

using namespace tecsmap;

namespace {

constexpr double X0 = 800000, Y0 = 6400000; // Lambert-93, in the Drôme

// Seven 10 km squares in a row, A..G, representative points 10 km apart. CTG 1 = A..D,
// CTG 2 = E..G. Radius 12 km: a site at a commune's point covers it and its two neighbours.
// A CS at A's point covers A and B. Still uncovered: C 5000, D 3000, E 100, F 4000, G 3500.
//   gains: B 5000, C 8000, D 8100, E 7100, F 7600, G 7500 → k = 1: D (8100), unique.
//   k = 2: every uncovered person can be reached (15 600): {C,F}, {D,F}, {D,G}.
//   best per CTG (own demand only): CTG 1: C and D both 8000 → C (lower index);
//   CTG 2: E 4100, F 7600, G 7500 → F.
const long long kPop[] = {1000, 2000, 5000, 3000, 100, 4000, 3500};

std::vector<test::CommuneSpec> row_spec() {
    std::vector<test::CommuneSpec> spec;
    for (int i = 0; i < 7; ++i)
        spec.push_back({"9900" + std::to_string(i + 1), test::square(X0 + i * 10000.0, Y0, 10000),
                        kPop[i], i < 4 ? "200000001" : "200000002"});
    return spec;
}

Structure structure_at(const Territory& t, XY xy, const std::string& name,
                       StructureType type = StructureType::CS) {
    Structure s;
    s.name = name;
    s.type = type;
    s.category = to_string(type);
    s.place = test::placed(t, xy);
    return s;
}

AnalysisParameters row_parameters(int k) {
    AnalysisParameters p;
    p.set(ParameterId::CoverageRadiusKm, 12, {});
    p.set(ParameterId::SuggestNew, k, {});
    p.set(ParameterId::HotspotPermutations, 99, {});
    return p;
}

StudyRun row_run(int k, std::vector<XY> extra_structures = {}) {
    Territory t = test::make_territory(row_spec());
    StudyInputs in;
    in.structures.push_back(structure_at(t, t.communes[0].representative, "CS A"));
    for (std::size_t j = 0; j < extra_structures.size(); ++j)
        in.structures.push_back(
            structure_at(t, extra_structures[j], "nouveau " + std::to_string(j)));
    return test::make_run(std::move(t), std::move(in), row_parameters(k));
}

/// Queen neighbours (self included) of a rows × cols grid, by index arithmetic.
std::vector<std::vector<std::size_t>> grid_neighbours(int rows, int cols) {
    std::vector<std::vector<std::size_t>> nb(static_cast<std::size_t>(rows * cols));
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

std::vector<std::optional<double>> reference_p(const std::vector<double>& x,
                                               const std::vector<std::vector<std::size_t>>& nb,
                                               int permutations, std::uint64_t seed) {
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
    const std::string path = test::write_file("decide_gi_instance.json", json.str());
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
    for (std::string line; std::getline(lines, line);)
        p.push_back(line == "island" ? std::nullopt : std::optional<double>(std::stod(line)));
    INFO(out);
    REQUIRE(p.size() == x.size());
    return p;
}

double total_uncovered(const AnalysisResult& r) {
    double s = 0;
    for (const CommuneFigures& f : r.communes)
        s += f.pop_uncovered;
    return s;
}

} // namespace

TEST_CASE("suggestions through the analysis: the best single site is known by hand",
          "[decide][suggest]") {
    const StudyRun run = row_run(1);
    const AnalysisResult& r = *run.result;
    REQUIRE(r.suggestions);
    const SuggestionResult& s = *r.suggestions;
    CHECK_FALSE(s.candidates_from_layer);
    CHECK(s.candidates.size() == 7);
    CHECK(s.location.pop_total == Approx(18600));
    CHECK(s.location.pop_covered_existing == Approx(3000)); // A and B
    REQUIRE(s.location.sites.size() == 1);
    const SuggestedSite& site = s.location.sites[0];
    CHECK(site.rank == 1);
    CHECK(run.territory->communes[s.candidates[site.candidate].commune].insee == "99004"); // D
    CHECK(site.pop_newly_covered == Approx(8100));
    CHECK(site.pop_covered_cumulative == Approx(8100));
    CHECK(site.pop_covered_total == Approx(11100));
    CHECK(site.method == LocationMethod::Exact);
    CHECK(site.bound == 0);
}

TEST_CASE("suggestions: k = 2 reaches everyone, fewer rows than k when nothing is left",
          "[decide][suggest]") {
    const StudyRun two = row_run(2);
    const auto& s2 = two.result->suggestions->location;
    REQUIRE(s2.sites.size() == 2);
    CHECK(s2.sites[1].pop_covered_cumulative == Approx(15600));
    CHECK(s2.sites[0].pop_newly_covered >= s2.sites[1].pop_newly_covered);
    std::set<std::string> pair;
    for (const SuggestedSite& x : s2.sites)
        pair.insert(
            two.territory->communes[two.result->suggestions->candidates[x.candidate].commune]
                .insee);
    const std::set<std::set<std::string>> optimal{
        {"99003", "99006"}, {"99004", "99006"}, {"99004", "99007"}};
    CHECK(optimal.count(pair) == 1);

    const StudyRun five = row_run(5);
    CHECK(five.result->suggestions->location.sites.size() == 2); // nothing more to cover
    CHECK(five.result->suggestions->location.pop_newly_covered == Approx(15600));
}

TEST_CASE("suggestions: best single site per CTG for the CTG's own population",
          "[decide][suggest]") {
    const StudyRun run = row_run(1);
    const auto& best = run.result->suggestions->best_per_ctg;
    REQUIRE(best.size() == 2);
    const auto& cands = run.result->suggestions->candidates;
    const auto& communes = run.territory->communes;
    CHECK(communes[cands[best[0].candidate].commune].insee == "99003"); // tie with D: lower
    CHECK(best[0].pop_newly_covered == Approx(8000));
    CHECK(best[0].pop_uncovered_before == Approx(8000));
    CHECK(communes[cands[best[1].candidate].commune].insee == "99006"); // F
    CHECK(best[1].pop_newly_covered == Approx(7600));
    CHECK(best[1].pop_uncovered_before == Approx(7600));
}

TEST_CASE("adding suggested sites never increases uncovered population (through analyse)",
          "[decide][suggest][invariant]") {
    for (int k = 1; k <= 3; ++k) {
        const StudyRun before = row_run(k);
        std::vector<XY> added;
        for (const SuggestedSite& s : before.result->suggestions->location.sites)
            added.push_back(before.result->suggestions->candidates[s.candidate].xy);
        const StudyRun after = row_run(0, added);
        INFO("k = " << k);
        for (std::size_t i = 0; i < before.result->communes.size(); ++i)
            CHECK(after.result->communes[i].pop_uncovered <=
                  before.result->communes[i].pop_uncovered + 1e-9);
        CHECK(total_uncovered(*after.result) <= total_uncovered(*before.result) + 1e-9);
        // And at the demand points, exactly what the model promised.
        const StudyRun again = row_run(1, added);
        CHECK(again.result->suggestions->location.pop_covered_existing ==
              Approx(before.result->suggestions->location.sites.back().pop_covered_total));
    }
}

TEST_CASE("suggestions refuse k = 0 and k above the candidates, naming the setting",
          "[decide][suggest][errors]") {
    Territory t = test::make_territory(row_spec());
    const StudyInputs none;
    SuggestionRequest req;
    req.new_sites = 8;
    req.new_sites_label = "--new";
    AnalysisParameters p = row_parameters(0);
    try {
        suggest_for_study(t, none, {}, p, req);
        FAIL("no error");
    } catch (const StudyError& e) {
        CHECK(std::string(e.what()).find("--new = 8") != std::string::npos);
        CHECK(std::string(e.what()).find("7 communes") != std::string::npos);
    }
    req.new_sites = 0;
    CHECK_THROWS_WITH(suggest_for_study(t, none, {}, p, req), Catch::Contains("au moins 1"));
}

TEST_CASE("candidate layer: reprojected, outside rows rejected, no CRS or all outside refused",
          "[decide][suggest][candidates]") {
    Territory t = test::make_territory(row_spec());
    const Cog cog = test::make_cog(row_spec());
    const CommuneLocator locator(t);
    // Candidates given in longitude/latitude: the point of F and one far outside.
    gdal::SrsPtr l93 = gdal::make_srs("EPSG:2154"), wgs = gdal::make_srs("EPSG:4326");
    XY f = t.communes[5].representative;
    REQUIRE(Transformer(*l93, *wgs).transform(f));
    std::ostringstream csv;
    csv.precision(12);
    csv << "nom;longitude;latitude\nLocal F;" << f.x << ";" << f.y << "\nAilleurs;2.35;48.85\n";
    LayerSource src;
    src.path = test::write_file("candidats.csv", csv.str());
    Rejects rejects;
    Diagnostics diag;
    const auto cands = read_candidates(src, t, locator, cog, rejects, diag);
    REQUIRE(cands.size() == 1);
    CHECK(cands[0].name == "Local F");
    CHECK(cands[0].commune == 5);
    CHECK(cands[0].xy.x == Approx(t.communes[5].representative.x).margin(0.01));
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0].layer == "candidats");
    CHECK(rejects[0].reason.find("hors du territoire") != std::string::npos);
    CHECK(rejects[0].source.line == 3);

    // Through the analysis: only F can be chosen.
    StudyInputs in;
    in.structures.push_back(structure_at(t, t.communes[0].representative, "CS A"));
    in.candidates = cands;
    in.has_candidate_layer = true;
    const StudyRun run =
        test::make_run(test::make_territory(row_spec()), std::move(in), row_parameters(1));
    REQUIRE(run.result->suggestions);
    CHECK(run.result->suggestions->candidates_from_layer);
    CHECK(run.result->suggestions->location.sites.at(0).pop_newly_covered == Approx(7600));
    CHECK(run.result->suggestions->best_per_ctg[0].candidate == GroupBestSite::npos);

    LayerSource outside;
    outside.path =
        test::write_file("candidats_dehors.csv", "nom;longitude;latitude\nParis;2.35;48.85\n");
    CHECK_THROWS_WITH(read_candidates(outside, t, locator, cog, rejects, diag),
                      Catch::Contains("aucun site candidat dans le territoire"));
    LayerSource no_crs;
    no_crs.path = test::write_file("candidats_sans_crs.csv", "nom;x;y\nA;805000;6405000\n");
    CHECK_THROWS_AS(read_candidates(no_crs, t, locator, cog, rejects, diag), InputError);
    no_crs.crs = "EPSG:2154"; // the same file, once its CRS is said
    CHECK(read_candidates(no_crs, t, locator, cog, rejects, diag).size() == 1);
}

TEST_CASE("permutation statistics through analyse equal the independent numpy reference",
          "[decide][hotspots]") {
    // 4 × 4 grid of 5 km communes (row-major from the south-west) plus an island far away.
    const int rows = 4, cols = 4;
    std::vector<test::CommuneSpec> spec;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int i = r * cols + c;
            char code[6];
            std::snprintf(code, sizeof code, "99%03d", i + 1);
            spec.push_back({code, test::square(X0 + c * 5000.0, Y0 + r * 5000.0, 5000),
                            800 + 150LL * i, "200000001"});
        }
    spec.push_back({"99099", test::square(X0 + 100000, Y0, 5000), 600, "200000001"});
    Territory t = test::make_territory(spec);
    REQUIRE(t.communes.size() == 17);
    const int counts[] = {0, 1, 0, 0, 2, 6, 4, 0, 1, 7, 9, 1, 0, 0, 1, 3, 2};
    StudyInputs in;
    for (std::size_t i = 0; i < 17; ++i)
        for (int k = 0; k < counts[i]; ++k) {
            Initiative it;
            it.title = "I";
            it.place = test::placed(t, t.communes[i].representative);
            in.initiatives.push_back(it);
        }
    for (const Initiative& it : in.initiatives)
        in.initiatives_in_territory += it.place.in_territory();
    AnalysisParameters p;
    p.set(ParameterId::HotspotPermutations, 199, {});
    p.set(ParameterId::HotspotSeed, 4242, {});
    const StudyRun run = test::make_run(std::move(t), std::move(in), p);
    const AnalysisResult& r = *run.result;

    // The variable by hand: initiatives per 10,000 inhabitants; neighbours by index.
    std::vector<double> rates;
    for (std::size_t i = 0; i < 17; ++i)
        rates.push_back(counts[i] * 10000.0 / static_cast<double>(spec[i].population));
    auto nb = grid_neighbours(rows, cols);
    nb.push_back({16});
    const auto expected = reference_p(rates, nb, 199, 4242);
    for (std::size_t i = 0; i < 17; ++i) {
        INFO("commune " << i);
        CHECK(r.communes[i].hotspot_value == Approx(rates[i]));
        REQUIRE(r.communes[i].gi_p_sim.has_value() == expected[i].has_value());
        if (expected[i])
            CHECK(*r.communes[i].gi_p_sim == Approx(*expected[i]).epsilon(1e-12));
    }
    // The island: flagged, untested, never classed.
    CHECK(r.communes[16].gi_island);
    CHECK_FALSE(r.communes[16].gi_q.has_value());
    CHECK(r.communes[16].hotspot == 0);
    CHECK(r.hotspot_tested == 16);
    // BH by hand: q_i = min over the sorted tail of m p_(s) / s, never below p.
    std::vector<double> ps;
    for (std::size_t i = 0; i < 16; ++i)
        ps.push_back(*r.communes[i].gi_p_sim);
    std::vector<double> sorted = ps;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < 16; ++i) {
        double q = 1;
        for (std::size_t s = 0; s < 16; ++s)
            if (sorted[s] >= ps[i])
                q = std::min(q, 16 * sorted[s] / static_cast<double>(s + 1));
        CHECK(*r.communes[i].gi_q == Approx(q));
        const int level = q <= 0.01 ? 3 : q <= 0.05 ? 2 : q <= 0.10 ? 1 : 0;
        CHECK(std::abs(r.communes[i].hotspot) == level);
    }
    CHECK(r.hotspot_method.find("199 permutations") != std::string::npos);
}

TEST_CASE("the output contract: hot-spot, suggestion and scenario fields in the GeoPackage",
          "[decide][gpkg]") {
    Study study;
    study.path = "etude.toml";
    Scenario sc;
    sc.name = "EVS à F";
    sc.add.push_back({{}, {}, "", "99006", "EVS F"});
    study.scenarios.push_back(sc);
    Territory t = test::make_territory(row_spec());
    StudyInputs in;
    in.structures.push_back(structure_at(t, t.communes[0].representative, "CS A"));
    in.scenarios = resolve_scenarios(study, t, in.structures);
    StudyRun run = test::make_run(std::move(t), std::move(in), row_parameters(2));
    run.study = study;
    const Cog cog = test::make_cog(row_spec());
    write_geopackage("contract.gpkg", run, test::bundled_style(), describe_run(run, cog));

    gdal::DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx("contract.gpkg", GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    auto fields = [&](const char* layer) {
        std::vector<std::string> out;
        OGRLayer* l = ds->GetLayerByName(layer);
        REQUIRE(l);
        for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i)
            out.push_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
        return out;
    };
    const auto communes = fields("communes");
    for (const char* f : {"gi_star_z", "gi_p_sim", "gi_q", "gi_island", "hotspot"})
        CHECK(std::find(communes.begin(), communes.end(), f) != communes.end());
    const auto sites = fields("site_suggestions");
    const std::vector<std::string> contract{
        "rank",   "insee", "ctg_code", "pop_newly_covered", "pop_covered_cumulative",
        "method", "bound"};
    REQUIRE(sites.size() >= contract.size());
    CHECK(std::vector<std::string>(sites.begin(), sites.begin() + 7) == contract);
    OGRLayer* sl = ds->GetLayerByName("site_suggestions");
    CHECK(sl->GetFeatureCount() == 2);
    sl->ResetReading();
    gdal::FeaturePtr f1(sl->GetNextFeature());
    CHECK(f1->GetFieldAsInteger("rank") == 1);
    CHECK(std::string(f1->GetFieldAsString("method")) == "exact");
    CHECK(f1->GetFieldAsDouble("bound") == 0);
    CHECK(f1->GetGeometryRef() != nullptr);
    OGRLayer* best = ds->GetLayerByName("best_site_per_ctg");
    REQUIRE(best);
    CHECK(best->GetFeatureCount() == 2);
    OGRLayer* cmp = ds->GetLayerByName("scenario_comparison");
    REQUIRE(cmp);
    CHECK(cmp->GetFeatureCount() == 2 * 3); // (current + 1 scenario) × (2 CTG + territory)
    CHECK(ds->GetLayerByName("scenario_sites")->GetFeatureCount() == 1);
    // Every new layer is styled.
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    std::set<std::string> styled;
    for (auto& f : *styles)
        styled.insert(f->GetFieldAsString("f_table_name"));
    for (const char* l : {"communes", "site_suggestions", "best_site_per_ctg", "scenario_sites"})
        CHECK(styled.count(l) == 1);
    // Every layer with a geometry has its spatial index, whole (gpkg_rtree.cpp).
    std::vector<std::string> spatial;
    OGRLayer* contents = ds->ExecuteSQL(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'", nullptr, nullptr);
    REQUIRE(contents);
    for (auto& f : *contents)
        spatial.push_back(f->GetFieldAsString(0));
    ds->ReleaseResultSet(contents);
    CHECK(std::count(spatial.begin(), spatial.end(), "scenario_sites") == 1);
    for (const std::string& name : spatial) {
        CAPTURE(name);
        const std::string sql =
            "SELECT HasSpatialIndex('" + name + "', 'geom'), rtreecheck('rtree_" + name + "_geom')";
        OGRLayer* check = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        REQUIRE(check);
        gdal::FeaturePtr answer(check->GetNextFeature());
        REQUIRE(answer);
        CHECK(answer->GetFieldAsInteger(0) == 1);
        CHECK(std::string(answer->GetFieldAsString(1)) == "ok");
        ds->ReleaseResultSet(check);
    }
    // ... and its entries are those of the index GDAL builds from the rows (the writer gives
    // the boxes of the features it inserted instead of reading them back).
    std::filesystem::copy_file("contract.gpkg", "contract-gdal-index.gpkg",
                               std::filesystem::copy_options::overwrite_existing);
    gdal::DatasetPtr rebuilt(static_cast<GDALDataset*>(GDALOpenEx(
        "contract-gdal-index.gpkg", GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)));
    REQUIRE(rebuilt);
    auto entries = [](GDALDataset& d, const std::string& name) {
        const std::string sql =
            "SELECT id, minx, maxx, miny, maxy FROM rtree_" + name + "_geom ORDER BY id";
        OGRLayer* l = d.ExecuteSQL(sql.c_str(), nullptr, nullptr);
        REQUIRE(l);
        std::vector<std::string> out;
        for (auto& f : *l) {
            std::string row = f->GetFieldAsString(0);
            for (int k = 1; k < 5; ++k)
                row += std::string(" ") + f->GetFieldAsString(k);
            out.push_back(row);
        }
        d.ReleaseResultSet(l);
        return out;
    };
    std::size_t indexed = 0;
    for (const std::string& name : spatial) {
        CAPTURE(name);
        for (const char* fn : {"DisableSpatialIndex", "CreateSpatialIndex"}) {
            const std::string sql = std::string("SELECT ") + fn + "('" + name + "', 'geom')";
            rebuilt->ReleaseResultSet(rebuilt->ExecuteSQL(sql.c_str(), nullptr, nullptr));
        }
        const auto ours = entries(*ds, name);
        CHECK(ours == entries(*rebuilt, name));
        // One entry per row with a geometry (null and empty ones are left out).
        const std::string rows_sql = "SELECT count(*) FROM \"" + name +
                                     "\" WHERE geom NOT NULL AND NOT ST_IsEmpty(geom)";
        OGRLayer* count = ds->ExecuteSQL(rows_sql.c_str(), nullptr, nullptr);
        REQUIRE(count);
        gdal::FeaturePtr rows_with_geometry(count->GetNextFeature());
        REQUIRE(rows_with_geometry);
        CHECK(ours.size() == static_cast<std::size_t>(rows_with_geometry->GetFieldAsInteger64(0)));
        ds->ReleaseResultSet(count);
        indexed += ours.size();
    }
    CHECK(indexed > 0);
}

TEST_CASE("incremental coverage equals a full recomputation, move after move",
          "[decide][incremental]") {
    // 6 × 6 irregular communes (squares with a jagged edge) and a few structures.
    std::vector<test::CommuneSpec> spec;
    for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 6; ++c) {
            const double x = X0 + c * 7000.0, y = Y0 + r * 7000.0;
            std::ostringstream wkt;
            wkt.precision(12);
            wkt << "POLYGON((" << x << " " << y << "," << x + 7000 << " " << y << "," << x + 7000
                << " " << y + 7000 << "," << x + 3500 << " " << y + 7000 << "," << x << " "
                << y + 7000 << "," << x << " " << y << "))";
            char code[6];
            std::snprintf(code, sizeof code, "99%03d", r * 6 + c + 1);
            spec.push_back(
                {code, wkt.str(), 500 + 97LL * (r * 6 + c), c < 3 ? "200000001" : "200000002"});
        }
    const Territory t = test::make_territory(spec);
    const double R = 6000;
    std::vector<XY> structures{{X0 + 3000, Y0 + 4000},
                               {X0 + 30000, Y0 + 20000},
                               {X0 - 2000, Y0 + 38000}}; // the last one outside the territory
    IncrementalCoverage inc(t, structures, R);
    auto check_equal = [&](const std::string& step) {
        const CoverageResult full = compute_coverage(t, inc.active_sites(), R);
        INFO(step);
        for (std::size_t i = 0; i < t.communes.size(); ++i) {
            CHECK(inc.pop_uncovered()[i] == full.pop_uncovered[i]); // bit-identical
            CHECK(inc.covered_share()[i] == full.covered_share[i]);
        }
    };
    check_equal("initial");
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> ux(X0 - 3000, X0 + 45000), uy(Y0 - 3000, Y0 + 45000);
    std::vector<IncrementalCoverage::SiteId> ids;
    for (int step = 0; step < 12; ++step) {
        const int op = step % 4;
        if (op == 0 || ids.empty()) {
            ids.push_back(inc.add_site({ux(rng), uy(rng)}));
            check_equal("add " + std::to_string(step));
        } else if (op == 1) {
            inc.move_site(ids.back(), {ux(rng), uy(rng)});
            check_equal("move " + std::to_string(step));
        } else if (op == 2) {
            inc.set_structure_active(static_cast<std::size_t>(step % 3), step % 8 != 2);
            check_equal("structure " + std::to_string(step));
        } else {
            inc.remove_site(ids.front());
            ids.erase(ids.begin());
            check_equal("remove " + std::to_string(step));
        }
        CHECK_FALSE(inc.last_changed().empty());
    }
    // Per CTG: the sums of the communes, in commune order.
    const auto ctg = inc.ctg_pop_uncovered();
    double sum = 0;
    for (double v : ctg)
        sum += v;
    CHECK(sum == Approx(inc.total_pop_uncovered()));
    CHECK_THROWS_AS(inc.move_site(999, {0, 0}), std::out_of_range);
    CHECK_THROWS_AS(inc.set_structure_active(99, false), std::out_of_range);
}

TEST_CASE("scenarios: parsed, validated and saved in the study file", "[decide][scenario]") {
    const std::string text = R"(
[territory]
departement = "26"

[[scenario]]
name = "EVS à Dieulefit"
description = "projet 2025"
add = [{ commune = "26114", name = "EVS Dieulefit" }, { x = 850000.5, y = 6380000 }]
remove = ["Centre social du Nord"]

[[scenario]]
name = "Lon/lat"
add = [{ x = 5.06, y = 44.52, crs = "EPSG:4326" }]
)";
    const Study s = parse_study(text, "/tmp/etude.toml");
    REQUIRE(s.scenarios.size() == 2);
    CHECK(s.scenarios[0].name == "EVS à Dieulefit");
    CHECK(s.scenarios[0].line == 5);
    REQUIRE(s.scenarios[0].add.size() == 2);
    CHECK(s.scenarios[0].add[0].commune == "26114");
    CHECK(*s.scenarios[0].add[1].x == 850000.5);
    CHECK(s.scenarios[0].remove == std::vector<std::string>{"Centre social du Nord"});
    CHECK(s.scenarios[1].add[0].crs == "EPSG:4326");
    // Round trip through study_to_toml.
    const Study again = parse_study(study_to_toml(s, "/tmp"), "/tmp/etude.toml");
    CHECK(again.scenarios == s.scenarios);

    auto fails = [](const std::string& body, const std::string& what) {
        INFO(body);
        CHECK_THROWS_WITH(parse_study(body, "/tmp/e.toml"), Catch::Contains(what));
    };
    fails("[[scenario]]\nadd = []\n", "sans nom");
    fails("[[scenario]]\nname = \"A\"\n[[scenario]]\nname = \"A\"\n", "déjà défini ligne 1");
    fails("[[scenario]]\nname = \"A\"\nadd = [{ commune = \"26001\", x = 1, y = 2 }]\n",
          "soit x et y, soit commune");
    fails("[[scenario]]\nname = \"A\"\nadd = [{ x = 1 }]\n", "soit x et y, soit commune");
    fails("[[scenario]]\nname = \"A\"\nremove = \"CS\"\n", "liste de noms");
    fails("[[scenario]]\nname = \"A\"\nadd = [{ commune = \"26001\", rayon = 3 }]\n",
          "clé inconnue");
    fails("[scenario]\nname = \"A\"\n", "[[scenario]]");
}

TEST_CASE("scenarios: a structure that no longer exists or an unknown commune is a clear error",
          "[decide][scenario][errors]") {
    Territory t = test::make_territory(row_spec());
    std::vector<Structure> structures{
        structure_at(t, t.communes[0].representative, "Centre social A")};
    Study study;
    study.path = "/tmp/etude.toml";
    LayerSource layer;
    layer.path = "/tmp/structures.csv";
    study.structures = layer;
    Scenario sc;
    sc.name = "Fermeture";
    sc.line = 12;
    sc.remove = {"Centre social Z"};
    study.scenarios = {sc};
    try {
        resolve_scenarios(study, t, structures);
        FAIL("no error");
    } catch (const StudyError& e) {
        const std::string m = e.what();
        CHECK(m.find("/tmp/etude.toml, ligne 12") != std::string::npos);
        CHECK(m.find("scénario « Fermeture »") != std::string::npos);
        CHECK(m.find("« Centre social Z » est introuvable") != std::string::npos);
        CHECK(m.find("/tmp/structures.csv") != std::string::npos);
    }
    study.scenarios[0].remove = {"centre social a"}; // case and accents do not matter
    CHECK(resolve_scenarios(study, t, structures)[0].remove == std::vector<std::size_t>{0});
    study.scenarios[0].remove.clear();
    study.scenarios[0].add = {{{}, {}, "", "26999", ""}};
    CHECK_THROWS_WITH(resolve_scenarios(study, t, structures),
                      Catch::Contains("commune « 26999 » absente"));
    study.scenarios[0].add = {{805000, 6405000, "EPSG:99999", "", ""}};
    CHECK_THROWS_WITH(resolve_scenarios(study, t, structures), Catch::Contains("Fermeture"));
}

TEST_CASE("scenarios compared side by side — suggestions loaded as a scenario",
          "[decide][scenario]") {
    const StudyRun run = row_run(2);
    const Territory& t = *run.territory;
    const SuggestionResult& sr = *run.result->suggestions;
    Study study;
    study.path = "/tmp/etude.toml";
    study.scenarios.push_back(scenario_from_suggestions(sr, t, "Suggestions"));
    Scenario closing;
    closing.name = "Sans le CS";
    closing.remove = {"CS A"};
    study.scenarios.push_back(closing);
    CHECK(study.scenarios[0].add.size() == 2);
    CHECK(study.scenarios[0].add[0].name.rfind("Suggestion 1 : ", 0) == 0);
    // The scenario survives a save and reload of the study.
    const Study reloaded = parse_study(study_to_toml(study, "/tmp"), "/tmp/etude.toml");
    CHECK(reloaded.scenarios == study.scenarios);

    const auto resolved = resolve_scenarios(reloaded, t, run.inputs->structures);
    std::vector<double> current;
    for (const CommuneFigures& f : run.result->communes)
        current.push_back(f.pop_uncovered);
    const auto out = compare_scenarios(t, *run.inputs, run.parameters, run.result->coverage_rule,
                                       run.result->structure_covers, current, resolved);
    REQUIRE(out.size() == 3);
    CHECK(out[0].name == "Situation actuelle");
    for (std::size_t k = 0; k < t.ctgs.size(); ++k)
        CHECK(out[0].ctg_pop_uncovered[k] == Approx(run.result->ctgs[k].pop_uncovered));
    // The suggestions scenario equals the analysis with the suggested sites as structures.
    std::vector<XY> added;
    for (const SuggestedSite& s : sr.location.sites)
        added.push_back(sr.candidates[s.candidate].xy);
    const StudyRun with = row_run(0, added);
    CHECK(out[1].sites_added == 2);
    for (std::size_t k = 0; k < t.ctgs.size(); ++k)
        CHECK(out[1].ctg_pop_uncovered[k] == Approx(with.result->ctgs[k].pop_uncovered));
    CHECK(out[1].pop_uncovered < out[0].pop_uncovered);
    // Closing the only structure: nobody covered.
    CHECK(out[2].structures_removed == 1);
    CHECK(out[2].pop_uncovered == Approx(static_cast<double>(t.population())));
    CHECK(out[2].covered_share(t) == Approx(0).margin(1e-12));
}

TEST_CASE("year over year: initiatives per CTG, N against N-1", "[decide][evolution]") {
    Territory t = test::make_territory(row_spec());
    std::vector<Initiative> its;
    auto add = [&](std::size_t commune, std::optional<int> year) {
        Initiative it;
        it.year = year;
        it.place = test::placed(t, t.communes[commune].representative);
        its.push_back(it);
    };
    add(0, 2023);
    add(1, 2024);
    add(2, 2024);
    add(5, 2023);
    add(5, 2023);
    add(6, std::nullopt);
    add(6, 2021);
    CHECK(initiative_years(its) == std::vector<int>{2021, 2023, 2024});
    const auto e = ctg_evolution(t, its);
    REQUIRE(e);
    CHECK(e->year == 2024);
    CHECK(e->current == std::vector<int>{2, 0});
    CHECK(e->previous == std::vector<int>{1, 2});
    CHECK(e->difference(1) == -2);
    CHECK(evolution_threshold(*e) == 2);
    CHECK(evolution_class(-2, 2) == -2);
    CHECK(evolution_class(1, 2) == 1);
    CHECK(evolution_class(0, 2) == 0);
    const auto e2022 = ctg_evolution(t, its, 2022);
    CHECK(e2022->current == std::vector<int>{0, 0});
    CHECK(e2022->previous == std::vector<int>{0, 1});
    CHECK_FALSE(ctg_evolution(t, {}).has_value());
}

TEST_CASE("agreement years: a structure is in the years its agreement runs, bounds open when "
          "missing",
          "[decide][evolution]") {
    CHECK(date_year("2021-03-15") == 2021);
    CHECK(date_year("2021-03") == 2021);
    CHECK(date_year("2021") == 2021);
    CHECK_FALSE(date_year("").has_value());
    Structure s;
    CHECK(agreed_in_year(s, 1990)); // undated: every year
    s.agreement_start = "2022-09-01";
    CHECK_FALSE(agreed_in_year(s, 2021));
    CHECK(agreed_in_year(s, 2022)); // from its first year
    CHECK(agreed_in_year(s, 2030));
    s.agreement_end = "2025-08-31";
    CHECK(agreed_in_year(s, 2025)); // to its last year
    CHECK_FALSE(agreed_in_year(s, 2026));
    s.agreement_start.clear();
    CHECK(agreed_in_year(s, 2001));
    CHECK_FALSE(agreed_in_year(s, 2026));
}

TEST_CASE("scenario comparison: uncovered population and shares by hand, in the GeoPackage",
          "[decide][scenario]") {
    // Four 2 km squares 20 km apart; a 5 km disc at a square's centre holds the whole square
    // (half-diagonal 1.41 km) and reaches no other one (the next is 19 km away): a commune is
    // covered entirely or not at all, and every figure below is exact arithmetic.
    // CTG 1 = {1000, 2000}, CTG 2 = {3000, 4000}; one CS at commune 1.
    std::vector<test::CommuneSpec> spec;
    const long long pop[] = {1000, 2000, 3000, 4000};
    for (int i = 0; i < 4; ++i)
        spec.push_back({"9900" + std::to_string(i + 1), test::square(X0 + i * 20000.0, Y0, 2000),
                        pop[i], i < 2 ? "200000001" : "200000002"});
    Territory t = test::make_territory(spec);
    Study study;
    study.path = "etude.toml";
    Scenario east; // both communes of CTG 2, one by its code, one by coordinates
    east.name = "Deux EVS à l'est";
    east.add = {{{}, {}, "", "99003", "EVS 3"}, {X0 + 60000 + 700, Y0 + 1300, "", "", "EVS 4"}};
    Scenario move; // the CS closes, an EVS opens in commune 2
    move.name = "Déménagement";
    move.remove = {"centre social elan"}; // case and accents ignored
    move.add = {{{}, {}, "", "99002", ""}};
    study.scenarios = {east, move};
    StudyInputs in;
    in.structures.push_back(structure_at(t, {X0 + 1000, Y0 + 1000}, "Centre social Élan"));
    in.scenarios = resolve_scenarios(study, t, in.structures);
    AnalysisParameters p;
    p.set(ParameterId::CoverageRadiusKm, 5, {});
    p.set(ParameterId::HotspotPermutations, 9, {});
    StudyRun run = test::make_run(std::move(t), std::move(in), p);
    run.study = study;
    const Territory& tt = *run.territory;
    REQUIRE(tt.ctgs.size() == 2);
    const auto& out = run.result->scenarios;
    REQUIRE(out.size() == 3);
    // Current: CTG 1 misses 2000 of 3000, CTG 2 all its 7000: 9000 of 10 000.
    CHECK(out[0].ctg_pop_uncovered == std::vector<double>{2000, 7000});
    CHECK(out[0].pop_uncovered == 9000);
    CHECK(out[0].covered_share(tt) == Approx(0.1));
    CHECK(out[0].ctg_covered_share(tt, 0) == Approx(1.0 / 3));
    // Two EVS in the east: CTG 2 fully covered, 2000 left.
    CHECK(out[1].sites_added == 2);
    CHECK(out[1].ctg_pop_uncovered == std::vector<double>{2000, 0});
    CHECK(out[1].pop_uncovered == 2000);
    CHECK(out[1].covered_share(tt) == Approx(0.8));
    CHECK(out[1].ctg_covered_share(tt, 1) == Approx(1.0));
    // The move: commune 1 (1000) loses its coverage, commune 2 (2000) gains it.
    CHECK(out[2].structures_removed == 1);
    CHECK(out[2].ctg_pop_uncovered == std::vector<double>{1000, 7000});
    CHECK(out[2].pop_uncovered == 8000);
    CHECK(out[2].ctg_covered_share(tt, 0) == Approx(2.0 / 3));

    // The same figures in the scenario_comparison layer, with the change against today.
    const Cog cog = test::make_cog(spec);
    write_geopackage("scenarios-hand.gpkg", run, test::bundled_style(), describe_run(run, cog));
    gdal::DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx("scenarios-hand.gpkg", GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    OGRLayer* cmp = ds->GetLayerByName("scenario_comparison");
    REQUIRE(cmp);
    struct Row {
        double uncovered, share, change;
    };
    std::map<std::pair<std::string, std::string>, Row> rows;
    for (auto& f : *cmp)
        rows[{f->GetFieldAsString("scenario"), f->IsFieldSetAndNotNull(f->GetFieldIndex("ctg_code"))
                                                   ? f->GetFieldAsString("ctg_code")
                                                   : "territoire"}] = {
            f->GetFieldAsDouble("pop_uncovered"), f->GetFieldAsDouble("covered_share"),
            f->GetFieldAsDouble("pop_uncovered_change")};
    REQUIRE(rows.size() == 9);
    const Row& a = rows.at({"Deux EVS à l'est", "200000002"});
    CHECK(a.uncovered == 0);
    CHECK(a.share == Approx(1));
    CHECK(a.change == -7000);
    const Row& b = rows.at({"Déménagement", "200000001"});
    CHECK(b.uncovered == 1000);
    CHECK(b.change == -1000);
    const Row& c = rows.at({"Déménagement", "territoire"});
    CHECK(c.uncovered == 8000);
    CHECK(c.share == Approx(0.2));
    CHECK(c.change == -1000);
    CHECK(rows.at({"Situation actuelle", "territoire"}).change == 0);
    OGRLayer* sites = ds->GetLayerByName("scenario_sites");
    REQUIRE(sites);
    CHECK(sites->GetFeatureCount() == 3);
}

TEST_CASE("a scenario is appended to a study file, the rest kept — a taken name is refused",
          "[decide][scenario]") {
    const std::string original =
        "# Commission du Diois\n[territory]\ndepartement = \"26\"  # la Drôme\n";
    const std::string path = test::write_file("append.toml", original);
    Scenario sc;
    sc.name = "Suggestions";
    sc.add.push_back({850000.25, 6420000.5, "", "", "Suggestion 1 : Die"});
    append_scenario(path, sc);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().rfind(original, 0) == 0); // the original text, untouched, first
    const Study back = load_study(path);
    REQUIRE(back.scenarios.size() == 1);
    CHECK(back.scenarios[0] == sc);
    CHECK(back.scenarios[0].line == 5);
    CHECK_THROWS_WITH(append_scenario(path, sc),
                      Catch::Contains("le scénario « Suggestions » existe déjà (ligne 5)"));
    std::ifstream again(path);
    std::stringstream after;
    after << again.rdbuf();
    CHECK(after.str() == text.str()); // nothing lost
}
