#include "what_if_mode.hpp"

#include "coverage_wording.hpp"
#include "format.hpp"
#include "map_canvas.hpp"
#include "map_painter.hpp"
#include "points.hpp"
#include "analysis/situation_coverage.hpp"
#include "study.hpp"

#include <QKeyEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace tecsmap::gui {

namespace {
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr double kPickPx = 8; ///< how far from a marker a click still picks it

QString people(double n) {
    return QString::fromStdString(fr::people(n));
}
} // namespace

WhatIfMode::WhatIfMode(MapCanvas* canvas, QObject* parent)
    : QObject(parent)
    , canvas_(canvas)
    , task_(this)
    , recompute_task_(this) {
    coalesce_.setSingleShot(true);
    coalesce_.setInterval(0); // the next event-loop turn: the latest position only
    connect(&coalesce_, &QTimer::timeout, this, &WhatIfMode::apply_pending);
}

WhatIfMode::~WhatIfMode() {
    if (canvas_ && canvas_->tool() == this)
        canvas_->set_tool(nullptr);
}

void WhatIfMode::set_data(std::shared_ptr<const render::MapData> data,
                          std::shared_ptr<const CommuneLocator> locator) {
    data_ = std::move(data);
    locator_ = std::move(locator);
    coverage_.reset();
    structure_slot_.clear();
    sites_.clear();
    pending_moves_.clear();
    selected_.reset();
    dragging_.reset();
    baseline_communes_.clear();
    baseline_total_ = 0;
    exact_communes_.clear();
    zone_additions_.clear();
    computing_ = false;
    ++generation_;
    recompute_task_.cancel();
    structure_removed_.assign(data_ ? data_->inputs().structures.size() : 0, false);
    incremental_ = !data_ || (data_->result().coverage_rule == CoverageRule::Distance &&
                              !data_->inputs().population);
    if (data_ && !incremental_) {
        // The recomputing engine starts from the analysis's own figures: nothing to build.
        const auto& covers = data_->result().structure_covers;
        structure_slot_.assign(data_->inputs().structures.size(), kNone);
        for (std::size_t i = 0; i < structure_slot_.size(); ++i)
            if (i < covers.size() && covers[i] && data_->inputs().structures[i].place.xy)
                structure_slot_[i] = i;
        for (const CommuneFigures& f : data_->result().communes)
            baseline_communes_.push_back(f.pop_uncovered);
        for (const CtgIndicators& c : data_->result().ctgs)
            baseline_total_ += c.pop_uncovered;
        exact_communes_ = baseline_communes_;
    }
    emit ready_changed();
    if (enabled_ && incremental_)
        build();
}

void WhatIfMode::set_enabled(bool on) {
    enabled_ = on;
    if (canvas_)
        canvas_->set_tool(on ? this : nullptr);
    if (on && incremental_ && !coverage_)
        build();
    emit changed();
}

void WhatIfMode::build() {
    if (!data_ || !incremental_ || task_.busy())
        return;
    // The worker gets the run's immutable snapshot and returns a new instance: it touches no
    // QObject, and the instance is used by the GUI thread only once handed back.
    std::shared_ptr<const render::MapData> data = data_;
    task_.start(
        [data](Feedback& feedback) {
            Built b;
            b.data = data;
            const auto& structures = data->inputs().structures;
            const auto& covers = data->result().structure_covers;
            std::vector<XY> xy;
            b.structure_slot.assign(structures.size(), kNone);
            for (std::size_t i = 0; i < structures.size(); ++i)
                if (structures[i].place.xy && i < covers.size() && covers[i]) {
                    b.structure_slot[i] = xy.size();
                    xy.push_back(*structures[i].place.xy);
                }
            b.coverage = std::make_shared<IncrementalCoverage>(
                data->territory(), std::move(xy), data->parameters().coverage_radius_m(),
                &feedback);
            return b;
        },
        [this, data](TaskOutcome<Built> outcome) {
            if (data != data_) { // a newer run arrived meanwhile
                if (incremental_ && enabled_)
                    build();
                return;
            }
            if (!outcome.value) {
                if (!outcome.cancelled)
                    emit failed(outcome.error);
                return;
            }
            coverage_ = std::move(outcome.value->coverage);
            structure_slot_ = std::move(outcome.value->structure_slot);
            baseline_communes_ = coverage_->pop_uncovered();
            baseline_total_ = coverage_->total_pop_uncovered();
            emit ready_changed();
            emit changed();
        });
}

WhatIfMode::SiteId WhatIfMode::add_site(QPointF xy, const QString& name) {
    if (!ready())
        throw std::logic_error("WhatIfMode::add_site before the coverage is ready");
    flush();
    const SiteId id = incremental_ ? coverage_->add_site({xy.x(), xy.y()}) : next_id_++;
    // Named after its commune when none is given: « Site 2 : Clansayes ».
    QString label = name;
    if (label.isEmpty()) {
        label = QStringLiteral("Site %1").arg(sites_.size() + 1);
        const std::size_t c =
            locator_ ? locator_->locate({xy.x(), xy.y()}) : Territory::npos;
        if (c != Territory::npos)
            label += QStringLiteral(" : ") +
                     QString::fromStdString(data_->territory().communes[c].nom);
    }
    sites_.push_back({id, xy, label});
    selected_ = id;
    changed_by_user();
    return id;
}

void WhatIfMode::move_site(SiteId id, QPointF xy) {
    for (Site& s : sites_)
        if (s.id == id) {
            s.xy = xy; // drawn at once; the figures follow at the next turn
            pending_moves_[id] = xy;
            schedule();
            if (canvas_)
                canvas_->update();
            return;
        }
}

void WhatIfMode::remove_site(SiteId id) {
    flush();
    const auto it =
        std::find_if(sites_.begin(), sites_.end(), [id](const Site& s) { return s.id == id; });
    if (it == sites_.end())
        return;
    if (incremental_)
        coverage_->remove_site(id);
    sites_.erase(it);
    if (selected_ == id)
        selected_.reset();
    changed_by_user();
}

bool WhatIfMode::toggle_structure(std::size_t structure) {
    if (!ready() || structure >= structure_slot_.size() || structure_slot_[structure] == kNone)
        return false;
    flush();
    const bool removed = !structure_removed_[structure];
    structure_removed_[structure] = removed;
    if (incremental_)
        coverage_->set_structure_active(structure_slot_[structure], !removed);
    changed_by_user();
    return true;
}

void WhatIfMode::reset() {
    flush();
    if (!ready())
        return;
    for (const Site& s : sites_)
        if (incremental_)
            coverage_->remove_site(s.id);
    sites_.clear();
    selected_.reset();
    for (std::size_t i = 0; i < structure_removed_.size(); ++i)
        if (structure_removed_[i]) {
            structure_removed_[i] = false;
            if (incremental_)
                coverage_->set_structure_active(structure_slot_[i], true);
        }
    zone_additions_.clear();
    changed_by_user();
}

bool WhatIfMode::zones_editable() const {
    if (!data_)
        return false;
    const CoverageRule rule = data_->result().coverage_rule;
    return rule == CoverageRule::Zones || rule == CoverageRule::ZonesAndDistance;
}

bool WhatIfMode::toggle_zone_commune(std::size_t structure, std::size_t commune) {
    if (!ready() || incremental_ || !zones_editable() || structure >= structure_slot_.size() ||
        structure_slot_[structure] == kNone || commune >= data_->territory().communes.size())
        return false;
    flush();
    auto entry = std::find_if(zone_additions_.begin(), zone_additions_.end(),
                              [&](const ResolvedExtension& e) { return e.structure == structure; });
    if (entry == zone_additions_.end()) {
        // Kept sorted by structure: the scenario lists them in that order.
        entry = zone_additions_.insert(
            std::lower_bound(zone_additions_.begin(), zone_additions_.end(), structure,
                             [](const ResolvedExtension& e, std::size_t s) {
                                 return e.structure < s;
                             }),
            ResolvedExtension{structure, {}});
    }
    auto& communes = entry->communes;
    const auto at = std::lower_bound(communes.begin(), communes.end(), commune);
    if (at != communes.end() && *at == commune)
        communes.erase(at);
    else
        communes.insert(at, commune);
    if (communes.empty())
        zone_additions_.erase(entry);
    changed_by_user();
    return true;
}

bool WhatIfMode::extend_zone_at(QPointF map) {
    if (!ready())
        return false;
    if (!zones_editable()) {
        emit notice(QStringLiteral("Et si… : la règle de couverture de l'étude n'utilise pas les "
                                   "zones de compétence (Maj+clic étend une zone avec les règles "
                                   "« zones » et « zones+distance »)."));
        return false;
    }
    const std::size_t c = locator_ ? locator_->locate({map.x(), map.y()}) : Territory::npos;
    if (c == Territory::npos) {
        emit notice(QStringLiteral("Et si… : hors du territoire étudié."));
        return false;
    }
    // The nearest covering structure that has a zone (any covering one when none has).
    // Structures the year selector hides (their zones with them) are not candidates.
    const XY at = data_->territory().communes[c].representative;
    const auto& structures = data_->inputs().structures;
    std::size_t best = kNone;
    bool best_zoned = false;
    double best_d = 0;
    for (std::size_t i = 0; i < structures.size() && i < structure_slot_.size(); ++i) {
        if (structure_slot_[i] == kNone || structure_removed_[i] || hidden_by_year(i))
            continue;
        const bool zoned = data_->inputs().zone_of(i) != nullptr;
        const double d = std::hypot(structures[i].place.xy->x - at.x,
                                    structures[i].place.xy->y - at.y);
        if (best == kNone || (zoned && !best_zoned) || (zoned == best_zoned && d < best_d)) {
            best = i;
            best_zoned = zoned;
            best_d = d;
        }
    }
    if (best == kNone) {
        emit notice(QStringLiteral("Et si… : aucune structure qui couvre pour étendre sa zone."));
        return false;
    }
    toggle_zone_commune(best, c);
    const bool added = std::any_of(zone_additions_.begin(), zone_additions_.end(), [&](const auto& e) {
        return e.structure == best &&
               std::binary_search(e.communes.begin(), e.communes.end(), c);
    });
    emit notice(QStringLiteral("Et si… : %1 %2 la zone de « %3 »")
                    .arg(QString::fromStdString(data_->territory().communes[c].nom),
                         added ? QStringLiteral("ajoutée à") : QStringLiteral("retirée de"),
                         QString::fromStdString(structures[best].name)));
    return true;
}

void WhatIfMode::changed_by_user() {
    if (!incremental_)
        recompute();
    ++updates_;
    if (canvas_)
        canvas_->update();
    emit changed();
}

void WhatIfMode::recompute() {
    if (!data_)
        return;
    // The situation as values: the worker touches no QObject and no member.
    std::vector<bool> covers = data_->result().structure_covers;
    covers.resize(data_->inputs().structures.size(), false);
    for (std::size_t i = 0; i < structure_removed_.size(); ++i)
        if (structure_removed_[i])
            covers[i] = false;
    std::vector<XY> added;
    for (const Site& s : sites_)
        added.push_back({s.xy.x(), s.xy.y()});
    const std::uint64_t generation = ++generation_;
    if (added.empty() && zone_additions_.empty() && covers == data_->result().structure_covers) {
        // Back to the run's situation: its own figures, no search (a late result of the
        // cancelled task is of an older generation: dropped).
        recompute_task_.cancel();
        computing_ = false;
        exact_communes_ = baseline_communes_;
        return;
    }
    computing_ = true;
    std::shared_ptr<const render::MapData> data = data_;
    recompute_task_.start(
        [data, situation = Situation{std::move(covers), std::move(added), zone_additions_}](
            Feedback& feedback) {
            Diagnostics ignored; // the grid's rounding notes are the analysis's
            return situation_coverage(data->territory(), data->inputs(), data->parameters(),
                                      data->result().coverage_rule, situation, nullptr, false,
                                      ignored, &feedback)
                .coverage.pop_uncovered;
        },
        [this, data, generation](TaskOutcome<std::vector<double>> outcome) {
            if (data != data_ || generation != generation_)
                return; // a newer run, or a newer situation, arrived meanwhile
            computing_ = false;
            if (!outcome.value) {
                if (!outcome.cancelled)
                    emit failed(outcome.error);
                return;
            }
            exact_communes_ = std::move(*outcome.value);
            if (canvas_)
                canvas_->update();
            emit changed();
        });
}

void WhatIfMode::schedule() {
    if (!coalesce_.isActive())
        coalesce_.start();
}

void WhatIfMode::flush() {
    coalesce_.stop();
    apply_pending();
}

void WhatIfMode::apply_pending() {
    if (pending_moves_.empty() || !ready())
        return;
    if (incremental_)
        for (const auto& [id, xy] : pending_moves_)
            coverage_->move_site(id, {xy.x(), xy.y()});
    pending_moves_.clear();
    changed_by_user();
}

std::size_t WhatIfMode::load_suggestions() {
    if (!ready() || !data_->result().suggestions)
        return 0;
    const SuggestionResult& sr = *data_->result().suggestions;
    std::size_t n = 0;
    for (const SuggestedSite& site : sr.location.sites) {
        const CandidateSite& c = sr.candidates[site.candidate];
        add_site(QPointF(c.xy.x, c.xy.y), QStringLiteral("Suggestion %1 — %2")
                                              .arg(site.rank)
                                              .arg(QString::fromStdString(c.name)));
        ++n;
    }
    return n;
}

std::vector<std::size_t> WhatIfMode::removed_structures() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < structure_removed_.size(); ++i)
        if (structure_removed_[i])
            out.push_back(i);
    return out;
}

const std::vector<double>& WhatIfMode::commune_uncovered() const {
    if (!incremental_)
        return exact_communes_;
    return coverage_ ? coverage_->pop_uncovered() : baseline_communes_;
}

std::vector<double> WhatIfMode::ctg_uncovered() const {
    if (incremental_)
        return coverage_ ? coverage_->ctg_pop_uncovered() : std::vector<double>{};
    if (!data_)
        return {};
    return data_->territory().sum_per_ctg(exact_communes_);
}

double WhatIfMode::total_uncovered() const {
    if (incremental_)
        return coverage_ ? coverage_->total_pop_uncovered() : 0;
    double sum = 0;
    for (double v : ctg_uncovered())
        sum += v;
    return sum;
}

Scenario WhatIfMode::to_scenario(const QString& name) const {
    Scenario sc;
    sc.name = name.toStdString();
    sc.description = "Enregistré depuis la carte (mode « Et si… »)";
    for (const Site& s : sites_) {
        ScenarioSite site;
        site.x = s.xy.x();
        site.y = s.xy.y();
        site.crs = data_ ? data_->territory().crs : std::string();
        site.name = s.name.toStdString();
        sc.add.push_back(std::move(site));
    }
    for (std::size_t i : removed_structures())
        sc.remove.push_back(data_->inputs().structures[i].name);
    for (const ResolvedExtension& e : zone_additions_) {
        ZoneExtension z;
        z.structure = data_->inputs().structures[e.structure].name;
        for (std::size_t c : e.communes)
            z.communes.push_back(data_->territory().communes[c].insee);
        sc.extend.push_back(std::move(z));
    }
    return sc;
}

void WhatIfMode::save_scenario(const QString& path, const QString& name) const {
    append_scenario(path.toStdString(), to_scenario(name));
}

QString WhatIfMode::summary() const {
    if (!data_)
        return {};
    if (!ready())
        return QStringLiteral("Et si… : calcul de la couverture…");
    if (computing_)
        return QStringLiteral("Et si… : calcul en cours (%1)…")
            .arg(QString::fromStdString(
                rule_phrase(data_->result().coverage_rule, data_->parameters())));
    const double total = total_uncovered();
    const double d = total - baseline_total_;
    QString diff = d == 0
                       ? QStringLiteral("inchangé")
                       : (d < 0 ? QStringLiteral("−") : QStringLiteral("+")) + people(std::abs(d));
    std::size_t zone_communes = 0;
    for (const ResolvedExtension& e : zone_additions_)
        zone_communes += e.communes.size();
    QString text = QStringLiteral("Et si… : %1 habitants non couverts (%2) — %3 site(s) "
                                  "ajouté(s), %4 structure(s) retirée(s)")
                       .arg(people(total), diff)
                       .arg(sites_.size())
                       .arg(removed_structures().size());
    if (zone_communes > 0)
        text += QStringLiteral(", %1 commune(s) ajoutée(s) aux zones").arg(zone_communes);
    return text;
}

double WhatIfMode::pick_tolerance_m() const {
    return canvas_ ? kPickPx * canvas_->metres_per_pixel() : 0;
}

std::optional<WhatIfMode::SiteId> WhatIfMode::site_near(QPointF map) const {
    // The hypothetical sites are a handful: a scan is enough.
    std::optional<SiteId> best;
    double best_d = pick_tolerance_m();
    for (const Site& s : sites_) {
        const double d = std::hypot(s.xy.x() - map.x(), s.xy.y() - map.y());
        if (d <= best_d) {
            best_d = d;
            best = s.id;
        }
    }
    return best;
}

bool WhatIfMode::hidden_by_year(std::size_t i) const {
    if (!canvas_ || !data_ || i >= data_->inputs().structures.size())
        return false;
    const std::optional<int>& year = canvas_->settings().year_filter;
    return year.has_value() && !agreed_in_year(data_->inputs().structures[i], year.value());
}

std::optional<std::size_t> WhatIfMode::structure_near(QPointF map) const {
    // One scan per click (not per frame) over the run's structures.
    std::optional<std::size_t> best;
    double best_d = pick_tolerance_m();
    const auto& structures = data_->inputs().structures;
    // Structures the year selector hides are not drawn: not picked either.
    for (std::size_t i = 0; i < structures.size() && i < structure_slot_.size(); ++i) {
        if (structure_slot_[i] == kNone || hidden_by_year(i))
            continue;
        const XY xy = *structures[i].place.xy;
        const double d = std::hypot(xy.x - map.x(), xy.y - map.y());
        if (d <= best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

bool WhatIfMode::press(QPointF map, Qt::MouseButton button) {
    if (!enabled_ || !ready())
        return false;
    const auto site = site_near(map);
    if (button == Qt::RightButton) {
        if (site)
            remove_site(*site);
        return true;
    }
    if (button == Qt::LeftButton && site) {
        dragging_ = site;
        selected_ = site;
        return true;
    }
    return false; // the canvas pans, or reports a click
}

void WhatIfMode::move(QPointF map) {
    if (dragging_)
        move_site(*dragging_, map);
}

void WhatIfMode::release(QPointF map) {
    if (dragging_)
        move_site(*dragging_, map);
    dragging_.reset();
}

bool WhatIfMode::click(QPointF map, Qt::KeyboardModifiers modifiers) {
    if (!enabled_ || !ready())
        return false;
    if (modifiers & Qt::ShiftModifier) { // extend an agreed zone by this commune
        extend_zone_at(map);
        return true;
    }
    if (const auto s = structure_near(map))
        toggle_structure(*s);
    else
        add_site(map);
    return true;
}

bool WhatIfMode::key(QKeyEvent* event) {
    if (!enabled_ || !selected_ ||
        (event->key() != Qt::Key_Delete && event->key() != Qt::Key_Backspace))
        return false;
    remove_site(*selected_);
    return true;
}

void WhatIfMode::paint(QPainter& p, const QTransform& to_widget) {
    if (!enabled_ || !data_ || !ready())
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    // Communes whose uncovered population changed: green when better covered, orange when
    // less. Only those (a handful around the changed discs) are filled.
    const auto& now = commune_uncovered();
    const auto& communes = data_->communes();
    const double max_error = 1.0 / std::max(to_widget.m11(), 1e-9);
    p.setPen(Qt::NoPen);
    for (std::size_t i = 0; i < now.size() && i < communes.size(); ++i) {
        const double d = now[i] - baseline_communes_[i];
        if (d == 0)
            continue;
        p.setBrush(d < 0 ? QColor(65, 171, 93, 120) : QColor(230, 120, 30, 120));
        p.drawPath(to_widget.map(communes[i].shape.for_error(max_error)));
    }
    // Communes added to agreed zones: outlined in the zones' colour, dashed.
    if (!zone_additions_.empty()) {
        const MarkerStyle m = canvas_ ? canvas_->settings().style.scenario_site : MarkerStyle{};
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(render::to_qcolor(m.color), 2.0, Qt::DashLine));
        for (const ResolvedExtension& e : zone_additions_) {
            if (hidden_by_year(e.structure))
                continue; // hidden with its structure and its zone
            for (std::size_t i : e.communes)
                if (i < communes.size())
                    p.drawPath(to_widget.map(communes[i].shape.for_error(max_error)));
        }
    }
    // Discs and markers of the hypothetical sites, crosses on the structures taken out.
    // A disc where a new site covers by the radius (distance and zone rules), none by time.
    const bool by_time = data_->result().coverage_rule == CoverageRule::Time;
    const double r_px = data_->parameters().coverage_radius_m() * to_widget.m11();
    const MarkerStyle m = canvas_ ? canvas_->settings().style.scenario_site : MarkerStyle{};
    for (const Site& s : sites_) {
        const QPointF at = to_widget.map(s.xy);
        p.setPen(QPen(render::to_qcolor(m.color), s.id == selected_ ? 2.5 : 1.5, Qt::DashLine));
        p.setBrush(render::to_qcolor(m.color, 0.14));
        if (!by_time)
            p.drawEllipse(at, r_px, r_px);
        render::draw_marker(p, at, m.shape.empty() ? "diamond" : m.shape, 14,
                            render::to_qcolor(m.color), Qt::white, 1.5);
    }
    const auto& structures = data_->inputs().structures;
    p.setPen(QPen(QColor(200, 30, 30), 3));
    for (std::size_t i : removed_structures()) {
        const QPointF at =
            to_widget.map(QPointF(structures[i].place.xy->x, structures[i].place.xy->y));
        p.drawLine(at + QPointF(-7, -7), at + QPointF(7, 7));
        p.drawLine(at + QPointF(-7, 7), at + QPointF(7, -7));
    }
    p.restore();
}

} // namespace tecsmap::gui
