#include "map_style.hpp"

#include "errors.hpp"
#include "paths.hpp"

#include <toml++/toml.h>

#include <cstdio>
#include <limits>

namespace tecsmap {

std::string Rgb::hex() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
    return buf;
}

Rgb parse_rgb(const std::string& hex) {
    unsigned r = 0, g = 0, b = 0;
    if (hex.size() != 7 || hex[0] != '#' ||
        std::sscanf(hex.c_str() + 1, "%2x%2x%2x", &r, &g, &b) != 3)
        throw StudyError("couleur « " + hex + " » invalide (attendu #rrggbb)");
    return {static_cast<int>(r), static_cast<int>(g), static_cast<int>(b)};
}

const MarkerStyle& MapStyle::structure(const std::string& type) const {
    auto it = structure_types.find(type);
    return it == structure_types.end() ? structure_default : it->second;
}

const LineStyle* MapStyle::perimeter(const std::string& kind) const {
    auto it = perimeters.find(kind);
    return it == perimeters.end() ? nullptr : &it->second;
}

std::size_t AccessStyle::class_of(const std::optional<double>& minutes) const {
    if (!minutes)
        return classes.size();
    for (std::size_t i = 0; i < classes.size(); ++i)
        if (*minutes <= classes[i].upto)
            return i;
    return classes.empty() ? 0 : classes.size() - 1;
}

Rgb AccessStyle::isochrone_color(std::size_t rank) const {
    return isochrone_colors.empty() ? Rgb{49, 130, 189}
                                    : isochrone_colors[rank % isochrone_colors.size()];
}

AccessStyle default_access_style() {
    // YlOrRd (ColorBrewer, sequential): light is near, dark is far; Blues for isochrones.
    AccessStyle a;
    const double inf = std::numeric_limits<double>::infinity();
    a.classes = {
        {5, parse_rgb("#ffffb2"), "moins de 5 min"}, {10, parse_rgb("#fed976"), "5 à 10 min"},
        {15, parse_rgb("#feb24c"), "10 à 15 min"},   {20, parse_rgb("#fd8d3c"), "15 à 20 min"},
        {30, parse_rgb("#f03b20"), "20 à 30 min"},   {inf, parse_rgb("#bd0026"), "plus de 30 min"}};
    a.isochrone_colors = {parse_rgb("#08519c"), parse_rgb("#3182bd"), parse_rgb("#6baed6"),
                          parse_rgb("#9ecae1")};
    // YlGnBu (sequential): light is little supply per inhabitant, dark is much.
    a.e2sfca_colors = {parse_rgb("#ffffcc"), parse_rgb("#a1dab4"), parse_rgb("#41b6c4"),
                       parse_rgb("#2c7fb8"), parse_rgb("#253494")};
    return a;
}

const HotspotClass* MapStyle::hotspot(int value) const {
    for (const HotspotClass& h : hotspots)
        if (h.value == value)
            return &h;
    return nullptr;
}

Rgb MapStyle::ctg_color(std::size_t index) const {
    return ctg_palette.empty() ? Rgb{102, 102, 102} : ctg_palette[index % ctg_palette.size()];
}

namespace {

class StyleReader {
public:
    StyleReader(const toml::table& root, std::string path)
        : root_(root)
        , path_(std::move(path)) {}

    const toml::table& table(const toml::table& t, const char* key) const {
        const toml::table* sub = t[key].as_table();
        if (!sub)
            throw StudyError(path_ + " : section ou table « " + key + " » manquante");
        return *sub;
    }
    std::string str(const toml::table& t, const char* key, const std::string& def = {}) const {
        return t[key].value<std::string>().value_or(def);
    }
    double num(const toml::table& t, const char* key, double def) const {
        return t[key].value<double>().value_or(def);
    }
    Rgb color(const toml::table& t, const char* key) const {
        auto v = t[key].value<std::string>();
        if (!v)
            throw StudyError(path_ + " : couleur « " + key + " » manquante");
        try {
            return parse_rgb(*v);
        } catch (const StudyError& e) {
            throw StudyError(path_ + " : " + key + " : " + e.what());
        }
    }
    MarkerStyle marker(const toml::table& t, double size) const {
        return {color(t, "color"), str(t, "shape", "circle"), num(t, "size_mm", size),
                str(t, "label")};
    }
    LineStyle line(const toml::table& t, const char* color_key, double width) const {
        return {color(t, color_key), num(t, "stroke_width_mm", width), str(t, "dash"),
                str(t, "label")};
    }
    const toml::table& root() const { return root_; }

private:
    const toml::table& root_;
    std::string path_;
};

// [access]: minute classes (ascending `upto`, the last without), unreachable, isochrones.
AccessStyle read_access_style(const StyleReader& r, const toml::table& t, const std::string& path) {
    AccessStyle a = default_access_style();
    if (const toml::array* classes = t["classes"].as_array()) {
        a.classes.clear();
        for (const toml::node& n : *classes) {
            const toml::table* c = n.as_table();
            if (!c)
                throw StudyError(path + " : [access] classes : une liste de tables { upto, color, "
                                        "label }");
            MinutesClass mc;
            mc.upto = r.num(*c, "upto", std::numeric_limits<double>::infinity());
            if (!a.classes.empty() && !(mc.upto > a.classes.back().upto))
                throw StudyError(path +
                                 " : [access] classes : les bornes « upto » doivent croître");
            mc.color = r.color(*c, "color");
            mc.label = r.str(*c, "label");
            a.classes.push_back(mc);
        }
        if (a.classes.empty())
            throw StudyError(path + " : [access] classes est vide");
    }
    if (const toml::table* u = t["unreachable"].as_table()) {
        a.unreachable = r.color(*u, "color");
        a.unreachable_label = r.str(*u, "label", a.unreachable_label);
    }
    if (const toml::array* iso = t["isochrones"].as_array()) {
        a.isochrone_colors.clear();
        for (const auto& c : *iso)
            a.isochrone_colors.push_back(parse_rgb(c.value<std::string>().value_or("")));
    }
    if (const toml::array* e2 = t["e2sfca"].as_array()) {
        a.e2sfca_colors.clear();
        for (const auto& c : *e2)
            a.e2sfca_colors.push_back(parse_rgb(c.value<std::string>().value_or("")));
        if (a.e2sfca_colors.empty())
            throw StudyError(path + " : [access] e2sfca est vide");
    }
    a.isochrone_opacity = r.num(t, "isochrone_opacity", a.isochrone_opacity);
    a.isochrone_width_mm = r.num(t, "isochrone_width_mm", a.isochrone_width_mm);
    return a;
}

} // namespace

MapStyle load_map_style(const std::string& path) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw StudyError(path + ", ligne " + std::to_string(e.source().begin.line) + " : " +
                         std::string(e.description()));
    }
    StyleReader r(root, path);
    MapStyle s;
    const auto& communes = r.table(root, "communes");
    s.communes = {r.color(communes, "fill"), r.color(communes, "stroke"),
                  r.num(communes, "stroke_width_mm", 0.15), "", ""};
    s.epci = r.line(r.table(root, "epci"), "stroke", 0.5);
    const auto& ctg = r.table(root, "ctg");
    s.ctg = r.line(ctg, "stroke", 0.9);
    if (const toml::array* pal = ctg["palette"].as_array())
        for (const auto& c : *pal)
            s.ctg_palette.push_back(parse_rgb(c.value<std::string>().value_or("")));
    const auto& gaps = r.table(root, "coverage_gaps");
    s.gaps = {r.color(gaps, "fill"), r.color(gaps, "stroke"), r.num(gaps, "stroke_width_mm", 0.3),
              r.str(gaps, "hatch"), r.str(gaps, "label")};
    const auto& hot = r.table(root, "hotspots");
    for (const char* k : {"cold99", "cold95", "cold90", "neutral", "hot90", "hot95", "hot99"}) {
        const auto& c = r.table(hot, k);
        s.hotspots.push_back(
            {static_cast<int>(r.num(c, "value", 0)), r.color(c, "color"), r.str(c, "label")});
    }
    // Optional sections (older style files keep the built-in defaults).
    if (const toml::table* sug = root["suggestions"].as_table()) {
        if (const toml::table* m = (*sug)["site"].as_table())
            s.suggestion = r.marker(*m, s.suggestion.size_mm);
        if (const toml::table* m = (*sug)["best_per_ctg"].as_table())
            s.best_site = r.marker(*m, s.best_site.size_mm);
        if (const toml::table* m = (*sug)["scenario"].as_table())
            s.scenario_site = r.marker(*m, s.scenario_site.size_mm);
    }
    if (const toml::table* evo = root["evolution"].as_table()) {
        const char* keys[] = {"decrease_strong", "decrease", "stable", "increase",
                              "increase_strong"};
        for (std::size_t k = 0; k < 5; ++k)
            if (evo->contains(keys[k]))
                s.evolution[k] = r.color(*evo, keys[k]);
    }
    const auto& clusters = r.table(root, "clusters");
    s.cluster_opacity = r.num(clusters, "opacity", 0.45);
    s.cluster_stroke_mm = r.num(clusters, "stroke_width_mm", 0.4);
    s.cluster_label = r.str(clusters, "label");
    s.initiative = r.marker(r.table(root, "initiatives"), 1.6);
    const auto& st = r.table(root, "structures");
    const double size = r.num(st, "size_mm", 3.0);
    s.structure_default = r.marker(r.table(st, "default"), size);
    for (const auto& [type, node] : r.table(st, "types"))
        if (const toml::table* t = node.as_table())
            s.structure_types[std::string(type.str())] = r.marker(*t, size);
    if (const toml::table* acc = root["access"].as_table())
        s.access = read_access_style(r, *acc, path);
    const auto& per = r.table(root, "perimeters");
    const double width = r.num(per, "stroke_width_mm", 0.8);
    for (const char* k : {"PAT", "PCAET", "CTE"}) {
        LineStyle l = r.line(r.table(per, k), "color", width);
        l.width_mm = width;
        s.perimeters[k] = l;
    }
    // Optional section (older style files have none: the defaults of MapStyle stay).
    if (const toml::table* z = root["structure_zones"].as_table()) {
        s.zones = {r.color(*z, "fill"), r.color(*z, "stroke"), r.num(*z, "stroke_width_mm", 0.5),
                   "", r.str(*z, "label", s.zones.label)};
        s.zones_fill_opacity = r.num(*z, "fill_opacity", s.zones_fill_opacity);
        s.zones_dash = r.str(*z, "dash", s.zones_dash);
    }
    return s;
}

std::string default_style_path() {
    return styles_dir() + "/tecsmap.toml";
}

} // namespace tecsmap
