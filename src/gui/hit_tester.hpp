#pragma once
// What is under a click on the map: a structure within a few pixels first (the nearest), else
// the commune containing the point. Built off the GUI thread with each run (k-d tree over the
// structures, STRtree + prepared polygons over the communes), then queried on the GUI thread
// only (prepared geometries are not shared between threads).

#include "analysis/inputs.hpp"
#include "commune_locator.hpp"
#include "kdtree.hpp"

#include <QPointF>

#include <memory>
#include <optional>
#include <vector>

namespace tecsmap::gui {

class HitTester {
public:
    HitTester(std::shared_ptr<const Territory> territory, std::shared_ptr<const StudyInputs> inputs,
              std::shared_ptr<const CommuneLocator> locator);

    struct Hit {
        enum class Kind { None, Structure, Commune };
        Kind kind = Kind::None;
        std::size_t index = 0; ///< into inputs.structures or territory.communes
    };
    /// `tolerance_m`: how far from a structure's point a click still picks it (metres). With
    /// `year` (the year selector's), only the structures drawn that year can be picked (their
    /// agreement runs that year, or they are undated).
    Hit at(QPointF map_point, double tolerance_m, std::optional<int> year = std::nullopt) const;

    std::shared_ptr<const CommuneLocator> locator() const { return locator_; }

private:
    std::shared_ptr<const Territory> territory_;
    std::shared_ptr<const StudyInputs> inputs_;
    std::shared_ptr<const CommuneLocator> locator_;
    std::vector<std::size_t> placed_; ///< structures with a position, in tree order
    KdTree structures_;
};

} // namespace tecsmap::gui
