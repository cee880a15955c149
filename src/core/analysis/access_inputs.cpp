#include "access_inputs.hpp"

#include "../access/road_graph.hpp"
#include "../format.hpp"

#include <cmath>

namespace tecsmap {

namespace {
constexpr const char* kGridStage = "grille de population";
constexpr const char* kRoadStage = "réseau routier";
} // namespace

std::vector<Feedback::Stage> access_input_stages(const Study& study) {
    std::vector<Feedback::Stage> stages;
    if (study.population)
        stages.push_back({kGridStage, 1});
    if (study.accessibility.enabled())
        stages.push_back({kRoadStage, 2});
    return stages;
}

std::shared_ptr<const access::PopulationGrid> read_population_grid(const PopulationSource& source,
                                                                   const Territory& territory,
                                                                   Feedback* feedback) {
    feedback_begin(feedback, kGridStage);
    return std::make_shared<const access::PopulationGrid>(access::load_population_grid(
        source.path, territory, source.column, feedback, source.layer));
}

void report_population_grid(const access::PopulationGrid& g, const Territory& territory,
                            Diagnostics& diagnostics) {
    const access::PopulationGrid* grid = &g;
    const std::string& path = g.source;
    if (grid->cells.empty())
        diagnostics.warn("grid_outside",
                         "aucun carreau habité de la grille dans le territoire : la grille "
                         "couvre-t-elle une autre région ? La population reste répartie "
                         "uniformément dans chaque commune",
                         path);
    if (grid->cells_outside > 0)
        diagnostics.info("grid_cells_outside",
                         std::to_string(grid->cells_outside) +
                             " carreau(x) lu(s) autour du territoire mais hors de toute commune (" +
                             fr::people(grid->population_outside) +
                             " habitants, parts hors territoire des carreaux de bord comprises) : "
                             "ignoré(s)",
                         path);
    for (std::size_t c = 0; c < grid->communes.size(); ++c)
        if (grid->communes[c].uniform && territory.communes[c].population > 0)
            diagnostics.info("grid_uniform_commune",
                             "commune sans carreau habité dans la grille : sa population (" +
                                 fr::integer(territory.communes[c].population) +
                                 " habitants) reste répartie uniformément",
                             path, territory.communes[c].insee);
    diagnostics.info("grid_reconciled",
                     "grille de population : " + fr::people(grid->grid_total) +
                         " habitants dans le territoire pour " + fr::people(grid->cog_total) +
                         " au COG ; chaque commune est ramenée à sa population du COG (écarts "
                         "par commune : champs pop_grid et pop_grid_diff)",
                     path);
}

std::shared_ptr<const RoadNetwork> read_road_network(const AccessibilitySettings& settings,
                                                     const Territory& territory,
                                                     const access::PopulationGrid* grid,
                                                     Feedback* feedback) {
    feedback_begin(feedback, kRoadStage);
    auto net = std::make_shared<RoadNetwork>();
    net->settings = settings;
    net->speeds = access::merge_speeds(settings.speeds_kmh);
    access::RoadGraphParams params;
    params.roads_path = settings.roads;
    params.territory = access::territory_envelope(territory);
    params.crs = territory.crs;
    params.margin_km = settings.margin_km;
    params.speeds_kmh = net->speeds;
    net->cached = access::load_or_build_road_graph(params, feedback);
    Diagnostics& diagnostics = net->diagnostics;
    if (!net->cached.cache_note.empty())
        diagnostics.info("road_cache", net->cached.cache_note, settings.roads);
    net->snapper = std::make_unique<access::Snapper>(net->graph());
    std::vector<XY> points;
    points.reserve(territory.communes.size());
    for (const Commune& c : territory.communes)
        points.push_back(c.representative);
    net->communes = net->snapper->snap_all(points, settings.walk_kmh);
    std::size_t far = 0;
    for (const access::Snap& s : net->communes)
        far += s.far;
    if (far * 2 > net->communes.size())
        diagnostics.warn("roads_elsewhere",
                         std::to_string(far) + " communes sur " +
                             std::to_string(net->communes.size()) +
                             " sont à plus de 5 km de toute route de l'extrait : couvre-t-il bien "
                             "le territoire (extrait d'une autre région ?)",
                         settings.roads);
    for (std::size_t i = 0; i < net->communes.size(); ++i)
        if (net->communes[i].far)
            diagnostics.warn("commune_far_from_road",
                             "point représentatif à " + fr::km(net->communes[i].distance_m / 1000) +
                                 " de toute route du réseau : temps d'accès comptés avec la marche",
                             settings.roads, territory.communes[i].insee);
    if (grid) {
        points.clear();
        points.reserve(grid->parts.size());
        for (const access::GridPart& part : grid->parts)
            points.push_back(part.point);
        net->parts = net->snapper->snap_all(points, settings.walk_kmh);
    }
    return net;
}

std::vector<access::Snap> snap_structures(const RoadNetwork& roads,
                                          const std::vector<Structure>& structures,
                                          Rejects& rejects) {
    std::vector<access::Snap> snaps(structures.size());
    for (std::size_t k = 0; k < structures.size(); ++k) {
        const Structure& s = structures[k];
        if (!s.place.xy)
            continue; // never in the inputs: unplaced structures are dropped when read
        snaps[k] = roads.snapper->snap(*s.place.xy, roads.settings.walk_kmh);
        if (snaps[k].far)
            rejects.push_back({"structures", s.source, "nom=" + s.name,
                               "à plus de 5 km de toute route (" +
                                   fr::integer(std::llround(snaps[k].distance_m)) +
                                   " m) : gardée, ses temps d'accès comptent la marche jusqu'à "
                                   "la route",
                               true});
    }
    return snaps;
}

std::string speeds_label(const AccessibilitySettings& settings) {
    if (settings.speeds_kmh.empty())
        return "table de vitesses par défaut";
    std::string changed;
    for (const auto& [k, v] : settings.speeds_kmh)
        changed += (changed.empty() ? "" : ", ") + k + " " +
                   (v == 0 ? std::string("exclue") : fr::number(v, 1));
    return "table de vitesses par défaut modifiée par l'étude (" + changed + " km/h)";
}

std::string speeds_table_text(const access::SpeedTable& speeds) {
    std::string out;
    for (const auto& [k, v] : speeds)
        out += (out.empty() ? "" : ";") + k + "=" + machine::number(v);
    return out;
}

} // namespace tecsmap
