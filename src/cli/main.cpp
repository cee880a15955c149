#include "cog.hpp"
#include "errors.hpp"
#include "study.hpp"
#include "territory_builder.hpp"
#include <iostream>
int main(int argc, char** argv) {
    try {
        auto s = tecsmap::load_study(argv[1]);
        auto t = tecsmap::build_territory(s, tecsmap::Cog::bundled());
        std::cout << t.communes.size() << " " << t.population() << " " << t.epcis.size() << " " << t.area_m2()/1e6 << "\n";
        for (auto& d : t.diagnostics.items()) std::cout << tecsmap::format_diagnostic(d) << "\n";
    } catch (const std::exception& e) { std::cerr << e.what() << "\n"; return 1; }
}
