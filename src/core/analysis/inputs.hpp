#pragma once
// What a study's layers hold once read and placed in the territory: the inputs of the analysis.
// The same reading serves `analyse`, `validate` and the map view.

#include "../access/population_grid.hpp"
#include "../access/snapping.hpp"
#include "../cog.hpp"
#include "../feedback.hpp"
#include "../perimeters.hpp"
#include "../points.hpp"
#include "../study.hpp"
#include "../territory.hpp"
#include "../zones.hpp"
#include "scenarios.hpp"
#include "suggestions.hpp"

#include <array>
#include <memory>
#include <vector>

namespace tecsmap {

/// Which inputs are demonstration data (the study's `illustrative` key on a layer, or the
/// column `illustratif = oui` on rows): every figure derived from them is marked
/// « données de démonstration » where it appears (maps, atlas, map view).
struct IllustrativeInputs {
    bool structures = false;  ///< positions or types of structures (coverage, gaps)
    bool programme = false;   ///< bonus, ambassadors, governance of the structures
    bool initiatives = false; ///< initiatives (counts, clusters, hot spots, evolution)
    std::array<bool, 3> perimeters{}; ///< per kind, in kPerimeterKinds order

    bool perimeter(PerimeterKind kind) const;
    bool any() const;
    /// « structures, initiatives, PAT », for notes; empty when nothing is illustrative.
    std::string list() const;
};

struct RoadNetwork; // access_inputs.hpp

struct StudyInputs {
    std::vector<Structure> structures;
    std::vector<Initiative> initiatives;
    std::vector<Perimeter> perimeters;
    std::vector<StructureZone> zones; ///< agreed intervention zones, in structure order
    Rejects rejects;         ///< rejected or corrected rows of every layer
    Diagnostics diagnostics; ///< reading problems (warnings, information)
    int initiatives_in_territory = 0;
    bool has_zones = false; ///< agreed intervention zones were given (default rule zones+distance)
    geocoding::PlacementStats structures_placement;  ///< how every structure row was placed
    geocoding::PlacementStats initiatives_placement; ///< same for initiatives
    IllustrativeInputs illustrative;

    /// The zone of a structure, or nullptr.
    const StructureZone* zone_of(std::size_t structure) const;
    // Accessibility (issue 12): shared, immutable, reused by re-analyses on the same sources.
    std::shared_ptr<const access::PopulationGrid> population; ///< [territory] population
    std::shared_ptr<const RoadNetwork> roads;                 ///< [accessibility] roads
    std::vector<access::Snap> structure_snaps; ///< parallel to structures, with roads
    /// [suggest] candidates read and placed; empty when the study gives none (then the
    /// suggestions use the commune representative points).
    std::vector<CandidateSite> candidates;
    bool has_candidate_layer = false;
    /// The study's [[scenario]] tables placed in the territory (structures found by name).
    std::vector<ResolvedScenario> scenarios;
};

/// Reads and places every layer of the study. A layer that cannot be read at all throws
/// (InputError naming the file) unless `layer_errors` is given: then the problem is recorded
/// there as an Error diagnostic and the other layers are still read (what `validate` wants).
/// The population grid and the road network of `previous` are reused when the study names
/// the same sources (a re-analysis after a layer changed).
StudyInputs read_inputs(const Study& study, const Territory& territory, const Cog& cog,
                        Feedback* feedback = nullptr, Diagnostics* layer_errors = nullptr,
                        const StudyInputs* previous = nullptr,
                        const Study* previous_study = nullptr);

} // namespace tecsmap
