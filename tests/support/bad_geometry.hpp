#pragma once
// GeoPackage fixtures with unusable coordinate values (issue 16). NaN cannot be written in
// GeoJSON or WKT text, so these are built through GDAL (generated, never committed):
// tests/support/make_bad_geometry.cpp writes them for the CLI tests, the unit tests call the
// functions directly.

#include <string>

namespace tecsmap::test {

/// Perimeters (EPSG:2154, fields kind and name), squares of `side` metres whose lower-left
/// corner is (x0, y0): "PAT Valide" (a valid square), then "PAT NaN", "PCAET Infini" and
/// "CTE Énorme" whose third vertex has x = NaN, +inf and 1e308.
void write_bad_perimeters(const std::string& path, double x0, double y0, double side);

/// Commune polygons (EPSG:2154, field code) for codes 99001..99004, unit squares 1 km apart
/// along x: 99001 valid, 99002 with a NaN vertex, 99003 with -inf, 99004 with 1e308.
void write_bad_communes(const std::string& path);

} // namespace tecsmap::test
