// The Base Adresse Nationale index, on extracts in the official CSV format
// (tests/data/registers/make_fixtures.py: synthetic streets inside the real Drôme communes).

#include "crs.hpp"
#include "errors.hpp"
#include "feedback.hpp"
#include "fixtures.hpp"
#include "gdal_handles.hpp"
#include "geocoding/ban_index.hpp"
#include "geocoding/commune_gazetteer.hpp"

#include <catch2/catch.hpp>
#include <cpl_vsi.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tecsmap;
using namespace tecsmap::geocoding;
using St = AddressMatch::Status;

namespace {
std::string fixture(const std::string& name) {
    return test::test_data_dir() + "/registers/" + name;
}
const BanIndex& ban26() {
    static const BanIndex b = BanIndex::load(
        fixture("adresses-26-extrait.csv.gz"), "EPSG:2154",
        [](const std::string& c) { return CommuneGazetteer::bundled().current_code(c); });
    return b;
}
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
AddressMatch find(const std::string& insee, const std::string& line,
                  const std::string& former = {}) {
    return ban26().find({insee, former, parse_address_line(line)});
}
double dist(XY a, XY b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}
} // namespace

TEST_CASE("BAN: the extract is read through /vsigzip/ and indexed", "[ban]") {
    const BanIndex& b = ban26();
    CHECK(b.address_count() == 3060);
    CHECK(b.skipped_rows() == 0);
    CHECK(b.departements() == std::set<std::string>{"26"});
    CHECK(b.covers_commune("26362"));
    CHECK(b.covers_commune("26210")); // addresses of Miribel (26184) under Valherbasse
    CHECK_FALSE(b.covers_commune("26184"));
    CHECK_FALSE(b.covers_commune("07349"));
}

TEST_CASE("BAN: x/y equal PROJ's transform of lon/lat (the fixture is consistent)", "[ban]") {
    // Independent check of the fixture generator's Lambert-93 formulas against PROJ.
    const BanIndex lonlat = BanIndex::load(fixture("adresses-26-extrait.csv.gz"), "EPSG:3857");
    const AddressMatch a = find("26362", "5 Avenue Victor Hugo");
    REQUIRE(a.status == St::Found);
    XY p = lonlat.find({"26362", "", parse_address_line("5 Avenue Victor Hugo")}).xy;
    auto merc = gdal::make_srs("EPSG:3857");
    auto l93 = gdal::make_srs("EPSG:2154");
    Transformer back(*merc, *l93);
    REQUIRE(back.transform(p));
    CHECK(dist(p, a.xy) < 0.5);
}

TEST_CASE("BAN: exact numbers, suffixes, nearest number, street centre", "[ban]") {
    const AddressMatch exact = find("26362", "5 avenue Victor Hugo");
    REQUIRE(exact.status == St::Found);
    CHECK(exact.detail == "numéro exact");
    CHECK(exact.precision_m == 10);
    CHECK(exact.label == "5 Avenue Victor Hugo");

    const AddressMatch bis = find("26362", "12 bis av. Victor Hugo");
    REQUIRE(bis.status == St::Found);
    CHECK(bis.label == "12 bis Avenue Victor Hugo");
    CHECK(find("26362", "12B av Victor Hugo").label == "12 bis Avenue Victor Hugo");
    CHECK(find("26362", "12 TER AVENUE VICTOR HUGO").label == "12 ter Avenue Victor Hugo");
    CHECK(dist(bis.xy, exact.xy) > 1);

    // "5 bis" does not exist: number 5, a coarser precision.
    const AddressMatch no_bis = find("26362", "5 bis avenue Victor Hugo");
    CHECK(no_bis.label == "5 Avenue Victor Hugo");
    CHECK(no_bis.precision_m == 20);
    CHECK(dist(no_bis.xy, exact.xy) < 1e-6);

    // 7 is missing: 8 and 6 are one away; the same side (odd) wins: 5 is two away, so the
    // nearest by number is 6 or 8, the lower first.
    const AddressMatch seven = find("26362", "7 avenue Victor Hugo");
    CHECK(seven.label == "6 Avenue Victor Hugo");
    CHECK(seven.detail.find("le plus proche") != std::string::npos);
    CHECK(seven.precision_m >= 25);
    // Beyond the last number: the nearest is the last one, precision from the street's extent.
    const AddressMatch far = find("26362", "40 avenue Victor Hugo");
    CHECK(far.label == "18 Avenue Victor Hugo");
    CHECK(far.precision_m >= 50);

    const AddressMatch centre = find("26362", "Avenue Victor Hugo");
    REQUIRE(centre.status == St::Found);
    CHECK(centre.detail == "sans numéro : centre de la voie");
    CHECK(centre.precision_m >= 50);
}

TEST_CASE("BAN: street names as registers write them", "[ban]") {
    const XY ref = find("26362", "8 Rue de la République").xy;
    CHECK(dist(find("26362", "8 R. de la Republique").xy, ref) < 1e-6);
    CHECK(dist(find("26362", "8 RUE REPUBLIQUE").xy, ref) < 1e-6);
    const AddressMatch typo = find("26362", "8 rue de la Republque"); // one letter missing
    REQUIRE(typo.status == St::Found);
    CHECK(dist(typo.xy, ref) < 1e-6);
    REQUIRE(typo.notes.size() == 1);
    CHECK(typo.notes[0].find("lue comme « Rue de la République »") != std::string::npos);
    const AddressMatch no_type = find("26362", "4 Libération");
    REQUIRE(no_type.status == St::Found);
    CHECK(no_type.label == "4 Avenue de la Libération");
    CHECK(find("26362", "4 rue de la Libération").label == "4 Avenue de la Libération");
    CHECK(find("26362", "3 rue Inconnue du Monde").status == St::StreetNotFound);
    CHECK(find("26362", "3 Gambeta").status == St::StreetNotFound); // short: no correction
    CHECK(find("26362", "").status == St::NoStreet);
    const AddressMatch other = find("07349", "1 rue des Écoles");
    CHECK(other.status == St::CommuneNotInBan);
    CHECK(other.reason.find("départements 26") != std::string::npos);
}

TEST_CASE("BAN: a commune nouvelle with the same street in two former communes", "[ban]") {
    // Valherbasse (26210) holds addresses of Miribel (26184) and Saint-Bonnet (26297).
    const AddressMatch any = find("26210", "4 Impasse des Lilas");
    CHECK(any.status == St::AmbiguousStreet);
    CHECK(any.reason.find("Miribel") != std::string::npos);
    CHECK(any.reason.find("Saint-Bonnet-de-Valclérieux") != std::string::npos);
    const AddressMatch in_miribel = find("26210", "4 Impasse des Lilas", "26184");
    const AddressMatch in_bonnet = find("26210", "4 Impasse des Lilas", "26297");
    REQUIRE(in_miribel.status == St::Found);
    REQUIRE(in_bonnet.status == St::Found);
    CHECK(dist(in_miribel.xy, in_bonnet.xy) > 1000);
    // A number that exists in one former commune only decides without the name... none here:
    // both carry the same numbers, so the former commune is required.
    CHECK(find("26210", "Impasse des Lilas").status == St::AmbiguousStreet);
}

TEST_CASE("BAN: bad files give a French reason, never a crash", "[ban][errors]") {
    // Truncated download.
    const std::string full = slurp(fixture("adresses-26-extrait.csv.gz"));
    const std::string truncated =
        test::write_file("adresses-26-tronque.csv.gz", full.substr(0, full.size() / 2));
    CHECK_THROWS_WITH(BanIndex::load(truncated, "EPSG:2154"),
                      Catch::Contains("archive gzip tronquée") &&
                          Catch::Contains("adresses-26-tronque.csv.gz"));
    const std::string tiny = test::write_file("adresses-vide.csv.gz", full.substr(0, 10));
    CHECK_THROWS_WITH(BanIndex::load(tiny, "EPSG:2154"), Catch::Contains("tronquée"));
    // Not a gzip archive.
    const std::string plain = test::write_file("adresses-faux.csv.gz", "id;numero\n1;2\n");
    CHECK_THROWS_WITH(BanIndex::load(plain, "EPSG:2154"),
                      Catch::Contains("n'est pas une archive gzip"));
    // Another format.
    const std::string other = test::write_file("pas-la-ban.csv", "nom;commune\nA;Valence\n");
    CHECK_THROWS_WITH(
        BanIndex::load(other, "EPSG:2154"),
        Catch::Contains("colonnes absentes : numero, rep, nom_voie, code_insee, lon, lat"));
    // Header only.
    const std::string header_only = test::write_file(
        "adresses-entete.csv",
        "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
        "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
        "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
        "cad_parcelles\n");
    CHECK_THROWS_WITH(BanIndex::load(header_only, "EPSG:2154"), Catch::Contains("aucune adresse"));
    CHECK_THROWS_WITH(BanIndex::load("absent.csv.gz", "EPSG:2154"),
                      Catch::Contains("fichier BAN introuvable"));
    // A directory or a device is refused before GDAL reads it (issue 16: bounded inputs).
    std::filesystem::create_directories("adresses-dir.csv");
    CHECK_THROWS_WITH(BanIndex::load("adresses-dir.csv", "EPSG:2154"),
                      Catch::Contains("répertoire"));
    CHECK_THROWS_WITH(BanIndex::load("/dev/zero", "EPSG:2154"), Catch::Contains("périphérique"));
}

TEST_CASE("BAN: a file of another département is reported", "[ban]") {
    const BanIndex b07 = BanIndex::load(fixture("adresses-07-extrait.csv.gz"), "EPSG:2154");
    CHECK(b07.departements() == std::set<std::string>{"07"});
    const std::string w = b07.coverage_warning({"26362", "26198"});
    CHECK(w.find("départements du registre : 26 ; du fichier BAN : 07") != std::string::npos);
    CHECK(b07.coverage_warning({"26362", "07349"}).empty());
    CHECK(ban26().coverage_warning({"26362"}).empty());
}

TEST_CASE("BAN: an uncompressed CSV is read too", "[ban]") {
    gdal::init();
    const std::string text = [] {
        // Decompress the fixture with GDAL's own reader.
        VSILFILE* f =
            VSIFOpenL(("/vsigzip/" + fixture("adresses-07-extrait.csv.gz")).c_str(), "rb");
        std::string out;
        char buf[4096];
        for (std::size_t n; f && (n = VSIFReadL(buf, 1, sizeof buf, f)) > 0;)
            out.append(buf, n);
        if (f)
            VSIFCloseL(f);
        return out;
    }();
    const std::string path = test::write_file("adresses-07.csv", text);
    const BanIndex b = BanIndex::load(path, "EPSG:2154");
    CHECK(b.address_count() > 100);
}

TEST_CASE("BAN: loading reports progress and can be cancelled", "[ban]") {
    std::vector<std::string> stages;
    Feedback f([&](const std::string& stage, double) { stages.push_back(stage); });
    const BanIndex b = BanIndex::load(fixture("adresses-07-extrait.csv.gz"), "EPSG:2154", {}, &f);
    REQUIRE_FALSE(stages.empty());
    CHECK(stages.front() == "lecture de la Base Adresse Nationale");
    Feedback cancelled;
    cancelled.cancel();
    CHECK_THROWS_AS(
        BanIndex::load(fixture("adresses-07-extrait.csv.gz"), "EPSG:2154", {}, &cancelled),
        Cancelled);
}
