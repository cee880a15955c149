#pragma once
// The map view's what-if mode (« Et si… », issue 13 item 2): hypothetical structures placed,
// dragged and removed on the map, existing structures taken out of coverage, and the uncovered
// population per commune, per CTG and in total kept up to date. The one what-if engine of the
// map view: the « Et si… » toolbar and menu (WhatIfActions) and the « Et si… (scénarios) »
// panel (WhatIfPanel) are two views of it.
//
// Two ways to keep the figures, chosen from the run so that they are always the analysis's:
//   - distance rule without population grid (the default): one IncrementalCoverage per loaded
//     run (src/core/analysis/incremental_coverage.hpp: only the communes a changed disc can
//     reach are recomputed, bit-identical to a full coverage). Built on a worker through a
//     BackgroundTask that gets only shared immutable snapshots and hands the instance back;
//     from then on it lives on the GUI thread. Each change is applied on the GUI thread,
//     coalesced by a zero-timer: a drag only records the latest position of the site and one
//     update per event-loop turn applies it. We chose the GUI thread over a worker because an
//     update touches only the communes within the radius of the moved disc (≤ 50 ms for the
//     Drôme, bench_whatif, and local, so no larger nationally), the instance is not
//     thread-safe, and the coalescing keeps mouse events from queueing behind updates;
//   - agreed zones, travel time, or people where they live (population grid): the situation
//     is recomputed as the analysis computes its coverage (analysis/situation_coverage.hpp)
//     on a worker, each change superseding (cancelling) the computation under way, so the
//     event loop never waits; computing() is true meanwhile and the status line says so.
//     Removing a structure removes its zone; a new site covers by the radius under the zone
//     rules and by minutes under the time rule.

#include "analysis/incremental_coverage.hpp"
#include "analysis/scenarios.hpp"
#include "background_task.hpp"
#include "canvas_tool.hpp"
#include "commune_locator.hpp"
#include "map_data.hpp"
#include "scenario.hpp"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace tecsmap::gui {

class MapCanvas;

class WhatIfMode : public QObject, public CanvasTool {
    Q_OBJECT
public:
    explicit WhatIfMode(MapCanvas* canvas, QObject* parent = nullptr);
    ~WhatIfMode() override;

    /// A new run: hypothetical sites and removals are cleared; the coverage is rebuilt (on a
    /// worker) when the mode is on, or when it is next turned on.
    /// `locator` (optional) names new sites after their commune.
    void set_data(std::shared_ptr<const render::MapData> data,
                  std::shared_ptr<const CommuneLocator> locator = {});
    /// Turns the mode on (the canvas's tool: clicks add sites) or off (figures of the run).
    void set_enabled(bool on);
    bool enabled() const { return enabled_; }
    /// True once the coverage of the current run is built (changes are applied from then on).
    bool ready() const { return incremental_ ? coverage_ != nullptr : data_ != nullptr; }
    /// False when the run's rule or population grid needs the recomputing engine (see above).
    bool incremental() const { return incremental_; }
    /// A recomputation is under way (recomputing engine): the figures are the previous ones.
    bool computing() const { return computing_; }

    using SiteId = IncrementalCoverage::SiteId;
    /// Adds a hypothetical site at `xy` (metric); returns its id. Requires ready().
    SiteId add_site(QPointF xy, const QString& name = {});
    /// Records the site's new position; applied (latest position only) at the next event-loop
    /// turn, or by flush().
    void move_site(SiteId id, QPointF xy);
    void remove_site(SiteId id);
    /// Takes an existing structure (index into the run's structures) out of coverage or puts
    /// it back. Structures that do not cover are ignored (false).
    bool toggle_structure(std::size_t structure);
    /// Under a zone rule (recomputing engine): adds a commune to the agreed zone of a covering
    /// structure (an extended agreement), or takes it back out when it was added. False (and
    /// nothing changes) when the rule does not use zones or the structure does not cover.
    bool toggle_zone_commune(std::size_t structure, std::size_t commune);
    /// Shift+click: the commune at `map` goes to the zone of the nearest covering structure
    /// with a zone (the nearest covering structure when none has one); false outside the
    /// territory or under a rule without zones (notice() says why).
    bool extend_zone_at(QPointF map);
    /// The communes added to zones, per structure (structure ascending, communes ascending).
    const std::vector<ResolvedExtension>& zone_additions() const { return zone_additions_; }
    /// The run's rule uses agreed zones (« zones », « zones+distance »).
    bool zones_editable() const;
    /// Removes every hypothetical site, puts every structure back, drops the zone additions.
    void reset();
    /// Applies pending moves now.
    void flush();
    /// Adds the run's site suggestions ([suggest] new) as hypothetical sites; how many were
    /// added (0 when the run has none).
    std::size_t load_suggestions();

    struct Site {
        SiteId id;
        QPointF xy;
        QString name;
    };
    const std::vector<Site>& sites() const { return sites_; }
    /// Structures taken out (indices into the run's structures), ascending.
    std::vector<std::size_t> removed_structures() const;
    std::optional<SiteId> selected() const { return selected_; }

    /// Figures with the changes (parallel to territory.communes / territory.ctgs), and those of
    /// the run's structures alone (the reference of the differences).
    const std::vector<double>& commune_uncovered() const;
    std::vector<double> ctg_uncovered() const;
    double total_uncovered() const;
    const std::vector<double>& baseline_commune_uncovered() const { return baseline_communes_; }
    double baseline_total() const { return baseline_total_; }
    /// Changes applied so far (a coalesced drag counts once per applied position).
    int updates_applied() const { return updates_; }

    /// The changes as a [[scenario]] of the study file: sites by coordinates in the territory's
    /// CRS, removed structures by name, communes added to zones as `extend`.
    Scenario to_scenario(const QString& name) const;
    /// Appends that scenario to the study file at `path` (append_scenario: the rest of the
    /// file, comments included, is kept). Throws StudyError when the name is taken, OutputError
    /// when the file cannot be written.
    void save_scenario(const QString& path, const QString& name) const;

    /// French summary for the status line, e.g. « Et si… : 12 345 habitants non couverts
    /// (−1 234) ».
    QString summary() const;

    // CanvasTool
    bool press(QPointF map, Qt::MouseButton button) override;
    void move(QPointF map) override;
    void release(QPointF map) override;
    bool click(QPointF map, Qt::KeyboardModifiers modifiers) override;
    bool key(QKeyEvent* event) override;
    void paint(QPainter& painter, const QTransform& to_widget) override;

signals:
    void ready_changed(); ///< the coverage of the run was built (or dropped)
    void changed();       ///< figures updated
    void failed(const QString& message);
    void notice(const QString& message); ///< what a gesture did, or why it did nothing

private:
    struct Built {
        std::shared_ptr<const render::MapData> data; ///< keeps the territory alive: first
        std::shared_ptr<IncrementalCoverage> coverage;
        std::vector<std::size_t> structure_slot; ///< run structure -> coverage index (npos: none)
    };
    void build();
    /// Recomputing engine: starts the situation's coverage on a worker (supersedes any).
    void recompute();
    /// After any change: the incremental engine has applied it; the other recomputes.
    void changed_by_user();
    void schedule();
    void apply_pending();
    std::optional<SiteId> site_near(QPointF map) const;
    std::optional<std::size_t> structure_near(QPointF map) const;
    /// Whether the year selector hides the run's structure `i` (and its zone): not drawn, so
    /// neither picked nor extended.
    bool hidden_by_year(std::size_t i) const;
    double pick_tolerance_m() const;

    QPointer<MapCanvas> canvas_;
    std::shared_ptr<const render::MapData> data_;
    std::shared_ptr<const CommuneLocator> locator_;
    std::shared_ptr<IncrementalCoverage> coverage_;
    std::vector<std::size_t> structure_slot_;
    std::vector<bool> structure_removed_;
    std::vector<ResolvedExtension> zone_additions_;
    std::vector<Site> sites_;
    std::map<SiteId, QPointF> pending_moves_;
    std::optional<SiteId> selected_;
    std::optional<SiteId> dragging_;
    std::vector<double> baseline_communes_;
    double baseline_total_ = 0;
    bool incremental_ = true;
    SiteId next_id_ = 0;                   ///< recomputing engine: ids of new sites
    std::vector<double> exact_communes_;   ///< recomputing engine: the latest figures
    bool computing_ = false;
    /// Bumped by every recompute, reset and new run: a result of an older generation (a task
    /// that finished before it could be cancelled) is dropped.
    std::uint64_t generation_ = 0;
    bool enabled_ = false;
    int updates_ = 0;
    QTimer coalesce_;
    BackgroundTask<Built> task_;
    BackgroundTask<std::vector<double>> recompute_task_;
};

} // namespace tecsmap::gui
