#include "coverage.hpp"

#include "../parallel.hpp"
#include "../strtree.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace tecsmap {

namespace {

// Overlay operations can leave degenerate polygons of area ~1e-27 m² where a disc vertex falls
// exactly on a commune's boundary: numerical noise, not a gap.
constexpr double kNumericalNoiseM2 = 1e-6;

// Distance from a point to an envelope (0 inside).
double distance_to(const geos::Envelope& e, XY p) {
    const double dx = std::max({e.minx - p.x, 0.0, p.x - e.maxx});
    const double dy = std::max({e.miny - p.y, 0.0, p.y - e.maxy});
    return std::hypot(dx, dy);
}

double farthest_corner(const geos::Envelope& e, XY p) {
    const double dx = std::max(std::abs(e.minx - p.x), std::abs(e.maxx - p.x));
    const double dy = std::max(std::abs(e.miny - p.y), std::abs(e.maxy - p.y));
    return std::hypot(dx, dy);
}

// Union of the shapes of one chunk. Whole commune polygons form a clean coverage: their union
// only drops the boundaries they share (GEOS coverage union, checked, with the overlay union as
// fallback), far cheaper than overlaying them. The other shapes (discs, zone polygons, pieces
// of communes cut by them, whose cut vertices neighbours do not share) go through the overlay
// union, then both are merged.
geos::GeomPtr chunk_union(const std::vector<UncoveredPiece>& pieces) {
    std::vector<const GEOSGeometry*> whole, cut;
    for (const UncoveredPiece& p : pieces)
        (p.whole_commune ? whole : cut).push_back(p.geometry);
    if (whole.empty())
        return geos::union_of(cut);
    if (cut.empty())
        return geos::coverage_union_of(whole);
    std::vector<geos::GeomPtr> both;
    both.push_back(geos::coverage_union_of(whole));
    both.push_back(geos::union_of(cut));
    return geos::union_all(std::move(both));
}

// Union of many shapes on all cores: shapes sorted west to east, unioned in contiguous chunks in
// parallel, then the chunk results merged (only along chunk borders is there work left).
geos::GeomPtr parallel_union(const std::vector<UncoveredPiece>& pieces) {
    // The chunking must not depend on the number of threads: the union's vertex order follows
    // the chunks, and results must be identical whatever the machine.
    const std::size_t chunks = std::min<std::size_t>(pieces.size() / 64 + 1, 16);
    if (chunks <= 1)
        return chunk_union(pieces);
    std::vector<std::pair<double, const UncoveredPiece*>> keyed;
    for (const UncoveredPiece& p : pieces) {
        const geos::Envelope e = geos::envelope(p.geometry);
        keyed.push_back({e.minx + e.maxx, &p});
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<geos::GeomPtr> partial(chunks);
    parallel_for(chunks, [&](std::size_t k) {
        std::vector<UncoveredPiece> part;
        for (std::size_t i = k * keyed.size() / chunks; i < (k + 1) * keyed.size() / chunks; ++i)
            part.push_back(*keyed[i].second);
        partial[k] = chunk_union(part);
    });
    return geos::union_all(std::move(partial));
}

} // namespace

CommuneReach commune_reach(const Commune& commune, double radius_m) {
    const geos::Envelope env = geos::envelope(commune.geometry.get());
    const XY centre{(env.minx + env.maxx) / 2, (env.miny + env.maxy) / 2};
    const double half_diagonal = std::hypot(env.maxx - env.minx, env.maxy - env.miny) / 2;
    return {centre, radius_m + half_diagonal, env};
}

geos::GeomPtr RecentUnions::get(const std::vector<const GEOSGeometry*>& shapes) {
    std::shared_ptr<const GEOSGeometry> kept;
    {
        std::lock_guard lock(mutex_);
        for (auto it = recent_.begin(); it != recent_.end(); ++it)
            if (it->first == shapes) {
                recent_.splice(recent_.begin(), recent_, it);
                ++reused_;
                kept = it->second;
                break;
            }
    }
    // Copied outside the lock; the kept union stays alive through `kept` if it is dropped
    // meanwhile. A copy holds the same coordinates: operations on it give the same results.
    if (kept)
        return geos::clone(kept.get());
    geos::GeomPtr u = geos::union_of(shapes);
    std::shared_ptr<const GEOSGeometry> copy = geos::clone(u.get());
    geos::settle_for_threads(copy.get()); // then only ever read, by any thread
    std::lock_guard lock(mutex_);
    ++computed_;
    // Another thread may have made the same union meanwhile: the same geometry, kept once.
    if (std::none_of(recent_.begin(), recent_.end(),
                     [&](const Entry& e) { return e.first == shapes; })) {
        recent_.emplace_front(shapes, std::move(copy));
        if (recent_.size() > capacity_)
            recent_.pop_back();
    }
    return u;
}

std::size_t RecentUnions::computed() const {
    std::lock_guard lock(mutex_);
    return computed_;
}

std::size_t RecentUnions::reused() const {
    std::lock_guard lock(mutex_);
    return reused_;
}

CommuneUncovered commune_uncovered(const Commune& c, const std::vector<XY>& sites,
                                   const std::vector<const GEOSGeometry*>& discs,
                                   const std::vector<std::size_t>& reaching, double radius_m,
                                   const std::vector<const GEOSGeometry*>& zone_polygons,
                                   RecentUnions* unions) {
    // The disc polygons are convex and contain the circle of radius R cos(pi/128): a commune
    // whose vertices all lie within it is inside the disc, with no overlay needed.
    const double inscribed = radius_m * std::cos(M_PI / (4 * kDiscQuadrantSegments));
    const geos::Envelope env = geos::envelope(c.geometry.get());
    std::vector<const GEOSGeometry*> near;
    bool inside_one = false;
    for (std::size_t s : reaching) {
        if (distance_to(env, sites[s]) > radius_m)
            continue;
        if (farthest_corner(env, sites[s]) <= inscribed ||
            geos::max_vertex_distance(c.geometry.get(), sites[s].x, sites[s].y) <= inscribed) {
            inside_one = true;
            break;
        }
        near.push_back(discs[s]);
    }
    // Agreed zones given as polygons (issue 11): subtracted like the discs.
    for (const GEOSGeometry* z : inside_one ? std::vector<const GEOSGeometry*>{} : zone_polygons) {
        if (GEOSCovers_r(geos::ctx(), z, c.geometry.get()) == 1) {
            inside_one = true;
            break;
        }
        near.push_back(z);
    }
    CommuneUncovered u;
    if (inside_one) {
        u.geometry = geos::empty_polygon();
    } else if (near.empty()) {
        u.geometry = geos::clone(c.geometry.get());
        u.whole = true;
    } else {
        const geos::GeomPtr local = unions ? unions->get(near) : geos::union_of(near);
        u.geometry = geos::polygonal_part(geos::difference(c.geometry.get(), local.get()).get());
    }
    const double uncovered_area = inside_one ? 0.0 : geos::area(u.geometry.get());
    u.covered_share = std::clamp(1.0 - uncovered_area / c.area_m2, 0.0, 1.0);
    u.pop_uncovered = static_cast<double>(c.population) * (1.0 - u.covered_share);
    return u;
}

geos::GeomPtr coverage_disc(XY site, double radius_m) {
    geos::GeomPtr disc =
        geos::buffer(geos::point(site.x, site.y).get(), radius_m, kDiscQuadrantSegments);
    // Discs are shared by the threads of a coverage (cloned into their communes' unions).
    geos::settle_for_threads(disc.get());
    return disc;
}

CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, Feedback* feedback) {
    return compute_coverage(territory, structures, radius_m, true, CoverageZones{}, feedback);
}

CoverageResult compute_coverage(const Territory& territory, const std::vector<XY>& structures,
                                double radius_m, bool use_discs, const CoverageZones& zones,
                                Feedback* feedback, bool with_gaps) {
    const std::size_t n = territory.communes.size();
    CoverageResult r;
    r.dist_nearest_m.assign(n, std::numeric_limits<double>::quiet_NaN());
    r.covered_share.assign(n, 0.0);
    r.pop_uncovered.assign(n, 0.0);

    const KdTree tree(structures);
    std::vector<geos::GeomPtr> discs;
    if (use_discs) {
        discs.reserve(structures.size());
        for (const XY& s : structures)
            discs.push_back(coverage_disc(s, radius_m));
    }
    // Zone polygons of the zones layer, found per commune through their envelopes.
    geos::StrTree zone_index;
    for (std::size_t z = 0; z < zones.polygons.size(); ++z) {
        geos::settle_for_threads(zones.polygons[z]); // the threads test and clone them
        zone_index.insert(z, geos::envelope(zones.polygons[z]));
    }
    // GEOS builds a tree at its first query: build it here, before the threads share it.
    (void)zone_index.query({0, 0, 0, 0});

    // Each commune is clipped against only the discs that reach it (found through the k-d
    // tree), so the work is local and nothing is quadratic in the national case. Communes are
    // independent: both cores share them.
    std::vector<const GEOSGeometry*> disc_ptrs;
    for (const auto& d : discs)
        disc_ptrs.push_back(d.get());
    std::vector<geos::GeomPtr> uncovered(n);
    std::vector<char> whole(n, 0); // the piece is the commune's own polygon
    RecentUnions unions;
    std::atomic<std::size_t> done{0};
    parallel_for(n, [&](std::size_t i) {
        feedback_check(feedback);
        if (feedback && (++done & 255) == 0)
            feedback->set_fraction(static_cast<double>(done) / static_cast<double>(n));
        const Commune& c = territory.communes[i];
        if (tree.size() > 0)
            r.dist_nearest_m[i] = tree.nearest(c.representative).distance;
        if (!zones.commune_covered.empty() && zones.commune_covered[i]) {
            // Listed in a covering structure's zone: wholly covered, no overlay needed.
            uncovered[i] = geos::empty_polygon();
            r.covered_share[i] = 1.0;
            r.pop_uncovered[i] = 0.0;
            return;
        }
        const CommuneReach reach = commune_reach(c, radius_m);
        // Zone polygons whose envelope meets the commune's (ascending index: the union does
        // not depend on the tree's order).
        std::vector<const GEOSGeometry*> zone_polygons;
        if (!zones.polygons.empty()) {
            std::vector<std::size_t> hits = zone_index.query(reach.envelope);
            std::sort(hits.begin(), hits.end());
            for (std::size_t z : hits)
                zone_polygons.push_back(zones.polygons[z]);
        }
        CommuneUncovered u = commune_uncovered(
            c, structures, disc_ptrs,
            use_discs ? tree.within(reach.centre, reach.search_radius) : std::vector<std::size_t>{},
            radius_m, zone_polygons, &unions);
        uncovered[i] = std::move(u.geometry);
        whole[i] = u.whole;
        r.covered_share[i] = u.covered_share;
        r.pop_uncovered[i] = u.pop_uncovered;
    });

    if (!with_gaps)
        return r;
    feedback_begin(feedback, "zones non couvertes");
    // Gap layer: the union of the uncovered pieces above, split into single parts. Each piece
    // is its commune minus the discs and zone polygons that reach it, so their union is the
    // territory's outline minus the union of those shapes (the spec's definition; set algebra,
    // true even where a source's commune polygons overlap): computed that way, without
    // overlaying tens of thousands of pieces. The outline is built with the territory (and
    // cached), the shapes are unioned on all cores. A commune listed in a zone is covered
    // alone, not the parts of neighbours that overlap it: with such communes the pieces are
    // unioned instead (whole communes by coverage union, the others by overlay).
    const bool listed = std::find(zones.commune_covered.begin(), zones.commune_covered.end(),
                                  true) != zones.commune_covered.end();
    geos::GeomPtr gap_union;
    if (listed) {
        std::vector<UncoveredPiece> pieces;
        for (std::size_t i = 0; i < n; ++i)
            if (!geos::is_empty(uncovered[i].get()))
                pieces.push_back({uncovered[i].get(), 0.0, whole[i] != 0});
        gap_union = parallel_union(pieces);
    } else {
        std::vector<UncoveredPiece> covering;
        for (const geos::GeomPtr& d : discs)
            covering.push_back({d.get(), 0.0, false});
        for (const GEOSGeometry* z : zones.polygons)
            covering.push_back({z, 0.0, false});
        gap_union = territory.outline_of();
        if (!covering.empty())
            gap_union = geos::difference(gap_union.get(), parallel_union(covering).get());
    }
    std::vector<geos::GeomPtr> parts;
    for (auto& part : geos::polygons_of(gap_union.get()))
        if (geos::area(part.get()) > kNumericalNoiseM2)
            parts.push_back(std::move(part));
    geos::StrTree part_index;
    std::vector<geos::PreparedPtr> prepared;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        part_index.insert(p, geos::envelope(parts[p].get()));
        prepared.push_back(geos::prepare(parts[p].get()));
        r.gaps.push_back({nullptr, geos::area(parts[p].get()) / 1e6, 0.0});
    }
    // pop_est: each commune's uncovered components lie in exactly one part; a component adds
    // population x (its area / the commune's area) to that part. A component whose inner
    // point misses every part (a sliver the parts' boundaries, computed another way, leave
    // out by a few nanometres) goes to the part it overlaps most: no one is lost.
    for (std::size_t i = 0; i < n; ++i) {
        const Commune& c = territory.communes[i];
        for (const geos::GeomPtr& comp : geos::polygons_of(uncovered[i].get())) {
            const double a = geos::area(comp.get());
            if (a <= kNumericalNoiseM2)
                continue;
            const double people = static_cast<double>(c.population) * a / c.area_m2;
            const geos::GeomPtr probe = geos::point_on_surface(comp.get());
            const XY q{geos::point_x(probe.get()), geos::point_y(probe.get())};
            std::size_t found = static_cast<std::size_t>(-1);
            for (std::size_t p : part_index.query({q.x, q.y, q.x, q.y}))
                if (GEOSPreparedIntersects_r(geos::ctx(), prepared[p].get(), probe.get()) == 1) {
                    found = p;
                    break;
                }
            if (found == static_cast<std::size_t>(-1)) {
                double best = 0;
                for (std::size_t p : part_index.query(geos::envelope(comp.get()))) {
                    const double overlap = geos::area(
                        geos::intersection(comp.get(), parts[p].get()).get());
                    if (overlap > best) {
                        best = overlap;
                        found = p;
                    }
                }
            }
            if (found != static_cast<std::size_t>(-1))
                r.gaps[found].pop_est += people;
        }
    }
    for (std::size_t p = 0; p < parts.size(); ++p)
        r.gaps[p].geometry = std::move(parts[p]);
    return r;
}

namespace {

// The gap part holding a point (boundary included), or npos; parts in index order.
struct GapLocator {
    explicit GapLocator(const std::vector<GapPart>& gaps) {
        for (std::size_t p = 0; p < gaps.size(); ++p) {
            index.insert(p, geos::envelope(gaps[p].geometry.get()));
            prepared.push_back(geos::prepare(gaps[p].geometry.get()));
        }
    }
    std::size_t find(XY q) const {
        const geos::GeomPtr probe = geos::point(q.x, q.y);
        for (std::size_t p : index.query({q.x, q.y, q.x, q.y}))
            if (GEOSPreparedIntersects_r(geos::ctx(), prepared[p].get(), probe.get()) == 1)
                return p;
        return static_cast<std::size_t>(-1);
    }
    geos::StrTree index;
    std::vector<geos::PreparedPtr> prepared;
};

} // namespace

std::vector<GapPart> gaps_from_pieces(const std::vector<UncoveredPiece>& pieces,
                                      Feedback* feedback) {
    feedback_begin(feedback, "zones non couvertes");
    std::vector<UncoveredPiece> nonempty;
    for (const UncoveredPiece& piece : pieces)
        if (!geos::is_empty(piece.geometry))
            nonempty.push_back(piece);
    const geos::GeomPtr gap_union = parallel_union(nonempty);
    std::vector<GapPart> gaps;
    for (auto& part : geos::polygons_of(gap_union.get()))
        if (geos::area(part.get()) > kNumericalNoiseM2) {
            const double a = geos::area(part.get());
            gaps.push_back({std::move(part), a / 1e6, 0.0});
        }
    feedback_check(feedback);
    const GapLocator locate(gaps);
    // Each polygon of a piece lies in exactly one part; a piece of several polygons (a commune
    // with an enclave, a cell cut by a winding boundary) shares its people by area.
    for (const UncoveredPiece& piece : pieces) {
        const double total = geos::is_empty(piece.geometry) ? 0 : geos::area(piece.geometry);
        if (total <= kNumericalNoiseM2)
            continue;
        for (const geos::GeomPtr& comp : geos::polygons_of(piece.geometry)) {
            const double a = geos::area(comp.get());
            if (a <= kNumericalNoiseM2)
                continue;
            const geos::GeomPtr probe = geos::point_on_surface(comp.get());
            const std::size_t p =
                locate.find({geos::point_x(probe.get()), geos::point_y(probe.get())});
            if (p != static_cast<std::size_t>(-1))
                gaps[p].pop_est += piece.population * a / total;
        }
    }
    return gaps;
}

double apply_grid_demand(const Territory& territory, const std::vector<GridDemand>& parts,
                         const std::vector<bool>& uniform, CoverageResult& coverage) {
    const std::size_t n = territory.communes.size();
    for (std::size_t i = 0; i < n; ++i)
        if (!uniform[i])
            coverage.pop_uncovered[i] = 0;
    for (GapPart& g : coverage.gaps)
        g.pop_est = 0;
    const GapLocator locate(coverage.gaps);
    double unplaced = 0;
    for (const GridDemand& d : parts) {
        if (d.covered || uniform[d.commune])
            continue;
        coverage.pop_uncovered[d.commune] += d.population;
        const std::size_t p = locate.find(d.point);
        if (p != static_cast<std::size_t>(-1))
            coverage.gaps[p].pop_est += d.population;
        else
            unplaced += d.population;
    }
    // Communes without cells keep the uniform rule: their people spread over their area.
    for (std::size_t i = 0; i < n; ++i) {
        const Commune& c = territory.communes[i];
        if (!uniform[i] || coverage.covered_share[i] >= 1.0 || c.population == 0)
            continue;
        for (std::size_t p : locate.index.query(geos::envelope(c.geometry.get()))) {
            const double a = geos::area(
                geos::intersection(c.geometry.get(), coverage.gaps[p].geometry.get()).get());
            coverage.gaps[p].pop_est += static_cast<double>(c.population) * a / c.area_m2;
        }
    }
    return unplaced;
}

} // namespace tecsmap
