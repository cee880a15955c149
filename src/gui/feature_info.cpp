#include "feature_info.hpp"

#include "coverage_wording.hpp"
#include "format.hpp"
#include "programme_table.hpp"

namespace tecsmap::gui {

namespace {
QString qs(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}
QString people(double v) {
    return qs(fr::people(v));
}
QString pct(double share) {
    return qs(fr::percent(share));
}
QString row(const QString& k, const QString& v) {
    return "<tr><td style='padding-right:10px'><b>" + k + "</b></td><td>" + v + "</td></tr>";
}
// « 10 km », or « 15 min par la route » with coverage = "temps".
QString threshold(const AnalysisParameters& p) {
    if (p.coverage_rule_setting() == CoverageRule::Time)
        return qs(fr::minutes(p.coverage_minutes())) + " par la route";
    return qs(fr::km(p.coverage_radius_km()));
}
} // namespace

QString commune_html(const render::MapData& d, std::size_t i) {
    const Territory& t = d.territory();
    const Commune& c = t.communes[i];
    const CommuneFigures& f = d.result().communes[i];
    const Ctg& ctg = t.ctgs[c.ctg];
    QString html = "<h3>" + qs(c.nom) + "</h3><table>";
    html += row("Code INSEE", qs(c.insee));
    html += row("Population", people(static_cast<double>(c.population)) + " hab.");
    html += row("CTG", qs(ctg.name));
    html += row("Structure la plus proche",
                f.dist_nearest_m ? qs(fr::km(*f.dist_nearest_m / 1000)) : QString("aucune"));
    html += row("Surface couverte (" + threshold(d.parameters()) + ")", pct(f.covered_share));
    html += row("Habitants non couverts", people(f.pop_uncovered));
    html += row("Initiatives TECS", QString::number(f.n_initiatives));
    html += row("Gi* (z)", qs(fr::fixed(f.gi_star_z, 2)) + (f.hotspot > 0   ? " — point chaud"
                                                            : f.hotspot < 0 ? " — point froid"
                                                                            : ""));
    QStringList policies;
    if (f.in_pat)
        policies << "PAT";
    if (f.in_pcaet)
        policies << "PCAET";
    if (f.in_cte)
        policies << "CTE";
    html += row("Politiques", policies.isEmpty() ? QString("aucune") : policies.join(", "));
    return html + "</table>";
}

QString structure_html(const Territory& t, const Structure& s) {
    QString html = "<h3>" + qs(s.name) + "</h3><table>";
    html += row("Type", qs(to_string(s.type)) +
                            (s.category.empty() ? QString() : " (" + qs(s.category) + ")"));
    const std::string insee = commune_code(t, s.place);
    html +=
        row("Commune", insee.empty() ? QString("hors territoire")
                                     : qs(t.communes[s.place.commune].nom + " (" + insee + ")"));
    if (s.ambassador)
        html += row("Ambassadeur TECS", *s.ambassador ? "oui" : "non");
    if (!s.bonus.empty())
        html += row("Bonus développement durable", qs(s.bonus));
    return html + "</table>";
}

QString study_html(const render::MapData& d) {
    const StudyInputs& in = d.inputs();
    QString html = "<h3>" + qs(d.study().title) + "</h3><table>";
    html += row("Communes", QString::number(d.territory().communes.size()));
    html += row("Structures", QString::number(in.structures.size()));
    html += row("Initiatives", QString::number(in.initiatives.size()) + " (dont " +
                                   QString::number(in.initiatives_in_territory) +
                                   " dans le territoire)");
    html += row("Couverture", qs(rule_phrase(d.result().coverage_rule, d.parameters())));
    html += "</table>";
    for (const auto& [stats, what] :
         {std::pair{&in.structures_placement, "structures"},
          std::pair{&in.initiatives_placement, "initiatives"}})
        if (stats->rows() > 0)
            html += "<p>Placement des " + qs(stats->summary(what)).toHtmlEscaped() + "</p>";
    if (!in.rejects.empty())
        html += "<p>" + QString::number(in.rejects.size()) +
                " ligne(s) rejetée(s) ou corrigée(s) : couche « rejects » du GeoPackage "
                "exporté, avec le fichier, la ligne et la raison.</p>";
    if (in.illustrative.any())
        html += "<p style='color:#b2182b'>Données de démonstration (" +
                qs(in.illustrative.list()).toHtmlEscaped() +
                ") : chiffres illustratifs, non publiables.</p>";
    return html;
}

QString ctg_html(const render::MapData& d, std::size_t k) {
    const CtgIndicators& c = d.result().ctgs[k];
    QString html = "<h3>" + qs(c.ctg_name) + "</h3><table>";
    html += row("Code", qs(c.ctg_code));
    html += row("Communes", QString::number(c.n_communes));
    html += row("Population", people(static_cast<double>(c.population)) + " hab.");
    html +=
        row("Structures", QString::number(c.n_structures) + " (dont " + QString::number(c.n_cs) +
                              " CS, " + QString::number(c.n_evs) + " EVS)");
    html += row("Ambassadeurs TECS", QString::number(c.n_ambassadors));
    html += row("Initiatives", QString::number(c.n_initiatives) + " (" +
                                   qs(fr::number(c.initiatives_per_10k, 1)) + " pour 10 000 hab.)");
    html += row("Habitants à plus de " + threshold(d.parameters()),
                "<span id='uncovered'>" + people(c.pop_uncovered) + "</span> (" +
                    pct(c.uncovered_share) + ")");
    html += row("Grappes", QString::number(c.n_clusters));
    html += row("PAT / PCAET / CTE",
                pct(c.pat_share) + " / " + pct(c.pcaet_share) + " / " + pct(c.cte_share));
    html += "</table>";
    // The programme year by year, as the atlas prints it (ctg_indicators_by_year).
    return html + render::programme_html(render::programme_table(d, k));
}

} // namespace tecsmap::gui
