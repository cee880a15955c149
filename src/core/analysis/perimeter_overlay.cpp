#include "perimeter_overlay.hpp"

#include "../strtree.hpp"
#include "analysis.hpp"

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
    KindIndex pat, pcaet, cte;
    for (const Perimeter& p : in.perimeters) {
        switch (p.kind) {
        case PerimeterKind::PAT:
            pat.add(p.geometry.get());
            break;
        case PerimeterKind::PCAET:
            pcaet.add(p.geometry.get());
            break;
        case PerimeterKind::CTE:
            cte.add(p.geometry.get());
            break;
        }
    }
    for (std::size_t i = 0; i < territory.communes.size(); ++i) {
        const XY rep = territory.communes[i].representative;
        r.communes[i].in_pat = pat.contains(rep);
        r.communes[i].in_pcaet = pcaet.contains(rep);
        r.communes[i].in_cte = cte.contains(rep);
    }
    for (std::size_t k = 0; k < in.initiatives.size(); ++k) {
        const std::optional<XY>& xy = in.initiatives[k].place.xy;
        InitiativeFigures& f = r.initiatives[k];
        f.in_pat = xy && pat.contains(*xy);
        f.in_pcaet = xy && pcaet.contains(*xy);
        f.in_cte = xy && cte.contains(*xy);
    }
}

} // namespace tecsmap
