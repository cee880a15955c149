#include "analysis/analysis.hpp"
#include "atomic_output.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "map_style.hpp"
#include "qml_styles.hpp"
#include "run_info.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace tecsmap;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Small {
    Small() {
        spec = {{"99001", test::square(0, 0, 10000), 1000, "200000001"},
                {"99002", test::square(10000, 0, 10000), 500, "200000001"}};
        Territory territory = test::make_territory(spec);
        StudyInputs in;
        Structure s;
        s.name = "CS";
        s.type = StructureType::CS;
        s.place = test::placed(territory, XY{2000, 2000});
        in.structures.push_back(s);
        for (int i = 0; i < 3; ++i) {
            Initiative it;
            it.title = "I" + std::to_string(i);
            it.place = test::placed(territory, XY{1000.0 + i * 100, 1000});
            in.initiatives.push_back(it);
        }
        Initiative nowhere;
        nowhere.title = "sans position";
        in.initiatives.push_back(nowhere);
        RejectedRow reject;
        reject.layer = "initiatives";
        reject.source.file = "i.csv";
        reject.source.line = 5;
        reject.reason = "sans position";
        in.rejects.push_back(reject);
        run = test::make_run(std::move(territory), std::move(in));
    }
    RunInfo info() const { return describe_run(run, cog); }
    std::vector<test::CommuneSpec> spec;
    StudyRun run;
    Cog cog = test::make_cog(spec);
};

} // namespace

TEST_CASE_METHOD(Small, "the GeoPackage holds every contract layer and field", "[gpkg]") {
    write_geopackage("out.gpkg", run, test::bundled_style(), info());
    gdal::DatasetPtr ds(GDALDataset::Open("out.gpkg", GDAL_OF_VECTOR));
    REQUIRE(ds);
    const std::map<std::string, std::vector<std::string>> contract{
        {"communes",
         {"insee", "nom", "population", "epci_siren", "ctg_code", "dist_nearest_m", "covered_share",
          "pop_uncovered", "n_initiatives", "gi_star_z", "hotspot"}},
        {"epci", {"siren", "nom", "population"}},
        {"ctg", {"ctg_code", "ctg_name", "population"}},
        {"structures", {"name", "type", "insee", "ctg_code", "in_territory"}},
        {"initiatives",
         {"title", "year", "theme", "insee", "ctg_code", "in_territory", "located_by", "cluster_id",
          "in_pat", "in_pcaet", "in_cte"}},
        {"initiative_clusters", {"ctg_code", "cluster_id", "n_initiatives"}},
        {"coverage_gaps", {"area_km2", "pop_est"}},
        {"perimeters", {"kind", "name"}},
        {"ctg_indicators",
         {"ctg_code", "ctg_name", "population", "n_communes", "n_structures", "n_initiatives",
          "initiatives_per_10k", "pop_uncovered", "uncovered_share", "n_clusters", "pat_share",
          "pcaet_share", "cte_share"}},
        {"rejects", {"layer", "source_file", "line", "location", "raw_values", "reason"}}};
    for (const auto& [name, fields] : contract) {
        OGRLayer* layer = ds->GetLayerByName(name.c_str());
        INFO("layer " << name);
        REQUIRE(layer);
        for (const std::string& f : fields) {
            INFO("field " << f);
            CHECK(layer->GetLayerDefn()->GetFieldIndex(f.c_str()) >= 0);
        }
    }
    OGRLayer* communes = ds->GetLayerByName("communes");
    CHECK(wkbFlatten(communes->GetGeomType()) == wkbMultiPolygon);
    const char* auth = communes->GetSpatialRef()->GetAuthorityCode(nullptr);
    CHECK(std::string(auth) == "2154");
    CHECK(ds->GetLayerByName("initiative_clusters")->GetFeatureCount() == 1);
    CHECK(wkbFlatten(ds->GetLayerByName("initiative_clusters")->GetGeomType()) == wkbPolygon);
    // The initiative without position is kept, without geometry.
    OGRLayer* init = ds->GetLayerByName("initiatives");
    CHECK(init->GetFeatureCount() == 4);
    // Every styled layer has a default QML style for QGIS.
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    REQUIRE(styles);
    CHECK(styles->GetFeatureCount() == 9); // structure_zones too (issue 11)
    for (auto& f : *styles) {
        CHECK(f->GetFieldAsInteger("useAsDefault") == 1);
        CHECK_THAT(std::string(f->GetFieldAsString("styleQML")), Catch::Contains("<renderer-v2"));
    }
}

TEST_CASE_METHOD(Small, "cluster ids agree between initiatives and the cluster layer", "[gpkg]") {
    const AnalysisResult& result = *run.result;
    REQUIRE(result.clusters.size() == 1);
    CHECK(result.clusters[0].n_initiatives == 3);
    for (int i = 0; i < 3; ++i)
        CHECK(result.initiatives[static_cast<std::size_t>(i)].cluster_id == 1);
    CHECK_FALSE(result.initiatives[3].cluster_id);
}

TEST_CASE_METHOD(Small, "rejects carry the spreadsheet line as an integer", "[gpkg]") {
    write_geopackage("rej.gpkg", run, test::bundled_style(), info());
    gdal::DatasetPtr ds(GDALDataset::Open("rej.gpkg", GDAL_OF_VECTOR));
    OGRLayer* rejects = ds->GetLayerByName("rejects");
    REQUIRE(rejects->GetFeatureCount() == 1);
    const int line = rejects->GetLayerDefn()->GetFieldIndex("line");
    CHECK(rejects->GetLayerDefn()->GetFieldDefn(line)->GetType() == OFTInteger);
    gdal::FeaturePtr f(rejects->GetNextFeature());
    CHECK(f->GetFieldAsInteger(line) == 5);
    CHECK(std::string(f->GetFieldAsString("location")) == "ligne 5");
}

TEST_CASE_METHOD(Small, "run_info is machine-readable: dot decimals, UTC time, versions, hashes",
                 "[gpkg]") {
    Study study;
    study.path = test::write_file("s.toml", "[analysis]\ncoverage_radius_km = 2.5\n");
    study.parameters.set(ParameterId::CoverageRadiusKm, 2.5, ParameterOrigin::study("s.toml", 2));
    StudyRun r = run;
    r.study = study;
    r.parameters = study.parameters;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    write_geopackage("info.gpkg", r, test::bundled_style(), describe_run(r, cog));
    unsetenv("SOURCE_DATE_EPOCH");
    gdal::DatasetPtr ds(GDALDataset::Open("info.gpkg", GDAL_OF_VECTOR));
    std::map<std::string, std::string> kv;
    for (auto& f : *ds->GetLayerByName("run_info"))
        kv[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
    CHECK(kv["coverage_radius_km"] == "2.5");
    CHECK(kv["coverage_radius_km.origin"] == "s.toml, ligne 2");
    CHECK(kv["cluster_min_points"] == "3");
    CHECK(kv["written_at"] == "2023-11-14T22:13:20Z");
    CHECK(kv["gdal_version"] == GDALVersionInfo("RELEASE_NAME"));
    CHECK_FALSE(kv["geos_version"].empty());
    CHECK_FALSE(kv["proj_version"].empty());
    CHECK(kv["tecsmap_version"] == tecsmap_version());
    // SHA-256 of the study file's bytes, as `sha256sum` prints it (not the code's helper).
    CHECK(kv["sha256.study"] == "99b089d2d5d7924157bf1d183a91cd35bea0c1f416d121708d94bd0ac64831d8");
}

TEST_CASE_METHOD(Small, "two runs under SOURCE_DATE_EPOCH give byte-identical GeoPackages",
                 "[gpkg][reproducible]") {
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    write_geopackage("a.gpkg", run, test::bundled_style(), info());
    write_geopackage("b.gpkg", run, test::bundled_style(), info());
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK(slurp("a.gpkg") == slurp("b.gpkg"));
}

TEST_CASE_METHOD(Small, "indicators CSV opens in a French spreadsheet", "[csv-out]") {
    write_indicators_csv("ind.csv", run);
    const std::string s = slurp("ind.csv");
    CHECK(s.rfind("\xEF\xBB\xBF"
                  "ctg_code;ctg_name;population",
                  0) == 0);
    CHECK_THAT(s, Catch::Contains("\"200000001\";\"EPCI 200000001\";1500;2;1;0;1;0;0;3;20,00;"));
}

TEST_CASE("a failed write leaves the previous output byte-for-byte intact", "[atomic]") {
    // A directory of its own: other cases running in parallel write atomically beside us.
    const fs::path dir = fs::absolute("atomic_failed_write");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string keep = (dir / "keep.gpkg").string();
    test::write_file(keep, "previous content");
    {
        AtomicOutput out(keep);
        test::write_file(out.temp_path(), "half written");
        // no commit: simulates an exception during writing
    }
    CHECK(slurp(keep) == "previous content");
    for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("an output in a missing directory is a clear OutputError", "[atomic]") {
    REQUIRE_THROWS_AS(AtomicOutput("/nonexistent-dir/out.gpkg"), OutputError);
}

TEST_CASE("QML styles come from styles/tecsmap.toml", "[styles]") {
    const MapStyle& s = test::bundled_style();
    QmlContext ctx;
    ctx.ctgs = {{"A", "CTG A"}, {"B", "CTG B"}};
    const std::string gaps = qml_for_layer("coverage_gaps", s, ctx);
    CHECK_THAT(gaps, Catch::Contains(s.gaps.hatch));
    CHECK_THAT(qml_for_layer("structures", s, ctx), Catch::Contains("Centre social"));
    CHECK_THAT(qml_for_layer("communes", s, ctx), Catch::Contains("attr=\"hotspot\""));
    CHECK_THAT(qml_for_layer("initiative_clusters", s, ctx), Catch::Contains("value=\"B\""));
    REQUIRE_THROWS_AS(load_map_style("/nonexistent/style.toml"), StudyError);
}
