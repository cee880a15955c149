#include "fixtures.hpp"

#include "commune_locator.hpp"
#include "geos_handles.hpp"
#include "territory_builder.hpp"
#include "text.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace tecsmap::test {

Cog make_cog(const std::vector<CommuneSpec>& communes) {
    Cog cog;
    for (const CommuneSpec& c : communes) {
        cog.add_commune({c.insee, "Commune " + c.insee, text::departement_of(c.insee), "metro",
                         c.population, c.epci});
        if (!c.epci.empty())
            cog.add_epci({c.epci, "EPCI " + c.epci, "CC"});
    }
    return cog;
}

Territory make_territory(const std::vector<CommuneSpec>& communes) {
    const Cog cog = make_cog(communes);
    std::vector<SourcePolygon> polys;
    std::vector<std::string> deps;
    for (const CommuneSpec& c : communes) {
        polys.push_back({c.insee, geos::from_wkt(c.wkt), "test", c.insee});
        const std::string d = text::departement_of(c.insee);
        if (std::find(deps.begin(), deps.end(), d) == deps.end())
            deps.push_back(d);
    }
    Territory t;
    t.departements = deps;
    harmonise_communes(std::move(polys), cog, deps, t);
    build_groupings(cog, "", t);
    return t;
}

Placement placed(const Territory& territory, XY xy) {
    Placement p;
    p.xy = xy;
    p.method = PlacementMethod::Coordinates;
    p.commune = CommuneLocator(territory).locate(xy);
    return p;
}

StudyRun make_run(Territory territory, StudyInputs inputs, const AnalysisParameters& parameters) {
    StudyRun run;
    run.parameters = parameters;
    run.territory = std::make_shared<const Territory>(std::move(territory));
    run.inputs = std::make_shared<const StudyInputs>(std::move(inputs));
    run.result = std::make_shared<const AnalysisResult>(
        analyse(*run.territory, *run.inputs, run.parameters));
    return run;
}

const MapStyle& bundled_style() {
    static const MapStyle style = load_map_style(default_style_path());
    return style;
}

std::string square(double x0, double y0, double s) {
    auto n = [](double v) { return std::to_string(v); };
    return "POLYGON((" + n(x0) + " " + n(y0) + "," + n(x0 + s) + " " + n(y0) + "," + n(x0 + s) +
           " " + n(y0 + s) + "," + n(x0) + " " + n(y0 + s) + "," + n(x0) + " " + n(y0) + "))";
}

std::string write_file(const std::string& name, const std::string& bytes) {
    std::ofstream out(name, std::ios::binary);
    out << bytes;
    return std::filesystem::absolute(name).string();
}

std::string source_data_dir() {
    return TECSMAP_SOURCE_DATA_DIR;
}
std::string test_data_dir() {
    return TECSMAP_TEST_DATA_DIR;
}

} // namespace tecsmap::test
