// Commune resolution against the bundled COG (@etalab/decoupage-administratif 6.0.0): INSEE
// codes, postcodes, names in the spellings registers use, former communes, arrondissements,
// and the rows that must never be placed silently.

#include "geocoding/commune_gazetteer.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;
using namespace tecsmap::geocoding;
using S = CommuneMatch::Status;

namespace {
const CommuneGazetteer& g() {
    return CommuneGazetteer::bundled();
}
CommuneMatch resolve(std::string insee, std::string cp, std::string name,
                     std::vector<std::string> deps = {"26"}) {
    return g().resolve({std::move(insee), std::move(cp), std::move(name)}, deps);
}
std::vector<std::string> codes(const CommuneMatch& m) {
    std::vector<std::string> out;
    for (const auto& c : m.candidates)
        out.push_back(c.insee);
    return out;
}
} // namespace

TEST_CASE("gazetteer: the extracts are loaded", "[gazetteer]") {
    CHECK(g().postcodes_of("26362") == std::vector<std::string>{"26000"});
    const auto& valence_cp = g().communes_of_postcode("26000");
    CHECK(std::find(valence_cp.begin(), valence_cp.end(), "26362") != valence_cp.end());
    CHECK(g().communes_of_postcode("26904").empty()); // a CEDEX code
    CHECK(g().current_code("26184") == "26210");
    CHECK(g().current_code("69383") == "69123");
    CHECK(g().current_code("26362") == "26362");
}

TEST_CASE("gazetteer: INSEE codes", "[gazetteer]") {
    auto m = resolve("26362", "", "");
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26362");
    CHECK(m.how == "code INSEE");
    m = resolve("26184", "", ""); // Miribel, merged into Valherbasse
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26210");
    CHECK(m.former_code == "26184");
    REQUIRE(m.notes.size() == 1);
    CHECK(m.notes[0].find("ancien code INSEE 26184") != std::string::npos);
    m = resolve("7349", "", ""); // La Voulte-sur-Rhône without its zero
    CHECK(m.insee == "07349");
    m = resolve("26999", "", "");
    CHECK(m.status == S::Unknown);
    CHECK(m.reason_code == "unknown_insee");
    // With a name that agrees, and a postcode that agrees.
    CHECK(resolve("26220", "26110", "Nyons").status == S::Found);
}

TEST_CASE("gazetteer: an INSEE code that contradicts the name is not placed", "[gazetteer]") {
    // The bundled-data defect of issue 11: "Nyons" carrying Pierrelatte's code.
    const auto m = resolve("26235", "", "Nyons");
    CHECK(m.status == S::Mismatch);
    CHECK(m.reason_code == "insee_name_mismatch");
    CHECK(m.reason.find("Pierrelatte (26235)") != std::string::npos);
    CHECK(m.reason.find("Nyons (26220)") != std::string::npos);
    CHECK(codes(m) == std::vector<std::string>{"26220", "26235"});
    // An INSEE code with a postcode of another commune and no name.
    const auto p = resolve("26198", "26000", "");
    CHECK(p.status == S::Mismatch);
    CHECK(p.reason_code == "postcode_mismatch");
    // Name and code agree, the postcode does not: placed, with a note.
    const auto n = resolve("26198", "26000", "Montélimar");
    CHECK(n.status == S::Found);
    REQUIRE(n.notes.size() == 1);
    CHECK(n.notes[0].find("code postal 26000") != std::string::npos);
}

TEST_CASE("gazetteer: postcode and name in registers' spellings", "[gazetteer]") {
    struct Case {
        const char* cp;
        const char* name;
        const char* insee;
    };
    for (const Case& c :
         {Case{"26130", "ST PAUL TROIS CHATEAUX", "26324"},
          Case{"26100", "Romans s/ Isère", "26281"}, Case{"26600", "Tain l Hermitage", "26347"},
          Case{"26600", "ROCHE DE GLUN (LA)", "26271"}, Case{"26500", "BOURG LES VALENCE", "26058"},
          Case{"7800", "LA VOULTE SUR RHONE", "07349"},
          Case{"07800", "La Voulte-sur-Rhône", "07349"}, Case{"26000.0", "VALENCE", "26362"},
          Case{"26350", "Miribel", "26210"}, Case{"26350", "MONTRIGAUD", "26210"},
          Case{"69003", "Lyon 3e", "69123"}, Case{"13013", "MARSEILLE 13", "13055"},
          Case{"75015", "Paris 15e arrondissement", "75056"}}) {
        INFO(c.cp << " " << c.name);
        const auto m = resolve("", c.cp, c.name);
        CHECK(m.status == S::Found);
        CHECK(m.insee == c.insee);
    }
    const auto miribel = resolve("", "26350", "Miribel");
    CHECK(miribel.former_code == "26184");
    const auto lyon = resolve("", "69003", "Lyon 3e");
    CHECK(lyon.former_code == "69383");
}

TEST_CASE("gazetteer: CEDEX postcodes tell the département only", "[gazetteer]") {
    auto m = resolve("", "26904", "VALENCE CEDEX 9");
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26362");
    REQUIRE_FALSE(m.notes.empty());
    CHECK(m.notes[0].find("CEDEX") != std::string::npos);
    m = resolve("", "26216", "Montélimar"); // a CEDEX code written without the word
    CHECK(m.insee == "26198");
    m = resolve("", "26904", "Privas CEDEX"); // a CEDEX code of the Drôme, a commune of Ardèche
    CHECK(m.status == S::Mismatch);
}

TEST_CASE("gazetteer: misspellings corrected only when unambiguous", "[gazetteer]") {
    auto m = resolve("", "26200", "Montelimard");
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26198");
    CHECK_FALSE(m.notes.empty());
    m = resolve("", "", "Pierrelate"); // no postcode: one slip on a long name
    CHECK(m.insee == "26235");
    // A postcode with a single commune places a name that is not a commune (a quartier).
    m = resolve("", "26000", "Quartier Fontbarlettes");
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26362");
    m = resolve("", "26110", "Quartier des Grands Prés"); // 23 communes share 26110
    CHECK(m.status == S::Unknown);
    CHECK(m.candidates.size() == 12); // the list is cut at 12
    // Short names are never corrected nationally.
    CHECK(resolve("", "", "Valenc").status != S::Found);
}

TEST_CASE("gazetteer: disagreements and ambiguities come with candidates", "[gazetteer]") {
    auto m = resolve("", "26000", "Montélimar");
    CHECK(m.status == S::Mismatch);
    CHECK(m.reason_code == "postcode_mismatch");
    CHECK(m.reason.find("26200") != std::string::npos);
    auto cands = codes(m);
    CHECK(std::find(cands.begin(), cands.end(), "26198") != cands.end());
    CHECK(std::find(cands.begin(), cands.end(), "26362") != cands.end());

    m = resolve("", "", "Beaumont"); // Beaumont exists in several départements, none the Drôme
    CHECK(m.status == S::Ambiguous);
    CHECK(m.reason_code == "ambiguous_commune");
    CHECK(m.candidates.size() >= 2);
    CHECK(format_candidates(m.candidates).find("Beaumont (") != std::string::npos);

    // Homonyms: the study's département decides, with a note naming the others.
    m = resolve("", "", "Valence", {"26"});
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26362");
    REQUIRE(m.notes.size() == 1);
    CHECK(m.notes[0].find("82186") != std::string::npos);
    CHECK(resolve("", "", "Valence", {"07"}).status == S::Ambiguous);

    m = resolve("", "26400", ""); // a postcode of several communes, no name
    CHECK(m.status == S::Ambiguous);
    CHECK(m.reason_code == "ambiguous_postcode");
    CHECK(m.candidates.size() > 2);
    m = resolve("", "26000", ""); // Valence alone on its postcode
    CHECK(m.status == S::Found);
    CHECK(m.insee == "26362");

    m = resolve("", "", "Commune imaginaire");
    CHECK(m.status == S::Unknown);
    CHECK(m.reason_code == "unknown_commune");
    m = resolve("", "", "");
    CHECK(m.status == S::NotGiven);
    CHECK(m.reason_code == "no_location");
    m = resolve("", "99999", "");
    CHECK(m.status == S::Unknown);
    CHECK(m.reason_code == "unknown_postcode");
}
