#include "territory.hpp"

#include <algorithm>

namespace tecsmap {

long long Territory::population() const {
    long long p = 0;
    for (const Commune& c : communes)
        p += c.population;
    return p;
}

double Territory::area_m2() const {
    double a = 0;
    for (const Commune& c : communes)
        a += c.area_m2;
    return a;
}

std::vector<double> Territory::sum_per_ctg(const std::vector<double>& per_commune) const {
    std::vector<double> out(ctgs.size(), 0.0);
    for (std::size_t k = 0; k < ctgs.size(); ++k)
        for (std::size_t i : ctgs[k].communes)
            out[k] += per_commune[i];
    return out;
}

std::size_t Territory::commune_index(const std::string& insee) const {
    auto it = commune_by_code_.find(insee);
    return it == commune_by_code_.end() ? npos : it->second;
}

std::size_t Territory::ctg_index(const std::string& code) const {
    auto it = ctg_by_code_.find(code);
    return it == ctg_by_code_.end() ? npos : it->second;
}

void Territory::reindex() {
    commune_by_code_.clear();
    ctg_by_code_.clear();
    for (std::size_t i = 0; i < communes.size(); ++i)
        commune_by_code_[communes[i].insee] = i;
    for (std::size_t i = 0; i < ctgs.size(); ++i)
        ctg_by_code_[ctgs[i].code] = i;
}

geos::GeomPtr Territory::outline_of() const {
    if (outline)
        return geos::clone(outline.get());
    // CTGs partition the communes and share their edges: their coverage union is the communes'.
    std::vector<const GEOSGeometry*> parts;
    const bool by_ctg = !ctgs.empty() && std::all_of(ctgs.begin(), ctgs.end(), [](const Ctg& c) {
                            return c.geometry != nullptr;
                        });
    if (by_ctg)
        for (const Ctg& c : ctgs)
            parts.push_back(c.geometry.get());
    else
        for (const Commune& c : communes)
            parts.push_back(c.geometry.get());
    if (parts.empty())
        return geos::empty_polygon();
    return geos::as_multipolygon(parts.size() == 1 ? geos::clone(parts.front())
                                                   : geos::coverage_union_of(parts));
}

} // namespace tecsmap
