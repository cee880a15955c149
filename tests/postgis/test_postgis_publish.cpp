// publish_to_postgis against the throwaway server: every layer and value as in the GeoPackage,
// styles for QGIS, replacement of an earlier result, cancellation, errors.

#include "errors.hpp"
#include "feedback.hpp"
#include "gdal_handles.hpp"
#include "postgis_fixture.hpp"
#include "postgis_publish.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>

using namespace tecsmap;
using namespace tecsmap::test;

namespace {

gdal::DatasetPtr open(const std::string& name, bool update = false) {
    gdal::init();
    gdal::DatasetPtr ds(GDALDataset::Open(
        name.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0), nullptr, nullptr, nullptr));
    INFO(name << " " << gdal::last_error());
    REQUIRE(ds);
    return ds;
}

std::string pg_name(const std::string& schema) {
    return "PG:host=" + pg::state("PGHOST") + " port=" + pg::state("PGPORT") +
           " dbname=tecsmap user=postgres";
    (void)schema;
}

// Compares every feature of one layer read back from PostGIS with the GeoPackage's, by fid:
// same values field by field (numbers exactly), same geometry (WKB).
void compare_layer(OGRLayer& gpkg, OGRLayer& pg) {
    INFO("couche " << gpkg.GetName());
    REQUIRE(pg.GetFeatureCount() == gpkg.GetFeatureCount());
    std::map<GIntBig, gdal::FeaturePtr> by_fid;
    for (auto& f : pg)
        by_fid.emplace(f->GetFID(), gdal::FeaturePtr(f->Clone()));
    OGRFeatureDefn* d = gpkg.GetLayerDefn();
    for (auto& f : gpkg) {
        INFO("fid " << f->GetFID());
        const auto it = by_fid.find(f->GetFID());
        REQUIRE(it != by_fid.end());
        const OGRFeature& p = *it->second;
        for (int i = 0; i < d->GetFieldCount(); ++i) {
            const char* name = d->GetFieldDefn(i)->GetNameRef();
            const int j = p.GetFieldIndex(name);
            INFO("champ " << name);
            REQUIRE(j >= 0);
            REQUIRE(f->IsFieldSetAndNotNull(i) == p.IsFieldSetAndNotNull(j));
            if (!f->IsFieldSetAndNotNull(i))
                continue;
            if (d->GetFieldDefn(i)->GetType() == OFTReal)
                CHECK(f->GetFieldAsDouble(i) == p.GetFieldAsDouble(j));
            else
                CHECK(std::string(f->GetFieldAsString(i)) == p.GetFieldAsString(j));
        }
        const OGRGeometry* ga = f->GetGeometryRef();
        const OGRGeometry* gb = p.GetGeometryRef();
        REQUIRE((ga == nullptr) == (gb == nullptr));
        if (ga) {
            std::vector<unsigned char> wa(ga->WkbSize()), wb(gb->WkbSize());
            ga->exportToWkb(wkbNDR, wa.data(), wkbVariantIso);
            gb->exportToWkb(wkbNDR, wb.data(), wkbVariantIso);
            CHECK(wa == wb);
        }
    }
}

} // namespace

TEST_CASE("publish: every GeoPackage layer, value and geometry identical in PostGIS", "[postgis]") {
    const std::string& gpkg = pg::drome_gpkg();
    pg::drop_schema("cmp_drome");
    const PublishReport r = publish_to_postgis(gpkg, pg::socket_uri("cmp_drome"));
    CHECK(r.database == "tecsmap");
    CHECK(r.schema == "cmp_drome");
    CHECK(r.target.find("schema=cmp_drome") != std::string::npos);

    gdal::DatasetPtr src = open(gpkg);
    gdal::DatasetPtr dst = open(pg_name("cmp_drome"));
    std::vector<std::string> expected;
    for (int i = 0; i < src->GetLayerCount(); ++i)
        if (std::string(src->GetLayer(i)->GetName()) != "layer_styles")
            expected.push_back(src->GetLayer(i)->GetName());
    // The contract layers are all there (the writer may add more: they are copied too).
    for (const char* l : {"communes", "epci", "ctg", "structures", "initiatives",
                          "initiative_clusters", "coverage_gaps", "perimeters", "ctg_indicators",
                          "rejects", "missing_communes", "run_info"})
        CHECK(std::find(expected.begin(), expected.end(), l) != expected.end());
    REQUIRE(r.layers.size() == expected.size());
    for (const std::string& name : expected) {
        OGRLayer* a = src->GetLayerByName(name.c_str());
        OGRLayer* b = dst->GetLayerByName(("cmp_drome." + name).c_str());
        REQUIRE(b != nullptr);
        compare_layer(*a, *b);
    }
    // Hand-checked figures of the Drôme study (README): 362 communes, 16 CTG, 30 structures.
    CHECK(pg::psql("SELECT count(*) FROM cmp_drome.communes") == "362");
    CHECK(pg::psql("SELECT count(*) FROM cmp_drome.ctg") == "16");
    CHECK(pg::psql("SELECT sum(population) FROM cmp_drome.communes") == "524207");
    // Geometry columns typed with the territory's SRID, spatial indexes, contract names exact.
    CHECK(pg::psql("SELECT string_agg(DISTINCT srid::text, ',') FROM geometry_columns WHERE "
                   "f_table_schema = 'cmp_drome'") == "2154");
    CHECK(pg::psql("SELECT count(*) FROM geometry_columns WHERE f_table_schema = 'cmp_drome' "
                   "AND f_geometry_column = 'geom'") == "8");
    CHECK(pg::psql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'cmp_drome' AND "
                   "indexdef LIKE '%USING gist (geom)%'") == "8");
    CHECK(pg::psql("SELECT type FROM geometry_columns WHERE f_table_schema = 'cmp_drome' AND "
                   "f_table_name = 'communes'") == "MULTIPOLYGON");
}

TEST_CASE("publish: QGIS styles in public.layer_styles, one set per schema", "[postgis]") {
    const std::string& gpkg = pg::drome_gpkg();
    pg::drop_schema("styles_a");
    pg::drop_schema("styles_b");
    publish_to_postgis(gpkg, pg::socket_uri("styles_a"));
    publish_to_postgis(gpkg, pg::socket_uri("styles_a")); // replaced, not duplicated
    publish_to_postgis(gpkg, pg::socket_uri("styles_b"));
    gdal::DatasetPtr src = open(gpkg);
    const std::string n = std::to_string(src->GetLayerByName("layer_styles")->GetFeatureCount());
    CHECK(pg::psql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = "
                   "'styles_a'") == n);
    CHECK(pg::psql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = "
                   "'styles_b'") == n);
    CHECK(pg::psql("SELECT count(DISTINCT f_table_catalog || f_geometry_column || "
                   "useasdefault::text) FROM public.layer_styles WHERE f_table_schema = "
                   "'styles_a'") == "1");
    CHECK(pg::psql("SELECT f_table_catalog || ',' || f_geometry_column || ',' || useasdefault "
                   "|| ',' || coalesce(type, 'NULL') FROM public.layer_styles WHERE f_table_schema "
                   "= 'styles_a' "
                   "AND f_table_name = 'structures'") == "tecsmap,geom,true,NULL");
    // The QML is the GeoPackage's, byte for byte.
    OGRLayer* styles = src->GetLayerByName("layer_styles");
    for (auto& f : *styles) {
        const std::string table = f->GetFieldAsString("f_table_name");
        INFO(table);
        CHECK(pg::psql("SELECT md5(styleqml::text) FROM public.layer_styles WHERE "
                       "f_table_schema = 'styles_a' AND f_table_name = '" +
                       table + "'") == pg::psql("SELECT md5(" + std::string("$q$") +
                                                f->GetFieldAsString("styleQML") + "$q$)"));
    }
    // Every styled table exists in the schema.
    CHECK(pg::psql("SELECT count(*) FROM public.layer_styles s WHERE f_table_schema = 'styles_a' "
                   "AND to_regclass(quote_ident(s.f_table_schema) || '.' || "
                   "quote_ident(s.f_table_name)) IS NULL") == "0");
}

TEST_CASE("publish: a new result replaces the old one, stale and foreign tables handled",
          "[postgis]") {
    const std::string& gpkg = pg::drome_gpkg();
    pg::drop_schema("replace_me");
    publish_to_postgis(gpkg, pg::socket_uri("replace_me"));
    const std::string communes_oid = pg::psql("SELECT 'replace_me.communes'::regclass::oid");
    // A table that tecsmap did not make stays; one that an earlier run made and this one no
    // longer produces goes.
    pg::psql("CREATE TABLE replace_me.notes_du_service (id int)");
    pg::psql("CREATE TABLE replace_me.old_layer (id int); COMMENT ON TABLE replace_me.old_layer "
             "IS 'tecsmap : couche old_layer'");

    // A second GeoPackage: structures has one column less, communes has fewer rows.
    const std::string second = (std::filesystem::current_path() / "second.gpkg").string();
    std::filesystem::copy_file(gpkg, second, std::filesystem::copy_options::overwrite_existing);
    {
        gdal::DatasetPtr ds = open(second, true);
        ds->ExecuteSQL("DELETE FROM communes WHERE fid > 100", nullptr, nullptr);
        ds->ExecuteSQL("ALTER TABLE structures DROP COLUMN bonus_dd", nullptr, nullptr);
    }
    const PublishReport r = publish_to_postgis(second, pg::socket_uri("replace_me"));
    std::map<std::string, PublishedLayer> by_name;
    for (const auto& l : r.layers)
        by_name[l.name] = l;
    CHECK(by_name.at("communes").features == 100);
    CHECK_FALSE(by_name.at("communes").recreated); // same table, rows replaced
    CHECK(by_name.at("structures").recreated);     // columns changed: re-created
    CHECK(r.dropped == std::vector<std::string>{"old_layer"});
    CHECK(pg::psql("SELECT 'replace_me.communes'::regclass::oid") == communes_oid);
    CHECK(pg::psql("SELECT count(*) FROM replace_me.communes") == "100");
    CHECK(pg::psql("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                   "'replace_me' AND table_name = 'structures' AND column_name = 'bonus_dd'") ==
          "0");
    CHECK(pg::psql("SELECT to_regclass('replace_me.notes_du_service') IS NOT NULL") == "t");
    CHECK(pg::psql("SELECT to_regclass('replace_me.old_layer') IS NULL") == "t");
    CHECK(pg::psql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'replace_me' AND "
                   "tablename = 'structures' AND indexdef LIKE '%gist%'") == "1");
}

TEST_CASE("publish: cancelled mid-copy, the previous result is untouched", "[postgis]") {
    const std::string& gpkg = pg::drome_gpkg();
    pg::drop_schema("cancel_me");
    publish_to_postgis(gpkg, pg::socket_uri("cancel_me"));
    pg::psql("CREATE TABLE cancel_me.marker (id int); INSERT INTO cancel_me.marker VALUES (1)");
    const std::string before = pg::psql(
        "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
        "WHERE table_schema = 'cancel_me'");

    // A GeoPackage with one more layer, cancelled once half of the features are copied.
    const std::string bigger = (std::filesystem::current_path() / "bigger.gpkg").string();
    std::filesystem::copy_file(gpkg, bigger, std::filesystem::copy_options::overwrite_existing);
    {
        gdal::DatasetPtr ds = open(bigger, true);
        ds->ExecuteSQL("CREATE TABLE extra_layer AS SELECT * FROM run_info", nullptr, nullptr);
        ds->ExecuteSQL("DELETE FROM communes WHERE fid > 10", nullptr, nullptr);
    }
    Feedback* self = nullptr;
    Feedback feedback([&](const std::string&, double overall) {
        if (overall > 0.5 && self)
            self->cancel();
    });
    self = &feedback;
    CHECK_THROWS_AS(publish_to_postgis(bigger, pg::socket_uri("cancel_me"), &feedback), Cancelled);
    CHECK(pg::psql("SELECT count(*) FROM cancel_me.communes") == "362");
    CHECK(pg::psql("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM "
                   "information_schema.tables WHERE table_schema = 'cancel_me'") == before);
    CHECK(pg::psql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = "
                   "'cancel_me'") != "0");
}

TEST_CASE("publish: errors name the target and what to do", "[postgis]") {
    const std::string& gpkg = pg::drome_gpkg();
    // No schema in the target.
    try {
        publish_to_postgis(gpkg, pg::socket_uri(""));
        FAIL("no error");
    } catch (const StudyError& e) {
        CHECK(std::string(e.what()).find("précisez le schéma") != std::string::npos);
    }
    // An unreadable GeoPackage.
    CHECK_THROWS_AS(publish_to_postgis("absent.gpkg", pg::socket_uri("x")), InputError);
    // Nobody listens on that port.
    try {
        publish_to_postgis(gpkg, "postgresql://postgres@127.0.0.1:1/tecsmap?schema=x");
        FAIL("no error");
    } catch (const OutputError& e) {
        const std::string m = e.what();
        CHECK(m.find("connexion refusée") != std::string::npos);
        CHECK(m.find("127.0.0.1:1") != std::string::npos);
        CHECK(m.find("intact") != std::string::npos);
    }
    // No such database.
    try {
        publish_to_postgis(gpkg, "postgresql://postgres@/nulle_part?host=" + pg::state("PGHOST") +
                                     "&port=" + pg::state("PGPORT") + "&schema=x");
        FAIL("no error");
    } catch (const OutputError& e) {
        CHECK(std::string(e.what()).find("la base « nulle_part » n'existe pas") !=
              std::string::npos);
    }
}
