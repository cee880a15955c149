#pragma once
// An immutable snapshot of what a map shows, prepared for drawing: every polygon as a
// QPainterPath in metric coordinates (with simplified levels of detail for small scales),
// points, labels' anchor points and the figures legends and atlas pages need. Built once per
// analysis, then shared (read-only) by print renders, the atlas and the map view's worker
// threads.

#include "analysis/analysis.hpp"

#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace tecsmap::render {

/// Paths of one polygon at increasing simplification.
struct LodPath {
    static constexpr std::array<double, 4> kTolerances{0.0, 100.0, 400.0, 1600.0}; ///< metres
    std::array<QPainterPath, 4> levels;
    QRectF bounds;
    /// The coarsest level whose tolerance stays under `max_error_m` (under a pixel).
    const QPainterPath& for_error(double max_error_m) const;
    /// Index of that level.
    std::size_t level_for(double max_error_m) const;
};

struct CommuneShape {
    LodPath shape;
    QPointF label_point;
    QString name;
    long long population = 0;
    std::size_t ctg = 0;
    int hotspot = 0;
};

struct CtgShape {
    LodPath shape;
    QPointF label_point;
    QString code;
    QString name;
    long long population = 0;
};

struct PolygonShape {
    LodPath shape;
    QString kind; ///< perimeters: PAT/PCAET/CTE
    QString name;
    std::size_t ctg = 0; ///< clusters: index of the CTG
};

struct PointItem {
    QPointF xy;
    QString type;  ///< structures: CS, EVS, ...
    QString label; ///< name or title
    bool ambassador = false;
    std::size_t ctg = static_cast<std::size_t>(-1); ///< npos when outside the territory
    std::optional<int> year;
};

struct NeighbourShape {
    LodPath shape;
    QString name;
    QPointF label_point;
};

class MapData {
public:
    /// Prepares the snapshot; `neighbours_geojson` (departements.geojson, may be empty) gives
    /// the faded surroundings.
    MapData(const Study& study, std::shared_ptr<const Territory> territory,
            std::shared_ptr<const AnalysisResult> result, const std::string& neighbours_geojson);

    const Study& study() const { return study_; }
    const Territory& territory() const { return *territory_; }
    const AnalysisResult& result() const { return *result_; }
    std::shared_ptr<const Territory> territory_ptr() const { return territory_; }

    const std::vector<CommuneShape>& communes() const { return communes_; }
    /// All communes as one path per level of detail (cheap to fill and stroke at small scales),
    /// and the same per hot spot class (-1, 0, 1).
    const QPainterPath& all_communes(std::size_t level) const { return all_communes_[level]; }
    const QPainterPath& communes_of_class(int hotspot, std::size_t level) const {
        return by_class_[static_cast<std::size_t>(hotspot + 1)][level];
    }
    const std::vector<LodPath>& epcis() const { return epcis_; }
    /// All EPCI / CTG outlines as one path per level of detail.
    const QPainterPath& all_epcis(std::size_t level) const { return all_epcis_[level]; }
    const QPainterPath& all_ctgs(std::size_t level) const { return all_ctgs_[level]; }
    const std::vector<CtgShape>& ctgs() const { return ctgs_; }
    const LodPath& outline() const { return outline_; }
    const std::vector<PolygonShape>& gaps() const { return gaps_; }
    const std::vector<PolygonShape>& clusters() const { return clusters_; }
    const std::vector<PolygonShape>& perimeters() const { return perimeters_; }
    const std::vector<PointItem>& structures() const { return structures_; }
    const std::vector<PointItem>& initiatives() const { return initiatives_; }
    const std::vector<NeighbourShape>& neighbours() const { return neighbours_; }
    QRectF extent() const { return outline_.bounds; }
    /// Extent of one CTG, or the whole territory when the code is unknown.
    QRectF ctg_extent(const QString& code) const;
    std::size_t ctg_index(const QString& code) const;

private:
    Study study_;
    std::shared_ptr<const Territory> territory_;
    std::shared_ptr<const AnalysisResult> result_;
    std::vector<CommuneShape> communes_;
    std::array<QPainterPath, 4> all_communes_;
    std::array<std::array<QPainterPath, 4>, 3> by_class_;
    std::array<QPainterPath, 4> all_epcis_, all_ctgs_;
    std::vector<LodPath> epcis_;
    std::vector<CtgShape> ctgs_;
    LodPath outline_;
    std::vector<PolygonShape> gaps_, clusters_, perimeters_;
    std::vector<PointItem> structures_, initiatives_;
    std::vector<NeighbourShape> neighbours_;
};

/// Builds MapData for a finished run, obtaining the département outlines (a missing outline
/// file only loses the faded neighbours, with a diagnostic).
std::shared_ptr<const MapData> make_map_data(const Study& study,
                                             std::shared_ptr<const Territory> territory,
                                             std::shared_ptr<const AnalysisResult> result,
                                             Diagnostics* diagnostics = nullptr);

} // namespace tecsmap::render
