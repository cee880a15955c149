#include "analysis/analysis.hpp"
#include "fixtures.hpp"
#include "perimeters.hpp"

#include <catch2/catch.hpp>

using namespace tecsmap;

TEST_CASE("perimeters from EPCI and commune lists — same (kind, name) forms one", "[perimeters]") {
    std::vector<test::CommuneSpec> spec{{"99001", test::square(0, 0, 1000), 100, "200000001"},
                                        {"99002", test::square(1000, 0, 1000), 300, "200000002"},
                                        {"99003", test::square(2000, 0, 1000), 600, "200000003"}};
    const Territory t = test::make_territory(spec);
    const Cog cog = test::make_cog(spec);
    Rejects rejects;
    Diagnostics diag;
    LayerSource a, b;
    a.path = test::write_file("p1.csv", "kind;name;epci_siren;code_insee\n"
                                        "PAT;PAT Nord;200000001;\n"
                                        "pcaet;Plan climat;;99003\n"
                                        "XYZ;Bidule;200000001;\n");
    b.path = test::write_file("p2.csv", "kind;name;epci_siren\nPAT;PAT Nord;200000002\n");
    auto per = read_perimeters({a, b}, t, cog, rejects, diag);
    REQUIRE(per.size() == 2);
    CHECK(per[0].kind == PerimeterKind::PAT);
    CHECK(geos::area(per[0].geometry.get()) == Approx(2e6));
    CHECK(per[0].sources.size() == 2);
    CHECK(per[1].kind == PerimeterKind::PCAET);
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0].source.line == 4);

    StudyInputs in;
    in.perimeters = std::move(per);
    Initiative on_edge;
    on_edge.place = test::placed(t, XY{2000, 500}); // on the PAT boundary: inside
    in.initiatives.push_back(std::move(on_edge));
    const AnalysisResult r = analyse(t, in, AnalysisParameters{});
    CHECK(r.initiatives[0].in_pat);
    CHECK(r.initiatives[0].in_pcaet); // also on the PCAET's boundary
    CHECK_FALSE(r.initiatives[0].in_cte);
    const auto& ind = r.ctgs;
    REQUIRE(ind.size() == 3);
    CHECK(ind[0].pat_share == 1.0);
    CHECK(ind[2].pat_share == 0.0);
    CHECK(ind[2].pcaet_share == 1.0);
}
