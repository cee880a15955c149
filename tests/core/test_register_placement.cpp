// The placement cascade: unit cases on a hand-made territory, and a realistic register of the
// Drôme (118 rows in every form) placed against the real commune polygons with a BAN extract.

#include "commune_locator.hpp"
#include "crs.hpp"
#include "fixtures.hpp"
#include "geocoding/placement.hpp"
#include "registers/register_columns.hpp"
#include "territory_builder.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>

using namespace tecsmap;
using namespace tecsmap::geocoding;

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
// Valence and Montélimar as 10 km squares far from their real place: the cascade must take
// the representative points of the territory it is given.
const Territory& toy() {
    static const Territory t = [] {
        Territory t = test::make_territory({{"26362", test::square(0, 0, 10000), 64000, "A"},
                                            {"26198", test::square(20000, 0, 10000), 40000, "A"}});
        t.departements = {"26"};
        return t;
    }();
    return t;
}
// A row from named parts (designated initialisers would warn under -Wextra).
struct Row {
    RegisterRow r;
    Row& address(std::string v) {
        r.address = std::move(v);
        return *this;
    }
    Row& number(std::string v) {
        r.house_number = std::move(v);
        return *this;
    }
    Row& street(std::string v) {
        r.street = std::move(v);
        return *this;
    }
    Row& complement(std::string v) {
        r.complement = std::move(v);
        return *this;
    }
    Row& postcode(std::string v) {
        r.postcode = std::move(v);
        return *this;
    }
    Row& commune(std::string v) {
        r.commune = std::move(v);
        return *this;
    }
    Row& insee(std::string v) {
        r.insee = std::move(v);
        return *this;
    }
};
RowPlacement place(const Row& row, const BanIndex* ban = nullptr) {
    return place_register_row(row.r, {CommuneGazetteer::bundled(), toy(), ban});
}
} // namespace

TEST_CASE("placement: commune from postcode and name, INSEE alone", "[placement]") {
    RowPlacement p = place(Row().postcode("26000").commune("VALENCE"));
    REQUIRE(p.placed());
    CHECK(p.method == PlacementMethod::Commune);
    CHECK(std::string(to_string(p.method)) == "commune");
    CHECK(p.insee == "26362");
    CHECK(p.xy->x == Approx(toy().communes[toy().commune_index("26362")].representative.x));
    CHECK(p.xy->x == Approx(5000));
    CHECK(p.precision_m == Approx(std::sqrt(1e8 / M_PI)).margin(10)); // 5 640 m
    CHECK(p.detail.find("code postal et nom") != std::string::npos);

    p = place(Row().insee("26198"));
    REQUIRE(p.placed());
    CHECK(p.insee == "26198");
    CHECK(p.xy->x == Approx(25000));
}

TEST_CASE("placement: address through the BAN, else the commune with a note", "[placement]") {
    RowPlacement p = place(
        Row().address("12 bis av. Victor Hugo").postcode("26000").commune("Valence"), &ban26());
    REQUIRE(p.placed());
    CHECK(p.method == PlacementMethod::Address);
    CHECK(std::string(to_string(p.method)) == "address");
    CHECK(p.precision_m == 10);
    CHECK(p.detail.find("12 bis Avenue Victor Hugo") != std::string::npos);
    // Separate number and street columns.
    RowPlacement q = place(
        Row().number("12 bis").street("Avenue Victor Hugo").postcode("26000").commune("Valence"),
        &ban26());
    CHECK(q.method == PlacementMethod::Address);
    CHECK(q.xy->x == Approx(p.xy->x));
    // A street the BAN does not know: the commune, with the reason as a note.
    p = place(Row().address("3 rue Inconnue").postcode("26000").commune("Valence"), &ban26());
    CHECK(p.method == PlacementMethod::Commune);
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].find("introuvable dans la BAN") != std::string::npos);
    CHECK(p.explanation() == p.notes[0]);
    // No BAN in the study: the commune, and the note says why.
    p = place(Row().address("5 avenue Victor Hugo").postcode("26000").commune("Valence"));
    CHECK(p.method == PlacementMethod::Commune);
    CHECK(p.notes.at(0).find("[geocoding] ban") != std::string::npos);
    // The lieu-dit in the complement when the address cell holds a building only.
    p = place(Row()
                  .address("Bâtiment B")
                  .complement("5 avenue Victor Hugo")
                  .postcode("26000")
                  .commune("Valence"),
              &ban26());
    CHECK(p.method == PlacementMethod::Address);
}

TEST_CASE("placement: a shared postcode and a quartier name, settled by the address",
          "[placement]") {
    // 26110 is shared by 23 communes; "Quartier des Grands Prés" is not a commune. Only Nyons
    // has a "Rue Sainte-Marie" in the BAN extract.
    RowPlacement p = place(
        Row().address("4 rue Ste Marie").postcode("26110").commune("Quartier des Grands Prés"),
        &ban26());
    REQUIRE(p.placed());
    CHECK(p.method == PlacementMethod::Address);
    CHECK(p.insee == "26220");
    CHECK(p.candidates.empty());
    CHECK(p.explanation().find("seule commune du code postal 26110") != std::string::npos);
    p = place(Row().address("4 rue Sainte-Marie").postcode("26110"), &ban26());
    CHECK(p.insee == "26220");
    // Unknown everywhere: still not placed, with the postcode's communes as candidates.
    p = place(Row().address("4 rue Introuvable").postcode("26110").commune("Les Grands Prés"),
              &ban26());
    CHECK_FALSE(p.placed());
    CHECK(p.reason_code == "unknown_commune");
    CHECK(p.candidates.size() == 12);
    // Without a BAN the postcode cannot be settled.
    CHECK_FALSE(place(Row().address("4 rue Sainte-Marie").postcode("26110")).placed());
}

TEST_CASE("placement: rows that are never placed silently", "[placement]") {
    RowPlacement p = place(Row().postcode("26000").commune("Montélimar"), &ban26());
    CHECK_FALSE(p.placed());
    CHECK(p.method == PlacementMethod::None);
    CHECK(p.reason_code == "postcode_mismatch");
    CHECK(p.candidates.size() == 2);
    CHECK(p.explanation().find("communes possibles : Montélimar (26198") != std::string::npos);

    p = place(Row().commune("Beaumont"));
    CHECK(p.reason_code == "ambiguous_commune");
    p = place(Row().insee("26235").commune("Nyons"));
    CHECK(p.reason_code == "insee_name_mismatch");
    p = place(Row().address("5 avenue Victor Hugo"), &ban26());
    CHECK(p.reason_code == "address_without_commune");
    p = place(Row());
    CHECK(p.reason_code == "no_location");
    // Outside the territory and not in the BAN: no point to give.
    p = place(Row().address("1 rue du Colombier").postcode("7800").commune("LA VOULTE SUR RHONE"),
              &ban26());
    CHECK(p.reason_code == "outside_territory");
    CHECK(p.insee == "07349");
    // Outside the territory but in the BAN (a BAN of the neighbouring département): placed.
    const BanIndex b07 = BanIndex::load(fixture("adresses-07-extrait.csv.gz"), "EPSG:2154");
    p = place(Row().address("2 Rue Sainte-Marie").postcode("07800").commune("La Voulte-sur-Rhône"),
              &b07);
    CHECK(p.method == PlacementMethod::Address);
    CHECK(p.insee == "07349");
}

TEST_CASE("placement statistics", "[placement]") {
    PlacementStats s;
    s.add(place(Row().insee("26198")));
    s.add(place(Row().address("5 avenue Victor Hugo").postcode("26000").commune("Valence"),
                &ban26()));
    s.add(place(Row().commune("Beaumont")));
    s.add(place(Row().commune("Valence").postcode("26200")));
    RowPlacement coords;
    coords.method = PlacementMethod::Coordinates;
    coords.xy = XY{1, 1};
    s.add(coords);
    CHECK(s.rows() == 5);
    CHECK(s.count(PlacementMethod::Address) == 1);
    CHECK(s.count(PlacementMethod::Commune) == 1);
    CHECK(s.summary("structures") ==
          "structures : 5 lignes, 1 par coordonnées, 1 par adresse, 1 par commune, 2 non placées "
          "(1 commune ambiguë, 1 code postal et commune discordants)");
}

// ------------------------------------------------------------------ the Drôme register

namespace {
const Territory& drome() {
    static const Territory t = [] {
        Study s;
        s.departements = {"26"};
        return build_territory(s, Cog::bundled());
    }();
    return t;
}

struct Expected {
    std::string insee, method, reason;
    std::optional<XY> xy;
};

std::map<int, Expected> expectations() {
    std::map<int, Expected> out;
    const VectorTable t = read_vector_table(fixture("registre-structures-drome-attendu.csv"));
    for (const SourceRow& r : t.rows) {
        Expected e{r.values[1], r.values[2], r.values[3], std::nullopt};
        if (!r.values[4].empty())
            e.xy = XY{*text::parse_number(r.values[4]), *text::parse_number(r.values[5])};
        out[std::stoi(r.values[0])] = e;
    }
    return out;
}
} // namespace

TEST_CASE("Drôme register: >= 95 % placed, none in the wrong commune", "[placement][drome]") {
    const VectorTable table =
        read_vector_table(fixture("registre-structures-drome.xlsx"), "Structures");
    const auto expected = expectations();
    REQUIRE(table.rows.size() == expected.size());
    CHECK(table.diagnostics.count("blank_rows") == 1);
    CHECK(table.diagnostics.count("total_row") == 1);
    const registers::RegisterColumns columns =
        registers::resolve_columns(table.fields, registers::RegisterKind::Structures);
    REQUIRE(columns.has(registers::Role::Latitude));
    REQUIRE(columns.has(registers::Role::Address));

    const Territory& t = drome();
    const CommuneLocator locator(t);
    auto wgs84 = gdal::make_srs("EPSG:4326");
    auto l93 = gdal::make_srs("EPSG:2154");
    const Transformer to_metric(*wgs84, *l93);
    const PlacementContext ctx{CommuneGazetteer::bundled(), t, &ban26()};

    PlacementStats stats;
    std::size_t placed = 0;
    for (const SourceRow& row : table.rows) {
        INFO(table.location(row) << " : " << table.raw_values(row));
        REQUIRE(expected.count(row.line) == 1);
        const Expected& e = expected.at(row.line);
        // What the point readers do first: WGS84 coordinates within range (a stand-in for
        // PointTable, which also takes Lambert-93 x/y columns).
        RowPlacement p;
        const auto lat = text::parse_number(columns.value(row.values, registers::Role::Latitude));
        const auto lon = text::parse_number(columns.value(row.values, registers::Role::Longitude));
        XY xy;
        if (lat && lon && std::abs(*lat) <= 90 && std::abs(*lon) <= 180 &&
            (xy = XY{*lon, *lat}, to_metric.transform(xy))) {
            p.method = PlacementMethod::Coordinates;
            p.xy = xy;
        } else {
            p = place_register_row(registers::location_of(columns, row.values), ctx);
        }
        stats.add(p);
        INFO(p.detail << " | " << p.explanation());
        CHECK(std::string(to_string(p.method)) == (e.method == "none" ? "" : e.method));
        if (!p.placed()) {
            CHECK(p.reason_code == e.reason);
            continue;
        }
        ++placed;
        // The commune the point falls in, by the real polygons.
        const std::size_t c = locator.locate(*p.xy);
        REQUIRE(c != Territory::npos);
        CHECK(t.communes[c].insee == e.insee);
        if (e.xy && p.method == PlacementMethod::Address)
            CHECK(std::hypot(p.xy->x - e.xy->x, p.xy->y - e.xy->y) < 0.5);
    }
    const double share = static_cast<double>(placed) / static_cast<double>(table.rows.size());
    INFO(stats.summary("structures"));
    CHECK(share >= 0.95);
    CHECK(stats.count(PlacementMethod::Address) >= 60);
    CHECK(stats.unplaced_by_reason().size() == 4);
    WARN(stats.summary("structures"));
}

TEST_CASE("placement of a Windows-1252 CSV register", "[placement][csv]") {
    const VectorTable t = read_vector_table(fixture("registre-cp1252.csv"));
    const auto columns = registers::resolve_columns(t.fields, registers::RegisterKind::Structures);
    REQUIRE(columns.has(registers::Role::Postcode));
    REQUIRE(t.rows.size() == 3);
    const RowPlacement valence = place_register_row(registers::location_of(columns, t.rows[0].values),
                                                 {CommuneGazetteer::bundled(), toy(), &ban26()});
    CHECK(valence.method == PlacementMethod::Address); // 5 rue des Écoles, Valence
    CHECK(valence.insee == "26362");
    const RowPlacement etoile = place_register_row(registers::location_of(columns, t.rows[1].values),
                                                {CommuneGazetteer::bundled(), toy(), nullptr});
    CHECK(etoile.insee == "26124"); // ÉTOILE-SUR-RHÔNE, outside the toy territory
    CHECK(etoile.reason_code == "outside_territory");
    const RowPlacement montelimar = place_register_row(
        registers::location_of(columns, t.rows[2].values), {CommuneGazetteer::bundled(), toy()});
    CHECK(montelimar.method == PlacementMethod::Commune);
    CHECK(montelimar.insee == "26198");
}
