// libFuzzer target: the register text parsers (address lines, street and commune keys,
// arrondissements, postcodes, dates, hours, agreement types) on arbitrary bytes. They must
// never crash, whatever a spreadsheet cell holds.

#include "geocoding/name_normalize.hpp"
#include "registers/cell_values.hpp"
#include "registers/structure_type.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tecsmap;
    const std::string s(reinterpret_cast<const char*>(data), size);
    const auto line = geocoding::parse_address_line(s);
    (void)geocoding::street_key(line.street);
    (void)geocoding::street_key_without_type(geocoding::street_key(s));
    (void)geocoding::commune_key(s);
    (void)geocoding::parse_arrondissement(s);
    (void)geocoding::normalize_postcode(s);
    (void)geocoding::edit_distance(s.substr(0, 64), geocoding::fold(s).substr(0, 64), 2);
    (void)registers::parse_date(s);
    (void)registers::parse_hours(s);
    (void)registers::parse_yes_no(s);
    (void)registers::normalize_structure_type(s);
    return 0;
}
