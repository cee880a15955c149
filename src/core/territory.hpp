#pragma once
// The territory of a study: current communes harmonised to the COG, their EPCIs and CTGs, all
// in the study's metric CRS (spec "Territory").

#include "diagnostics.hpp"
#include "geos_handles.hpp"
#include "kdtree.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace tecsmap {

struct Commune {
    std::string insee;
    std::string nom;
    std::string departement;
    long long population = 0;
    std::string epci_siren; ///< empty when the commune belongs to no EPCI
    std::size_t ctg = 0;    ///< index into Territory::ctgs
    geos::GeomPtr geometry; ///< MultiPolygon, metric CRS
    XY representative;      ///< PointOnSurface, metric CRS
    double area_m2 = 0;
    std::vector<std::string> source_codes; ///< codes of the source polygons unioned into it
};

struct Epci {
    std::string siren;
    std::string nom;
    long long population = 0; ///< sum over its member communes in the territory
    std::vector<std::size_t> communes;
    geos::GeomPtr geometry;
};

struct Ctg {
    std::string code;
    std::string name;
    long long population = 0;
    std::vector<std::size_t> communes;
    std::vector<std::string> epcis; ///< SIRENs
    geos::GeomPtr geometry;
};

/// A current commune of the COG with no polygon in the source: reported, out of every figure.
struct MissingCommune {
    std::string insee;
    std::string nom;
    long long population = 0;
};

struct Territory {
    std::string crs = "EPSG:2154";
    std::vector<std::string> departements;
    std::vector<Commune> communes; ///< ordered by INSEE code
    std::vector<Epci> epcis;       ///< ordered by SIREN
    std::vector<Ctg> ctgs;         ///< ordered by code
    std::vector<MissingCommune> missing;
    Diagnostics diagnostics;
    /// Queen contiguity of the communes (commune_neighbours.hpp: self included, ascending, 1 m
    /// tolerance), parallel to communes; built with the territory and kept in its cache. Empty
    /// in a territory assembled by hand: the hot-spot statistics then compute it.
    std::vector<std::vector<std::size_t>> neighbours;
    /// The union of the commune polygons (MultiPolygon, metric CRS): what the gap layer is cut
    /// from. Built with the territory (a coverage union of the CTG polygons) and kept in its
    /// cache; null in a territory assembled by hand (outline_of() then computes it).
    geos::GeomPtr outline;

    long long population() const;
    double area_m2() const;
    /// Index of a commune by INSEE code, or npos.
    std::size_t commune_index(const std::string& insee) const;
    /// A per-commune figure summed per CTG (parallel to ctgs), each CTG's communes in their
    /// order: the order ctg_indicators sums in, so that every per-CTG total (what-if,
    /// scenarios) is bit-identical to it for the same per-commune figures.
    std::vector<double> sum_per_ctg(const std::vector<double>& per_commune) const;
    std::size_t ctg_index(const std::string& code) const;
    /// The union of the commune polygons: `outline` when built, else computed from the CTG
    /// polygons (or the communes) the same way.
    geos::GeomPtr outline_of() const;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Rebuilds the lookup tables after communes/ctgs changed (the builder calls it).
    void reindex();

private:
    std::unordered_map<std::string, std::size_t> commune_by_code_;
    std::unordered_map<std::string, std::size_t> ctg_by_code_;
};

} // namespace tecsmap
