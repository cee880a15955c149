// Normalisation rules of register texts: street names, house-number suffixes, commune names,
// postcodes, dates, yes/no, hours, agreement types and column names. Expected values are
// written by hand from the rules of docs/methods.md.

#include "geocoding/name_normalize.hpp"
#include "registers/cell_values.hpp"
#include "registers/register_columns.hpp"
#include "registers/structure_type.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;
using namespace tecsmap::geocoding;
using namespace tecsmap::registers;

TEST_CASE("fold: accents, ligatures, punctuation", "[registers][normalize]") {
    CHECK(fold("Chemin de l'Église") == "chemin de l eglise");
    CHECK(fold("  ŒUVRE  Sœur—Thérèse ") == "oeuvre soeur therese");
    CHECK(fold("Saint-Paul-Trois-Châteaux") == "saint paul trois chateaux");
    CHECK(fold("N°12") == "n 12");
    CHECK(fold("") == "");
}

TEST_CASE("street keys: abbreviations and articles", "[registers][normalize]") {
    CHECK(street_key("Avenue de la Libération") == "avenue liberation");
    CHECK(street_key("av. de la Liberation") == "avenue liberation");
    CHECK(street_key("AV LIBERATION") == "avenue liberation");
    CHECK(street_key("Bd Gambetta") == "boulevard gambetta");
    CHECK(street_key("Ch. des Vignes") == "chemin vignes");
    CHECK(street_key("chem des vignes") == "chemin vignes");
    CHECK(street_key("Rte de Nyons") == "route nyons");
    CHECK(street_key("Pl. de l'Église") == "place eglise");
    CHECK(street_key("Imp. des Lilas") == "impasse lilas");
    CHECK(street_key("All. des Platanes") == "allee platanes");
    CHECK(street_key("Rue St Jean") == street_key("Rue Saint-Jean"));
    CHECK(street_key("R. Ste Marie") == "rue sainte marie");
    CHECK(street_key("Fbg St-Antoine") == "faubourg saint antoine");
    CHECK(street_key("Lot. les Chênes") == "lotissement chenes");
    CHECK(street_key("Crs Jean Jaurès") == "cours jean jaures");
    CHECK(street_key("Quai de l'Isère") == "quai isere");
    CHECK(street_key("Rue du Dr Roux") == "rue docteur roux");
    CHECK(street_key_without_type("avenue liberation") == "liberation");
    CHECK(street_key_without_type("liberation") == "liberation");
    CHECK(street_key_without_type("rue") == "");
}

TEST_CASE("address lines: numbers, ranges and suffixes", "[registers][normalize]") {
    auto check = [](const char* line, std::optional<int> n, const char* suffix,
                    const char* street) {
        const AddressLine a = parse_address_line(line);
        INFO(line);
        CHECK(a.number == n);
        CHECK(a.suffix == suffix);
        CHECK(a.street == street);
    };
    check("12 bis av. Victor Hugo", 12, "bis", "av. Victor Hugo");
    check("12bis rue X", 12, "bis", "rue X");
    check("12 B rue X", 12, "b", "rue X");
    check("12B, rue X", 12, "b", "rue X");
    check("3 TER Rue Pasteur", 3, "ter", "Rue Pasteur");
    check("5 quater rue Y", 5, "quater", "rue Y");
    check("12-14 rue X", 12, "", "rue X");
    check("12, rue X", 12, "", "rue X");
    check("12 r Victor Hugo", 12, "", "r Victor Hugo"); // "r" is the street type, not a suffix
    check("N° 7 place du Marché", 7, "", "place du Marché");
    check("rue X", std::nullopt, "", "rue X");
    check("Bâtiment B, 4 allée des Pins", 4, "", "allée des Pins");
    check("10 rue des Écoles, CS 30012", 10, "", "rue des Écoles");
    check("BP 12, Place de la Mairie", std::nullopt, "", "Place de la Mairie");
    check("8 rue Haute 26000 Valence", 8, "", "rue Haute");
    CHECK(normalize_suffix("Bis") == "bis");
    CHECK(normalize_suffix("B") == "b");
    CHECK(normalize_suffix("TER") == "ter");
}

TEST_CASE("commune keys: St/Ste, CEDEX, articles, s/", "[registers][normalize]") {
    CHECK(commune_key("ST PAUL TROIS CHATEAUX") == commune_key("Saint-Paul-Trois-Châteaux"));
    CHECK(commune_key("Ste-Eulalie-en-Royans") == "sainte eulalie en royans");
    CHECK(commune_key("VALENCE CEDEX 9") == "valence");
    CHECK(commune_key("Roche-de-Glun (La)") == commune_key("La Roche-de-Glun"));
    CHECK(commune_key("Romans s/ Isère") == "romans sur isere");
    CHECK(commune_key("Bourg lez Valence") == commune_key("Bourg-lès-Valence"));
    CHECK(has_cedex("Montélimar Cedex"));
    CHECK_FALSE(has_cedex("Montélimar"));
}

TEST_CASE("arrondissements of Paris, Lyon and Marseille", "[registers][normalize]") {
    auto a = parse_arrondissement("Lyon 3e");
    REQUIRE(a);
    CHECK(a->city == "lyon");
    CHECK(a->number == 3);
    CHECK(parse_arrondissement("MARSEILLE 13")->number == 13);
    CHECK(parse_arrondissement("Paris 15e arrondissement")->number == 15);
    CHECK(parse_arrondissement("LYON 3EME")->number == 3);
    CHECK(parse_arrondissement("Paris 1er")->number == 1);
    CHECK(parse_arrondissement("PARIS 01")->number == 1);
    CHECK_FALSE(parse_arrondissement("Lyon 12e")); // Lyon has 9
    CHECK_FALSE(parse_arrondissement("Valence 3e"));
    CHECK_FALSE(parse_arrondissement("Lyon"));
}

TEST_CASE("postcodes as spreadsheets store them", "[registers][normalize]") {
    CHECK(normalize_postcode("7800") == "07800");
    CHECK(normalize_postcode("1000.0") == "01000");
    CHECK(normalize_postcode(" 26 000 ") == "26000");
    CHECK(normalize_postcode("26000") == "26000");
    CHECK_FALSE(normalize_postcode("260"));
    CHECK_FALSE(normalize_postcode("26000 Valence"));
    CHECK_FALSE(normalize_postcode("abcde"));
}

TEST_CASE("edit distance: optimal string alignment with a limit", "[registers][normalize]") {
    CHECK(edit_distance("montelimar", "montelimard", 3) == 1);
    CHECK(edit_distance("republique", "republqiue", 3) == 1); // transposition
    CHECK(edit_distance("hugo", "hgo", 3) == 1);
    CHECK(edit_distance("kitten", "sitting", 5) == 3);
    CHECK(edit_distance("abc", "abcdef", 1) == 2); // stops above the limit
    CHECK(edit_distance("", "", 0) == 0);
}

TEST_CASE("dates: Excel serials, French and ISO text", "[registers][dates]") {
    CHECK(parse_date("44562") == "2022-01-01");
    CHECK(parse_date("44562.75") == "2022-01-01"); // time of day ignored
    CHECK(parse_date("1") == "1900-01-01");
    CHECK(parse_date("59") == "1900-02-28");
    CHECK(parse_date("61") == "1900-03-01");
    CHECK_FALSE(parse_date("60")); // Excel's 1900-02-29
    CHECK(parse_date("15/03/2021") == "2021-03-15");
    CHECK(parse_date("15-03-2021") == "2021-03-15");
    CHECK(parse_date("15.03.21") == "2021-03-15");
    CHECK(parse_date("2021-03-15") == "2021-03-15");
    CHECK(parse_date("2021/03/15") == "2021-03-15"); // GDAL's text for a date cell
    CHECK(parse_date("2021/03/15 10:30:00") == "2021-03-15");
    CHECK(parse_date("2021-03-15T00:00:00Z") == "2021-03-15");
    CHECK(parse_date("03/2021") == "2021-03");
    CHECK(parse_date("2021") == "2021");
    CHECK(parse_date("15 mars 2021") == "2021-03-15");
    CHECK(parse_date("1er août 2020") == "2020-08-01");
    CHECK(parse_date("décembre 2024") == "2024-12");
    CHECK_FALSE(parse_date("31/02/2021"));
    CHECK_FALSE(parse_date("29/02/2023"));
    CHECK(parse_date("29/02/2024") == "2024-02-29");
    CHECK_FALSE(parse_date("bientôt"));
    CHECK_FALSE(parse_date(""));
}

TEST_CASE("dates: the bare year-month-day read without regex, and its edges",
          "[registers][dates]") {
    CHECK(parse_date("2021-3-5") == "2021-03-05");
    CHECK(parse_date(" 2021.03-15 ") == "2021-03-15"); // separators need not agree
    CHECK(parse_date("2024-02-29") == "2024-02-29");
    CHECK_FALSE(parse_date("2023-02-29"));
    CHECK_FALSE(parse_date("2021-13-01"));
    CHECK_FALSE(parse_date("2021-05-123"));
    CHECK_FALSE(parse_date("20210-05-12"));
    // What a looser fast path would read as a date, and the regexes do not.
    CHECK_FALSE(parse_date("2021-05-012"));
    CHECK_FALSE(parse_date("2021-012-05"));
    CHECK_FALSE(parse_date("02021-05-12"));
    CHECK_FALSE(parse_date("2021-05-"));
    CHECK_FALSE(parse_date("2021--05"));
    CHECK_FALSE(parse_date("1899-12-31")); // outside the years a register holds
    // Longer forms still go to the regexes.
    CHECK(parse_date("2021-03-15 08:05") == "2021-03-15");
    CHECK(parse_date("2021-03-15T08:05:09.5+01:00") == "2021-03-15");
    CHECK_FALSE(parse_date("2021-03-15x"));
    // Digits alone are numbers: a year or an Excel serial day.
    CHECK(parse_date(" 2024 ") == "2024");
    CHECK(parse_date("45000") == "2023-03-15");
    CHECK(parse_date("3.2021") == "2021-03"); // not digits alone: month and year
}

TEST_CASE("yes/no and hours", "[registers][values]") {
    CHECK(parse_yes_no("Oui") == true);
    CHECK(parse_yes_no("X") == true);
    CHECK(parse_yes_no("non") == false);
    CHECK(parse_yes_no("0") == false);
    CHECK_FALSE(parse_yes_no("peut-être"));
    CHECK(parse_hours("8") == 8.0);
    CHECK(parse_hours("7,5") == 7.5);
    CHECK(parse_hours("8 h") == 8.0);
    CHECK(parse_hours("8h30") == 8.5);
    CHECK(parse_hours("10 heures par mois") == 10.0);
    CHECK_FALSE(parse_hours("8h75"));
    CHECK_FALSE(parse_hours("beaucoup"));
}

TEST_CASE("agreement type: CS, EVS or autre with a warning", "[registers][type]") {
    for (const char* cs :
         {"centre social", "Centre Social", "CENTRE SOCIAL", "CSX", "CS", "C.S.",
          "centre socio-culturel", "Centre socioculturel", "centre social associatif",
          "centre social CAF", "Agrément centre social", "MJC - Centre social", "AGC"}) {
        INFO(cs);
        const auto r = normalize_structure_type(cs);
        CHECK(r.type == StructureType::CS);
        CHECK_FALSE(r.warning);
    }
    for (const char* evs : {"espace de vie sociale", "EVS", "E.V.S.", "Espaces de vie sociale",
                            "EVS itinérant", "agrément EVS"}) {
        INFO(evs);
        const auto r = normalize_structure_type(evs);
        CHECK(r.type == StructureType::EVS);
        CHECK_FALSE(r.warning);
    }
    for (const char* other : {"MJC", "Maison de quartier", "accorderie", "", "CS/EVS"}) {
        INFO(other);
        const auto r = normalize_structure_type(other);
        CHECK(r.type == StructureType::Other);
        CHECK(r.warning);
    }
    CHECK(std::string(to_string(StructureType::CS)) == "CS");
    CHECK(std::string(to_string(StructureType::EVS)) == "EVS");
    CHECK(std::string(to_string(StructureType::Other)) == "autre");
}

TEST_CASE("register columns: French names out of the box", "[registers][columns]") {
    const std::vector<std::string> fields = {"Nom de la structure",
                                             "Type d'agrément",
                                             "N° et voie",
                                             "Complément d'adresse",
                                             "CP",
                                             "Ville",
                                             "Code INSEE",
                                             "Latitude",
                                             "Longitude",
                                             "SIRET",
                                             "Date d'agrément",
                                             "Fin d'agrément",
                                             "zone_insee",
                                             "Bonus interne 2021",
                                             "Bonus externe 2022",
                                             "2022 bonus transversal",
                                             "Ambassadeur TECS",
                                             "Heures ambassadeur",
                                             "Participation PAT",
                                             "Participation PCAET",
                                             "Participation CTE"};
    const RegisterColumns c = resolve_columns(fields, RegisterKind::Structures);
    CHECK(c.get(Role::Name) == 0u);
    CHECK(c.get(Role::Type) == 1u);
    CHECK(c.get(Role::Address) == 2u);
    CHECK(c.get(Role::Complement) == 3u);
    CHECK(c.get(Role::Postcode) == 4u);
    CHECK(c.get(Role::Commune) == 5u);
    CHECK(c.get(Role::Insee) == 6u);
    CHECK(c.get(Role::Latitude) == 7u);
    CHECK(c.get(Role::Longitude) == 8u);
    CHECK(c.get(Role::Siret) == 9u);
    CHECK(c.get(Role::AgreementStart) == 10u);
    CHECK(c.get(Role::AgreementEnd) == 11u);
    CHECK(c.get(Role::ZoneInsee) == 12u);
    CHECK(c.yearly.at(Role::BonusInterne).at(2021) == 13u);
    CHECK(c.yearly.at(Role::BonusExterne).at(2022) == 14u);
    CHECK(c.yearly.at(Role::BonusTransversale).at(2022) == 15u);
    CHECK(c.get(Role::Ambassador) == 16u);
    CHECK(c.get(Role::AmbassadorHours) == 17u);
    CHECK(c.get(Role::ParticipationPat) == 18u);
    CHECK(c.get(Role::ParticipationPcaet) == 19u);
    CHECK(c.get(Role::ParticipationCte) == 20u);

    const std::vector<std::string> values = {
        "CS", "CS", "12 bis av. Hugo", "Bât. B", "26000", "Valence", "26362"};
    const auto loc = location_of(c, values);
    CHECK(loc.address == "12 bis av. Hugo");
    CHECK(loc.complement == "Bât. B");
    CHECK(loc.postcode == "26000");
    CHECK(loc.commune == "Valence");
    CHECK(loc.insee == "26362");
}

TEST_CASE("register columns: separate number and street, explicit mapping",
          "[registers][columns]") {
    const std::vector<std::string> fields = {
        "Structure", "Numéro", "Voie", "Code postal", "Commune", "Agrément début", "Intitulé"};
    RegisterColumns c = resolve_columns(
        fields, RegisterKind::Structures,
        {{"agreement_start", "Agrément début"}, {"bogus", "x"}, {"siret", "Numéro SIRET"}});
    CHECK(c.get(Role::Name) == 0u);
    CHECK(c.get(Role::HouseNumber) == 1u);
    CHECK(c.get(Role::Street) == 2u);
    CHECK(c.get(Role::AgreementStart) == 5u);
    CHECK(c.unknown_keys == std::vector<std::string>{"bogus"});
    CHECK(c.missing_columns == std::vector<std::string>{"Numéro SIRET (columns.siret)"});
    CHECK_FALSE(c.has(Role::Title)); // an initiatives role

    const RegisterColumns i = resolve_columns(fields, RegisterKind::Initiatives);
    CHECK(i.get(Role::Title) == 6u);
    CHECK(i.get(Role::Carrier) == 0u);
    CHECK_FALSE(i.has(Role::Name));
    CHECK(split_year("Bonus interne 2022") == std::pair<std::string, int>{"bonus_interne", 2022});
    CHECK_FALSE(split_year("Bonus interne"));
    CHECK_FALSE(split_year("2021 2022"));
}

TEST_CASE("runaway cells are cut, never a crash", "[registers][normalize]") {
    const std::string huge(200000, 'a');
    const std::string address = "12 rue " + huge;
    const AddressLine a = parse_address_line(address);
    CHECK(a.number == 12);
    CHECK(a.street.size() < 300);
    CHECK(commune_key(huge).size() <= kMaxTextLength);
    CHECK_FALSE(parse_arrondissement("Lyon " + huge));
    CHECK_FALSE(parse_date(huge));
    CHECK_FALSE(parse_hours(huge));
    CHECK(normalize_structure_type(huge).type == StructureType::Other);
    CHECK_FALSE(normalize_postcode(huge));
}
