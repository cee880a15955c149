#include "commune_locator.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;

TEST_CASE("points go to the commune containing them — shared edges to the lowest code",
          "[locator]") {
    // 99002 on the left, 99001 on the right: the shared edge x = 1000 goes to 99001.
    const auto t = test::make_territory({{"99002", test::square(0, 0, 1000), 1, ""},
                                         {"99001", test::square(1000, 0, 1000), 1, ""}});
    const CommuneLocator loc(t);
    CHECK(t.communes[loc.locate({500, 500})].insee == "99002");
    CHECK(t.communes[loc.locate({1500, 500})].insee == "99001");
    CHECK(t.communes[loc.locate({1000, 500})].insee == "99001");  // shared edge
    CHECK(t.communes[loc.locate({1000, 1000})].insee == "99001"); // shared vertex
    CHECK(t.communes[loc.locate({0, 0})].insee == "99002");       // outer boundary is inside
    CHECK(loc.locate({5000, 5000}) == Territory::npos);
}

TEST_CASE("Corsican codes sort after 19xxx and 2xxxx numeric codes in text order", "[locator]") {
    const auto t = test::make_territory({{"2A004", test::square(0, 0, 1000), 1, ""},
                                         {"21001", test::square(1000, 0, 1000), 1, ""}});
    const CommuneLocator loc(t);
    CHECK(t.communes[loc.locate({1000, 10})].insee == "21001");
}
