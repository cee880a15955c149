#include "perimeter_overlay.hpp"

#include "../parallel.hpp"
#include "../strtree.hpp"
#include "analysis.hpp"

#include <iterator>

namespace tecsmap {

namespace {

// Perimeters of one kind behind an STRtree, tested with prepared geometries.
class KindIndex {
public:
    void add(const GEOSGeometry* g) {
        tree_.insert(prepared_.size(), geos::envelope(g));
        prepared_.push_back(geos::prepare(g));
    }
    bool contains(XY p) const {
        if (prepared_.empty())
            return false;
        const geos::GeomPtr pt = geos::point(p.x, p.y);
        for (std::size_t i : tree_.query({p.x, p.y, p.x, p.y}))
            if (GEOSPreparedIntersects_r(geos::ctx(), prepared_[i].get(), pt.get()) == 1)
                return true;
        return false;
    }

private:
    geos::StrTree tree_;
    std::vector<geos::PreparedPtr> prepared_;
};

} // namespace

void overlay_perimeters(const Territory& territory, const StudyInputs& in, AnalysisResult& r) {
    // One task per kind, on all cores: each kind's prepared geometries (which build their
    // indexes on first use, so are not for two threads) serve one thread only, and each task
    // writes only its own flag of each commune and initiative.
    constexpr PerimeterKind kinds[] = {PerimeterKind::PAT, PerimeterKind::PCAET,
                                       PerimeterKind::CTE};
    parallel_for(std::size(kinds), [&](std::size_t t) {
        const PerimeterKind kind = kinds[t];
        KindIndex index;
        for (const Perimeter& p : in.perimeters)
            if (p.kind == kind)
                index.add(p.geometry.get());
        auto flag = [kind](auto& figures) -> bool& {
            return kind == PerimeterKind::PAT     ? figures.in_pat
                   : kind == PerimeterKind::PCAET ? figures.in_pcaet
                                                  : figures.in_cte;
        };
        for (std::size_t i = 0; i < territory.communes.size(); ++i)
            flag(r.communes[i]) = index.contains(territory.communes[i].representative);
        for (std::size_t k = 0; k < in.initiatives.size(); ++k) {
            const std::optional<XY>& xy = in.initiatives[k].place.xy;
            flag(r.initiatives[k]) = xy && index.contains(*xy);
        }
    });
}

} // namespace tecsmap
