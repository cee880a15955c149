#pragma once
// The hand-made accessibility study (issue 12) in the public formats: a small OSM network (XML
// and PBF), four rectangular communes (GeoPackage), structures (French CSV) and an INSEE-like
// 200 m population grid (GeoPackage, Idcar_200m / Ind, EPSG:3035), with study files. Every
// expected figure is worked out by hand in tests/core/access/test_access_study.cpp (and listed
// in docs/methods.md, "Accessibilité en temps de trajet (étude)"). Written by
// make_access_fixtures (tests' scratch directories and tests/cli/access_cli_tests.sh).
//
// Metres from (850 000, 6 400 000) in Lambert-93 (EPSG:2154):
//   communes  A 26001 [0, 6 000] × [0, 2 000]      B 26002 [6 000, 20 000] × [0, 2 000]
//             C 26003 [20 000, 26 000] × [0, 2 000] D 26004 [20 000, 26 000] × [−2 000, 0]
//   roads     a primary road along y = 1 000, nodes 1..27 every 1 000 m from x = 0 (the study
//             sets primary = 60 km/h: 1 km a minute); a ferry 2 ↔ 24 and a private motorway
//             2 ↔ 16 (not routable); a one-way motorway 2 → 24 (towards C: no help to reach
//             the structure from C); an island of residential road at y = 3 000 (dropped).
//   structures S1 « Centre social du Val » CS at (1 000, 1 000) on node 2, capacity 2;
//             S2 « EVS des Crêtes » EVS at (13 000, 8 000), 7 km from the road; S3 « MJC du
//             Bourg » (another kind of place: never covering) at (24 000, 1 000).
//   cells     g1 A (3 000, 1 100) 100; g2 B (9 000, 1 100) 200; g3 B (15 000, 1 100) 300;
//             g4 C (23 000, 1 100) 50; g5 astride A|B (6 050, 1 100) 40; g6 outside the
//             territory (10 000, 3 000) 40; g7 in A with an empty population.

#include <string>

namespace tecsmap::test {

/// Codes and COG populations chosen for the hand computations (a synthetic COG in the tests;
/// the CLI test uses the real COG of these codes).
struct HandCommune {
    const char* insee;
    double x0, y0, x1, y1;
    long long population;
};
inline constexpr HandCommune kHandCommunes[] = {{"26001", 0, 0, 6000, 2000, 1100},
                                                {"26002", 6000, 0, 20000, 2000, 2120},
                                                {"26003", 20000, 0, 26000, 2000, 100},
                                                {"26004", 20000, -2000, 26000, 0, 50}};

/// Writes every fixture file into `dir` (created): roads.osm, roads.osm.pbf, communes.gpkg,
/// structures.csv, carreaux.gpkg, and the studies acces-temps.toml (coverage by time,
/// isochrones 10 and 20 min), acces-distance.toml (distance, the same data) and
/// acces-sans.toml (neither roads nor grid).
void write_hand_study(const std::string& dir);

} // namespace tecsmap::test
