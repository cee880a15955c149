#include "neighbour_outlines.hpp"

#include "crs.hpp"
#include "errors.hpp"
#include "geometry_convert.hpp"
#include "vector_table.hpp"

#include <set>

namespace tecsmap {

std::vector<DepartementOutline> load_neighbour_outlines(const Territory& territory,
                                                        const BoundaryOptions& options,
                                                        Diagnostics& diagnostics,
                                                        double margin_m) {
    std::vector<DepartementOutline> out;
    const std::set<std::string> own(territory.departements.begin(), territory.departements.end());
    if (own.count("*") || territory.communes.empty())
        return out; // all of France: no neighbours to fade
    try {
        const std::string path = obtain_departement_outlines(options, diagnostics);
        VectorTable table = read_vector_table(path);
        const auto code = table.find_field({"code"});
        const auto nom = table.find_field({"nom"});
        if (!table.srs || !code || !nom)
            throw InputError(path, "contours des départements sans code, nom ou système de "
                                   "coordonnées");
        geos::Envelope extent = geos::envelope(territory.communes.front().geometry.get());
        for (const Commune& c : territory.communes) {
            const geos::Envelope e = geos::envelope(c.geometry.get());
            extent = {std::min(extent.minx, e.minx), std::min(extent.miny, e.miny),
                      std::max(extent.maxx, e.maxx), std::max(extent.maxy, e.maxy)};
        }
        const geos::Envelope near = extent.expanded(margin_m);
        Transformer to_metric(*table.srs, *gdal::make_srs(territory.crs));
        for (SourceRow& row : table.rows) {
            if (!row.geometry || own.count(row.values[*code]))
                continue;
            to_metric.transform(*row.geometry, path);
            geos::GeomPtr g = to_geos(*row.geometry);
            if (!geos::envelope(g.get()).intersects(near))
                continue;
            out.push_back({row.values[*code], row.values[*nom], std::move(g)});
        }
    } catch (const Error& e) {
        diagnostics.warn("no_neighbours",
                         std::string("départements voisins non dessinés : ") + e.what());
        out.clear();
    }
    return out;
}

} // namespace tecsmap
