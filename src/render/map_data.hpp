#pragma once
// An immutable snapshot of what a map shows, prepared for drawing: every polygon as a
// QPainterPath in metric coordinates (with simplified levels of detail for small scales),
// points, labels' anchor points and the figures legends and atlas pages need. Built once per
// analysis, then shared (read-only) by print renders, the atlas and the map view's worker
// threads.

#include "analysis/study_run.hpp"
#include "neighbour_outlines.hpp"

#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <algorithm>

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
    /// Zones: the years their structure's agreement starts and ends (none: open), so that a
    /// zone leaves the map with its structure under the year selector.
    std::optional<int> first_year = {}, last_year = {};
};

struct PointItem {
    QPointF xy;
    QString type;  ///< structures: CS, EVS, autre
    QString label; ///< name or title
    bool ambassador = false;
    std::size_t ctg = static_cast<std::size_t>(-1); ///< npos when outside the territory
    /// Initiatives: their year. Structures: the year their agreement starts (none: open).
    std::optional<int> year;
    /// Structures: the year their agreement ends (none: open).
    std::optional<int> last_year;

    /// Initiatives: drawn under the year selector's `y` when they are of that year.
    bool dated(int y) const { return year == y; }
    /// Structures: drawn under the year selector's `y` when their agreement runs that year.
    bool agreed_in(int y) const { return agreement_runs(year, last_year, y); }
};

/// Travel by road from a commune's representative point or a population cell to its nearest
/// covering structure (issue 12): what the acces theme colours and the map view shows on click.
struct AccessItem {
    std::optional<double> minutes; ///< none: no structure reachable
    QString structure;             ///< name of the nearest structure
    double route_km = 0;           ///< length of the road part
    double snap_m = 0;             ///< straight line from the point to the road
    double e2sfca_10k = 0;         ///< E2SFCA index per 10 000 inhabitants
    double pop_beyond = 0;         ///< people beyond coverage_minutes (communes)
    /// A commune without grid cells (or a study without grid): its people are counted at its
    /// representative point, so in the cells' view the whole commune takes its minutes.
    bool uniform = true;
};

/// A populated cell's part in one commune (population grid), with its travel figures.
struct CellShape {
    QPainterPath path; ///< metric coordinates
    QRectF bounds;
    QString id; ///< Idcar_200m
    std::size_t commune = 0;
    double population = 0; ///< reconciled to the COG
    bool covered = false;  ///< by the study's coverage rule
    AccessItem access;     ///< empty minutes without a road network
};

/// An isochrone of a structure (theme acces, when the study asks for them).
struct IsochroneShape {
    LodPath shape;
    QString structure;
    double minutes = 0;
    std::size_t rank = 0; ///< rank of its minutes among the study's isochrone minutes
};

struct NeighbourShape {
    LodPath shape;
    QString name;
    QPointF label_point;
};

/// The shapes of a territory, which do not change when the analysis is re-run: communes,
/// EPCIs, CTGs, the outline and the neighbouring départements, with their levels of detail.
/// Built once per territory (the costly part nationally) and shared by every MapData of it.
class TerritoryShapes {
public:
    TerritoryShapes(std::shared_ptr<const Territory> territory,
                    const std::vector<DepartementOutline>& neighbours);

    const Territory& territory() const { return *territory_; }
    const std::vector<CommuneShape>& communes() const { return communes_; }
    /// All communes as one path per level of detail (cheap to fill and stroke at small scales).
    const QPainterPath& all_communes(std::size_t level) const { return all_communes_[level]; }
    const std::vector<LodPath>& epcis() const { return epcis_; }
    const QPainterPath& all_epcis(std::size_t level) const { return all_epcis_[level]; }
    const QPainterPath& all_ctgs(std::size_t level) const { return all_ctgs_[level]; }
    const std::vector<CtgShape>& ctgs() const { return ctgs_; }
    const LodPath& outline() const { return outline_; }
    const std::vector<NeighbourShape>& neighbours() const { return neighbours_; }

private:
    std::shared_ptr<const Territory> territory_;
    std::vector<CommuneShape> communes_;
    std::array<QPainterPath, 4> all_communes_;
    std::array<QPainterPath, 4> all_epcis_, all_ctgs_;
    std::vector<LodPath> epcis_;
    std::vector<CtgShape> ctgs_;
    LodPath outline_;
    std::vector<NeighbourShape> neighbours_;
};

/// Everything a map draws besides its settings (style, extent): the run, the surroundings,
/// and the texts that would otherwise come from files or the clock. The renderer reads no
/// file, no network and no clock: what it draws is exactly this.
struct MapSource {
    StudyRun run;
    std::shared_ptr<const std::vector<DepartementOutline>> neighbours; ///< may be null
    std::string cog_version; ///< for the sources line, e.g. "6.0.0"
    std::string date_text;   ///< the date printed on maps, e.g. « 30 novembre 2026 »
};

class MapData {
public:
    /// Prepares the snapshot; `shapes` of the same territory may be reused (a re-analysis),
    /// else they are built. `previous`, the snapshot before a re-analysis, lends what did not
    /// change: the hot-spot class paths when the classes are the same, and the layers drawn
    /// from the inputs (perimeters, zones, structures, initiatives) when the inputs are.
    explicit MapData(MapSource source, std::shared_ptr<const TerritoryShapes> shapes = nullptr,
                     const MapData* previous = nullptr);

    const MapSource& source() const { return source_; }
    const StudyRun& run() const { return source_.run; }
    const Study& study() const { return source_.run.study; }
    const AnalysisParameters& parameters() const { return source_.run.parameters; }
    const Territory& territory() const { return *source_.run.territory; }
    const StudyInputs& inputs() const { return *source_.run.inputs; }
    const AnalysisResult& result() const { return *source_.run.result; }
    std::shared_ptr<const TerritoryShapes> shapes_ptr() const { return shapes_; }
    const TerritoryShapes& shapes() const { return *shapes_; }

    const std::vector<CommuneShape>& communes() const { return shapes_->communes(); }
    /// Hot spot class of each commune, -3..3 (parallel to communes()).
    const std::vector<int>& hotspots() const { return hotspots_; }
    const QPainterPath& all_communes(std::size_t level) const {
        return shapes_->all_communes(level);
    }
    /// Communes of one hot spot class (-3..3) as one path per level of detail.
    const QPainterPath& communes_of_class(int hotspot, std::size_t level) const {
        return by_class_[static_cast<std::size_t>(std::clamp(hotspot, -3, 3) + 3)][level];
    }
    /// Site suggestions of the run (rank order) and the best site of each CTG, as points.
    const std::vector<PointItem>& suggested_sites() const { return suggested_; }
    const std::vector<PointItem>& best_sites() const { return best_sites_; }
    const std::vector<LodPath>& epcis() const { return shapes_->epcis(); }
    const QPainterPath& all_epcis(std::size_t level) const { return shapes_->all_epcis(level); }
    const QPainterPath& all_ctgs(std::size_t level) const { return shapes_->all_ctgs(level); }
    const std::vector<CtgShape>& ctgs() const { return shapes_->ctgs(); }
    const LodPath& outline() const { return shapes_->outline(); }
    const std::vector<PolygonShape>& gaps() const { return gaps_; }
    const std::vector<PolygonShape>& clusters() const { return clusters_; }
    const std::vector<PolygonShape>& perimeters() const { return perimeters_; }
    /// Agreed intervention zones (structure_zones): kind = the structure's type, name its name.
    const std::vector<PolygonShape>& zones() const { return zones_; }
    const std::vector<PointItem>& structures() const { return structures_; }
    const std::vector<PointItem>& initiatives() const { return initiatives_; }
    const std::vector<NeighbourShape>& neighbours() const { return shapes_->neighbours(); }
    /// Travel times were computed ([accessibility] roads): the acces theme has something to show.
    bool has_access() const { return result().access != nullptr; }
    /// Per commune (parallel to communes()); empty without a road network.
    const std::vector<AccessItem>& commune_access() const { return commune_access_; }
    /// Upper bounds of the E2SFCA classes (per 10 000 inhabitants, ascending; the last class is
    /// open): quintiles of the positive values of the people points (cells, and communes
    /// without cells). Empty without roads or when nobody reaches a structure.
    const std::vector<double>& e2sfca_breaks() const { return e2sfca_breaks_; }
    /// Class of an E2SFCA value: 0..breaks.size() for positive values (the last one open),
    /// breaks.size() + 1 for 0 (no structure within the catchment).
    std::size_t e2sfca_class(double e2sfca_10k) const;
    /// Population-grid parts; empty without [territory] population.
    const std::vector<CellShape>& cells() const { return cells_; }
    const std::vector<IsochroneShape>& isochrones() const { return isochrones_; }
    /// « table de vitesses par défaut » or what the study changed (legends, the map view).
    const QString& speeds_label() const { return speeds_label_; }
    QRectF extent() const { return shapes_->outline().bounds; }
    /// Extent of one CTG, or the whole territory when the code is unknown.
    QRectF ctg_extent(const QString& code) const;
    std::size_t ctg_index(const QString& code) const;

private:
    void prepare_access();
    void prepare_e2sfca_breaks();

    MapSource source_;
    std::shared_ptr<const TerritoryShapes> shapes_;
    void prepare_classes();      // by_class_ from hotspots_
    void prepare_input_layers(); // perimeters, zones, structures, initiatives
    std::vector<int> hotspots_;
    std::array<std::array<QPainterPath, 4>, 7> by_class_;
    std::vector<PointItem> suggested_, best_sites_;
    std::vector<PolygonShape> gaps_, clusters_, perimeters_, zones_;
    std::vector<PointItem> structures_, initiatives_;
    std::vector<AccessItem> commune_access_;
    std::vector<double> e2sfca_breaks_;
    std::vector<CellShape> cells_;
    std::vector<IsochroneShape> isochrones_;
    QString speeds_label_;
};

} // namespace tecsmap::render
