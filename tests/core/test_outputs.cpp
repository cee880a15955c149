#include "analysis/analysis.hpp"
#include "atomic_output.hpp"
#include "errors.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "gpkg_writer.hpp"
#include "map_style.hpp"
#include "qml_styles.hpp"

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
        territory = test::make_territory(spec);
        Structure s;
        s.name = "CS";
        s.type = "CS";
        s.place.xy = XY{2000, 2000};
        result.structures.push_back(s);
        for (int i = 0; i < 3; ++i) {
            Initiative it;
            it.title = "I" + std::to_string(i);
            it.place.xy = XY{1000.0 + i * 100, 1000};
            result.initiatives.push_back(it);
        }
        Initiative nowhere;
        nowhere.title = "sans position";
        result.initiatives.push_back(nowhere);
        compute_figures(territory, result);
    }
    std::vector<test::CommuneSpec> spec;
    Territory territory;
    AnalysisResult result;
    Study study;
};

} // namespace

TEST_CASE_METHOD(Small, "the GeoPackage holds every contract layer and field", "[gpkg]") {
    write_geopackage("out.gpkg", study, territory, result, default_map_style());
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
        {"rejects", {"layer", "source_file", "location", "raw_values", "reason"}}};
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
    CHECK(styles->GetFeatureCount() == 8);
    for (auto& f : *styles) {
        CHECK(f->GetFieldAsInteger("useAsDefault") == 1);
        CHECK_THAT(std::string(f->GetFieldAsString("styleQML")), Catch::Contains("<renderer-v2"));
    }
}

TEST_CASE_METHOD(Small, "cluster ids agree between initiatives and the cluster layer", "[gpkg]") {
    REQUIRE(result.clusters.size() == 1);
    CHECK(result.clusters[0].n_initiatives == 3);
    for (int i = 0; i < 3; ++i)
        CHECK(result.initiatives[static_cast<std::size_t>(i)].cluster_id == 1);
    CHECK_FALSE(result.initiatives[3].cluster_id);
}

TEST_CASE_METHOD(Small, "indicators CSV opens in a French spreadsheet", "[csv-out]") {
    write_indicators_csv("ind.csv", territory, result);
    const std::string s = slurp("ind.csv");
    CHECK(s.rfind("\xEF\xBB\xBF"
                  "ctg_code;ctg_name;population",
                  0) == 0);
    CHECK_THAT(s, Catch::Contains("\"200000001\";\"EPCI 200000001\";1500;2;1;1;0;0;3;20,00;"));
}

TEST_CASE("a failed write leaves the previous output byte-for-byte intact", "[atomic]") {
    test::write_file("keep.gpkg", "previous content");
    {
        AtomicOutput out("keep.gpkg");
        test::write_file(out.temp_path(), "half written");
        // no commit: simulates an exception during writing
    }
    CHECK(slurp("keep.gpkg") == "previous content");
    for (const auto& e : fs::directory_iterator("."))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("an output in a missing directory is a clear OutputError", "[atomic]") {
    REQUIRE_THROWS_AS(AtomicOutput("/nonexistent-dir/out.gpkg"), OutputError);
}

TEST_CASE("QML styles come from styles/tecsmap.toml", "[styles]") {
    const MapStyle& s = default_map_style();
    QmlContext ctx;
    ctx.ctg_codes = {"A", "B"};
    const std::string gaps = qml_for_layer("coverage_gaps", s, ctx);
    CHECK_THAT(gaps, Catch::Contains(s.gaps.hatch));
    CHECK_THAT(qml_for_layer("structures", s, ctx), Catch::Contains("Centre social"));
    CHECK_THAT(qml_for_layer("communes", s, ctx), Catch::Contains("attr=\"hotspot\""));
    CHECK_THAT(qml_for_layer("initiative_clusters", s, ctx), Catch::Contains("value=\"B\""));
    REQUIRE_THROWS_AS(load_map_style("/nonexistent/style.toml"), StudyError);
}
