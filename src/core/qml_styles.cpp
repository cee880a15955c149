#include "qml_styles.hpp"

#include <sstream>

namespace tecsmap {

namespace {

std::string escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        default:
            o += c;
        }
    }
    return o;
}

std::string rgba(const Rgb& c, double alpha = 1.0) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
           std::to_string(static_cast<int>(alpha * 255 + 0.5));
}

std::string option(const std::string& name, const std::string& value) {
    return "<Option type=\"QString\" name=\"" + name + "\" value=\"" + escape(value) + "\"/>";
}

std::string qgis_pen_style(const std::string& dash) {
    if (dash == "dash")
        return "dash";
    if (dash == "dot")
        return "dot";
    if (dash == "dash dot")
        return "dash dot";
    return "solid";
}

std::string fill_symbol(const std::string& name, const Rgb& fill, double fill_alpha,
                        const std::string& brush, const Rgb& stroke, double width_mm,
                        const std::string& pen = "solid") {
    return "<symbol type=\"fill\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option "
           "type=\"Map\">" +
           option("color", rgba(fill, fill_alpha)) +
           option("style", brush.empty() ? "solid" : brush) +
           option("outline_color", rgba(stroke)) +
           option("outline_width", std::to_string(width_mm)) + option("outline_width_unit", "MM") +
           option("outline_style", pen) + option("joinstyle", "round") +
           "</Option></layer></symbol>";
}

std::string marker_symbol(const std::string& name, const MarkerStyle& m) {
    return "<symbol type=\"marker\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option "
           "type=\"Map\">" +
           option("name", m.shape) + option("color", rgba(m.color)) +
           option("outline_color", "255,255,255,255") + option("outline_width", "0.3") +
           option("outline_width_unit", "MM") + option("size", std::to_string(m.size_mm)) +
           option("size_unit", "MM") + "</Option></layer></symbol>";
}

std::string document(const std::string& renderer) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n" +
           renderer + "\n</qgis>\n";
}

std::string single(const std::string& symbol) {
    return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
           "forceraster=\"0\"><symbols>" +
           symbol + "</symbols></renderer-v2>";
}

struct Category {
    std::string value;
    std::string label;
    std::string symbol; ///< symbol XML with name = index
};

std::string categorized(const std::string& attr, const std::vector<Category>& cats) {
    std::ostringstream o;
    o << "<renderer-v2 type=\"categorizedSymbol\" attr=\"" << escape(attr)
      << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>";
    for (std::size_t i = 0; i < cats.size(); ++i)
        o << "<category symbol=\"" << i << "\" value=\"" << escape(cats[i].value) << "\" label=\""
          << escape(cats[i].label) << "\" render=\"true\"/>";
    o << "</categories><symbols>";
    for (const Category& c : cats)
        o << c.symbol;
    o << "</symbols></renderer-v2>";
    return o.str();
}

struct Rule {
    std::string filter; ///< QGIS expression
    std::string label;
    std::string symbol; ///< symbol XML with name = index
};

std::string rule_based(const std::vector<Rule>& rules) {
    std::ostringstream o;
    o << "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" "
         "forceraster=\"0\"><rules key=\"root\">";
    for (std::size_t i = 0; i < rules.size(); ++i)
        o << "<rule key=\"r" << i << "\" symbol=\"" << i << "\" filter=\""
          << escape(rules[i].filter) << "\" label=\"" << escape(rules[i].label) << "\"/>";
    o << "</rules><symbols>";
    for (const Rule& r : rules)
        o << r.symbol;
    o << "</symbols></renderer-v2>";
    return o.str();
}

std::string number_text(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

// Cells by minutes to the nearest structure: one rule per class of the style, and one for
// cells that reach no structure (NULL minutes).
std::string minutes_rules(const MapStyle& s) {
    const AccessStyle& a = s.access;
    std::vector<Rule> rules;
    const std::string field = "\"minutes_nearest\"";
    for (std::size_t i = 0; i < a.classes.size(); ++i) {
        std::string filter = field + " IS NOT NULL";
        if (i > 0)
            filter += " AND " + field + " > " + number_text(a.classes[i - 1].upto);
        if (i + 1 < a.classes.size())
            filter += " AND " + field + " <= " + number_text(a.classes[i].upto);
        rules.push_back({filter, a.classes[i].label,
                         fill_symbol(std::to_string(i), a.classes[i].color, 1.0, "solid",
                                     a.classes[i].color, 0.05)});
    }
    rules.push_back({field + " IS NULL", a.unreachable_label,
                     fill_symbol(std::to_string(rules.size()), a.unreachable, 1.0, "solid",
                                 a.unreachable, 0.05)});
    return document(rule_based(rules));
}

} // namespace

std::string qml_for_layer(const std::string& layer, const MapStyle& s, const QmlContext& ctx) {
    if (layer == "communes") {
        // Hot spots in a diverging palette over the commune polygons.
        std::vector<Category> cats;
        // The neutral class carries the method: a QGIS legend has no title of its own.
        for (std::size_t i = 0; i < s.hotspots.size(); ++i)
            cats.push_back({std::to_string(s.hotspots[i].value),
                            s.hotspots[i].value == 0 && !ctx.hotspot_method.empty()
                                ? s.hotspots[i].label + " — " + ctx.hotspot_method
                                : s.hotspots[i].label,
                            fill_symbol(std::to_string(i), s.hotspots[i].color, 1.0, "solid",
                                        s.communes.stroke, s.communes.stroke_width_mm)});
        return document(categorized("hotspot", cats));
    }
    if (layer == "epci")
        return document(
            single(fill_symbol("0", s.epci.color, 0.0, "no", s.epci.color, s.epci.width_mm)));
    if (layer == "ctg")
        return document(
            single(fill_symbol("0", s.ctg.color, 0.0, "no", s.ctg.color, s.ctg.width_mm)));
    if (layer == "coverage_gaps") {
        return document(single(fill_symbol("0", s.gaps.fill, 1.0, s.gaps.hatch, s.gaps.stroke,
                                           s.gaps.stroke_width_mm)));
    }
    if (layer == "initiative_clusters") {
        std::vector<Category> cats;
        for (std::size_t i = 0; i < ctx.ctgs.size(); ++i)
            cats.push_back({ctx.ctgs[i].first, ctx.ctgs[i].second,
                            fill_symbol(std::to_string(i), s.ctg_color(i), s.cluster_opacity,
                                        "solid", s.ctg_color(i), s.cluster_stroke_mm)});
        return document(categorized("ctg_code", cats));
    }
    if (layer == "initiatives")
        return document(single(marker_symbol("0", s.initiative)));
    if (layer == "site_suggestions")
        return document(single(marker_symbol("0", s.suggestion)));
    if (layer == "best_site_per_ctg")
        return document(single(marker_symbol("0", s.best_site)));
    if (layer == "scenario_sites")
        return document(single(marker_symbol("0", s.scenario_site)));
    if (layer == "structures") {
        std::vector<Category> cats;
        for (const auto& [type, m] : s.structure_types)
            cats.push_back({type, m.label, marker_symbol(std::to_string(cats.size()), m)});
        cats.push_back({"", s.structure_default.label,
                        marker_symbol(std::to_string(cats.size()), s.structure_default)});
        return document(categorized("type", cats));
    }
    if (layer == "structure_zones")
        return document(single(fill_symbol("0", s.zones.fill, s.zones_fill_opacity, "solid",
                                           s.zones.stroke, s.zones.stroke_width_mm,
                                           qgis_pen_style(s.zones_dash))));
    if (layer == "cells") {
        if (ctx.cells_have_minutes)
            return minutes_rules(s);
        // Without a road network: uncovered cells as the gaps, covered ones light.
        return document(categorized(
            "covered",
            {{"0", "Carreau non couvert",
              fill_symbol("0", s.gaps.fill, 0.6, "solid", s.gaps.stroke, 0.05)},
             {"1", "Carreau couvert",
              fill_symbol("1", s.communes.stroke, 0.35, "solid", s.communes.stroke, 0.05)}}));
    }
    if (layer == "isochrones") {
        const AccessStyle& a = s.access;
        std::vector<Rule> rules;
        for (std::size_t i = 0; i < ctx.isochrone_minutes.size(); ++i) {
            const std::string m = number_text(ctx.isochrone_minutes[i]);
            rules.push_back(
                {"\"minutes\" = " + m, "Isochrone " + m + " min",
                 fill_symbol(std::to_string(i), a.isochrone_color(i), a.isochrone_opacity, "solid",
                             a.isochrone_color(i), a.isochrone_width_mm)});
        }
        return document(rule_based(rules));
    }
    if (layer == "perimeters") {
        std::vector<Category> cats;
        for (const auto& [kind, l] : s.perimeters)
            cats.push_back({kind, l.label,
                            fill_symbol(std::to_string(cats.size()), l.color, 0.0, "no", l.color,
                                        l.width_mm, qgis_pen_style(l.dash))});
        return document(categorized("kind", cats));
    }
    return {};
}

} // namespace tecsmap
