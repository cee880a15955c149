#pragma once
// Helpers to build tiny territories from hand-written geometries, and scratch files.

#include "analysis/study_run.hpp"
#include "cog.hpp"
#include "map_style.hpp"
#include "points.hpp"
#include "territory.hpp"

#include <string>
#include <vector>

namespace tecsmap::test {

struct CommuneSpec {
    std::string insee;
    std::string wkt; ///< metric coordinates (EPSG:2154)
    long long population = 0;
    std::string epci; ///< SIREN, empty for none
};

/// A COG holding exactly the given communes (departement "99" unless the code says otherwise),
/// with EPCIs named "EPCI <siren>".
Cog make_cog(const std::vector<CommuneSpec>& communes);
/// A territory of the given communes (harmonised, grouped), one CTG per EPCI.
Territory make_territory(const std::vector<CommuneSpec>& communes);
/// Axis-aligned square as WKT.
std::string square(double x0, double y0, double side);

/// A placement at `xy` (method coordinates) with its commune found in the territory, as the
/// readers place rows.
Placement placed(const Territory& territory, XY xy);

/// A run over hand-made inputs: the analysis is computed here.
StudyRun make_run(Territory territory, StudyInputs inputs,
                  const AnalysisParameters& parameters = {});

/// The bundled map style (styles/tecsmap.toml of the source tree).
const MapStyle& bundled_style();

/// Writes bytes to a file in the current (scratch) directory and returns its absolute path.
std::string write_file(const std::string& name, const std::string& bytes);

/// The bundled data directory of the source tree.
std::string source_data_dir();
std::string test_data_dir();

} // namespace tecsmap::test
