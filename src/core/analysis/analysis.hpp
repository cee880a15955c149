#pragma once
// The whole TECS analysis of a study: reads the point and perimeter layers, joins them to the
// territory, and computes every figure of docs/analysis-spec (coverage, clusters, hot spots,
// perimeter shares, per-CTG indicators).

#include "../cog.hpp"
#include "../perimeters.hpp"
#include "../points.hpp"
#include "../study.hpp"
#include "../territory.hpp"
#include "../territory_builder.hpp"
#include "coverage.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tecsmap {

struct CommuneFigures {
    std::optional<double> dist_nearest_m; ///< none when there is no structure at all
    double covered_share = 0;
    double pop_uncovered = 0;
    int n_initiatives = 0;
    double gi_star_z = 0;
    int hotspot = 0;
    bool in_pat = false, in_pcaet = false, in_cte = false; ///< representative point inside
};

struct Cluster {
    std::string ctg_code;
    int cluster_id = 0;
    int n_initiatives = 0;
    geos::GeomPtr hull; ///< convex hull, buffered by 250 m when it is a point or a line
};

struct CtgIndicators {
    std::string ctg_code;
    std::string ctg_name;
    long long population = 0;
    int n_communes = 0;
    int n_structures = 0;
    int n_cs = 0;
    int n_evs = 0;
    int n_ambassadors = 0;
    int n_initiatives = 0;
    double initiatives_per_10k = 0;
    double pop_uncovered = 0;
    double uncovered_share = 0;
    int n_clusters = 0;
    double pat_share = 0, pcaet_share = 0, cte_share = 0;
    double area_km2 = 0;
};

struct AnalysisResult {
    AnalysisParameters parameters;
    std::vector<Structure> structures;
    std::vector<Initiative> initiatives;
    std::vector<Perimeter> perimeters;
    std::vector<CommuneFigures> communes; ///< parallel to territory.communes
    std::vector<GapPart> gaps;
    std::vector<Cluster> clusters;
    std::vector<CtgIndicators> ctgs; ///< parallel to territory.ctgs
    Rejects rejects;
    Diagnostics diagnostics;
    int initiatives_in_territory = 0;
};

/// Reads the study's layers and runs every analysis on an already-built territory.
AnalysisResult analyse(const Study& study, const Territory& territory, const Cog& cog,
                       const AnalysisParameters& parameters, const ProgressFn& progress = {});

/// Joins structures and initiatives to communes and CTGs (in_territory, insee, ctg_code) and
/// diagnoses points outside the territory (swapped coordinates among them).
void join_points(const Territory& territory, AnalysisResult& result);

/// Runs the analyses on given inputs (no file reading): used by analyse() and by tests.
void compute_figures(const Territory& territory, AnalysisResult& result,
                     const ProgressFn& progress = {});

} // namespace tecsmap
