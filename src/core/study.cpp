#include "study.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"
#include "format.hpp"
#include "input_limits.hpp"
#include "postgis_target.hpp"
#include "text.hpp"
#include "toml_limits.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace tecsmap {

namespace {

class StudyParser {
public:
    StudyParser(std::string path)
        : path_(std::move(path))
        , dir_(fs::path(path_).parent_path()) {}

    Study parse(const std::string& text) {
        toml::table root;
        try {
            root = toml::parse(text, path_);
        } catch (const toml::parse_error& e) {
            throw StudyError(path_ + ", ligne " + std::to_string(e.source().begin.line) +
                             " : syntaxe TOML invalide : " + std::string(e.description()));
        }
        Study s;
        s.path = path_;
        check_keys(root, "",
                   {"study", "territory", "layers", "geocoding", "analysis", "suggest", "scenario",
                    "accessibility"});
        if (auto* t = table(root, "study", "")) {
            check_keys(*t, "study", {"title", "note"});
            s.title = string(*t, "title", "study").value_or(s.title);
            s.note = string(*t, "note", "study").value_or("");
        }
        if (auto* t = table(root, "territory", "")) {
            check_keys(*t, "territory",
                       {"departement", "communes", "communes_code_field", "ctg", "population"});
            parse_departement(*t, s);
            if (t->contains("communes"))
                s.communes = layer(*t->get("communes"), "territory.communes");
            s.communes_code_field = string(*t, "communes_code_field", "territory").value_or("");
            if (auto c = string(*t, "ctg", "territory"))
                s.ctg = resolve(*c);
            if (const toml::node* p = t->get("population"))
                s.population = population_source(*p);
        }
        if (auto* t = table(root, "layers", "")) {
            check_keys(*t, "layers", {"structures", "initiatives", "perimeters", "zones"});
            if (t->contains("zones"))
                s.zones = layer(*t->get("zones"), "layers.zones");
            if (t->contains("structures"))
                s.structures = layer(*t->get("structures"), "layers.structures");
            if (t->contains("initiatives"))
                s.initiatives = layer(*t->get("initiatives"), "layers.initiatives");
            if (const toml::node* p = t->get("perimeters")) {
                if (const toml::array* a = p->as_array()) {
                    for (std::size_t i = 0; i < a->size(); ++i)
                        s.perimeters.push_back(
                            layer(*a->get(i), "layers.perimeters[" + std::to_string(i) + "]"));
                } else {
                    s.perimeters.push_back(layer(*p, "layers.perimeters"));
                }
            }
        }
        if (auto* t = table(root, "geocoding", "")) {
            check_keys(*t, "geocoding", {"ban"});
            if (auto b = string(*t, "ban", "geocoding"))
                s.ban = resolve(*b);
        }
        if (auto* t = table(root, "analysis", "")) {
            check_keys(*t, "analysis",
                       section_keys("analysis", {"coverage", "coverage_types", "hotspot_variable",
                                                 "hotspot_empirical_bayes"}));
            numbers(*t, "analysis", s.parameters);
            parse_choices(*t, s.parameters);
        }
        if (auto* t = table(root, "suggest", "")) {
            check_keys(*t, "suggest", section_keys("suggest", {"candidates"}));
            numbers(*t, "suggest", s.parameters);
            if (t->contains("candidates"))
                s.suggest_candidates = layer(*t->get("candidates"), "suggest.candidates");
        }
        if (const toml::node* n = root.get("scenario"))
            parse_scenarios(*n, s);
        if (auto* t = table(root, "accessibility", ""))
            parse_accessibility(*t, s.accessibility);
        if (s.parameters.coverage_rule_setting() == CoverageRule::Time &&
            !s.accessibility.enabled())
            throw StudyError(s.parameters.origin("coverage").where +
                             " : [analysis] coverage = « temps » demande un réseau routier : "
                             "ajoutez [accessibility] roads = \"extrait.osm.pbf\" (extrait "
                             "OpenStreetMap de la région)");
        return s;
    }

private:
    std::string where(const toml::node& n) const {
        return path_ + ", ligne " + std::to_string(n.source().begin.line);
    }

    void check_keys(const toml::table& t, const std::string& section,
                    const std::set<std::string>& allowed) const {
        for (const auto& [key, node] : t) {
            if (!allowed.count(std::string(key.str()))) {
                std::string list;
                for (const auto& a : allowed)
                    list += (list.empty() ? "" : ", ") + a;
                throw StudyError(where(node) + " : clé inconnue « " +
                                 (section.empty() ? "" : "[" + section + "] ") +
                                 std::string(key.str()) + " » (clés possibles : " + list + ")");
            }
        }
    }

    const toml::table* table(const toml::table& t, const char* key, const std::string&) const {
        const toml::node* n = t.get(key);
        if (!n)
            return nullptr;
        if (!n->is_table())
            throw StudyError(where(*n) + " : « " + key + " » doit être une section [" + key + "]");
        return n->as_table();
    }

    std::optional<std::string> string(const toml::table& t, const char* key,
                                      const std::string& section) const {
        const toml::node* n = t.get(key);
        if (!n)
            return std::nullopt;
        if (!n->is_string())
            throw StudyError(where(*n) + " : [" + section + "] " + key +
                             " doit être une chaîne entre guillemets");
        return n->as_string()->get();
    }

    static int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

    ParameterOrigin origin_of(const toml::node& n) const {
        return ParameterOrigin::study(path_, line_of(n));
    }

    // The numeric keys of a section (parameter_specs) plus its other keys.
    static std::set<std::string> section_keys(const std::string& section,
                                              std::set<std::string> others) {
        for (const ParameterSpec& spec : parameter_specs())
            if (section == spec.section)
                others.insert(spec.key);
        return others;
    }

    void numbers(const toml::table& t, const std::string& section, AnalysisParameters& p) const {
        for (const ParameterSpec& spec : parameter_specs())
            if (section == spec.section)
                if (const toml::node* n = t.get(spec.key))
                    p.set(spec.id, number(*n, spec.key), origin_of(*n));
    }

    void parse_choices(const toml::table& t, AnalysisParameters& p) const {
        if (const toml::node* n = t.get("coverage")) {
            const auto v = n->value<std::string>();
            const auto rule = v ? parse_coverage_rule(*v) : std::nullopt;
            if (!rule)
                throw StudyError(where(*n) + " : [analysis] coverage : « distance », « zones », "
                                             "« zones+distance » ou « temps »");
            p.set_coverage_rule(*rule, origin_of(*n));
        }
        if (const toml::node* n = t.get("coverage_types")) {
            const toml::array* a = n->as_array();
            if (!a)
                throw StudyError(where(*n) + " : [analysis] coverage_types : une liste, par "
                                             "exemple [\"CS\", \"EVS\"]");
            std::vector<StructureType> types;
            for (const toml::node& v : *a) {
                const auto code = v.value<std::string>();
                const auto type = code ? parse_structure_type_code(*code) : std::nullopt;
                if (!type)
                    throw StudyError(where(v) + " : [analysis] coverage_types : « CS », « EVS » "
                                                "ou « autre »");
                types.push_back(*type);
            }
            p.set_coverage_types(std::move(types), origin_of(*n));
        }
        if (const toml::node* n = t.get("hotspot_variable")) {
            const auto v = n->value<std::string>();
            const auto var = v ? parse_hotspot_variable(*v) : std::nullopt;
            if (!var)
                throw StudyError(where(*n) + " : [analysis] hotspot_variable : « rate » (taux "
                                             "pour 10 000 habitants) ou « count » (nombre)");
            p.set_hotspot_variable(*var, origin_of(*n));
        }
        if (const toml::node* n = t.get("hotspot_empirical_bayes")) {
            if (!n->is_boolean())
                throw StudyError(where(*n) + " : [analysis] hotspot_empirical_bayes : true ou "
                                             "false");
            p.set_hotspot_empirical_bayes(n->as_boolean()->get(), origin_of(*n));
        }
    }

    double number(const toml::node& n, const char* key) const {
        if (n.is_integer())
            return static_cast<double>(n.as_integer()->get());
        if (n.is_floating_point())
            return n.as_floating_point()->get();
        throw StudyError(where(n) + " : [analysis] " + key + " doit être un nombre");
    }

    std::string resolve(const std::string& p) const {
        if (p.empty() || fs::path(p).is_absolute() || postgis::is_database_uri(p))
            return p;
        return (dir_ / p).lexically_normal().string();
    }

    LayerSource layer(const toml::node& n, const std::string& name) const {
        LayerSource l;
        if (n.is_string()) {
            l.path = resolve(n.as_string()->get());
            return l;
        }
        const toml::table* t = n.as_table();
        if (!t)
            throw StudyError(where(n) + " : " + name +
                             " doit être un chemin ou une table { path = \"...\" }");
        check_keys(*t, name, {"path", "layer", "sheet", "crs", "columns", "sql", "illustrative"});
        auto path = string(*t, "path", name);
        if (!path)
            throw StudyError(where(n) + " : " + name + " : clé « path » manquante");
        l.path = resolve(*path);
        l.layer = string(*t, "layer", name).value_or("");
        l.sheet = string(*t, "sheet", name).value_or("");
        l.crs = string(*t, "crs", name).value_or("");
        l.sql = string(*t, "sql", name).value_or("");
        if (!l.sql.empty() && !postgis::is_database_uri(l.path))
            throw StudyError(where(n) + " : " + name +
                             " : « sql » ne vaut que pour une base PostGIS (path = "
                             "\"postgresql://…\")");
        if (const toml::node* i = t->get("illustrative")) {
            if (i->is_boolean())
                l.illustrative = i->as_boolean()->get() ? Illustrative::All : Illustrative::No;
            else if (i->value<std::string>() == "programme")
                l.illustrative = Illustrative::Programme;
            else
                throw StudyError(where(*i) + " : " + name +
                                 ".illustrative : true (toute la couche est illustrative), "
                                 "false, ou \"programme\" (seuls les attributs TECS : bonus, "
                                 "ambassadeurs, gouvernance)");
        }
        if (const toml::node* c = t->get("columns")) {
            const toml::table* ct = c->as_table();
            if (!ct)
                throw StudyError(where(*c) + " : " + name + ".columns doit être une table");
            for (const auto& [role, col] : *ct) {
                if (!col.is_string())
                    throw StudyError(where(col) + " : " + name + ".columns." +
                                     std::string(role.str()) + " doit être un nom de colonne");
                l.columns[std::string(role.str())] = col.as_string()->get();
            }
        }
        return l;
    }

    // [[scenario]] tables: name, description, add = [{ x, y, crs } | { commune }], remove,
    // extend = [{ structure, communes }].
    void parse_scenarios(const toml::node& n, Study& s) const {
        const toml::array* a = n.as_array();
        if (!a || !a->is_array_of_tables())
            throw StudyError(where(n) + " : les scénarios s'écrivent [[scenario]] (une table par "
                                        "scénario)");
        for (const toml::node& item : *a) {
            const toml::table& t = *item.as_table();
            check_keys(t, "scenario", {"name", "description", "add", "remove", "extend"});
            Scenario sc;
            sc.line = line_of(item);
            const auto name = string(t, "name", "scenario");
            if (!name || text::trim(*name).empty())
                throw StudyError(where(item) + " : [[scenario]] sans nom (name = \"...\")");
            sc.name = text::trim(*name);
            for (const Scenario& other : s.scenarios)
                if (other.name == sc.name)
                    throw StudyError(where(item) + " : scénario « " + sc.name +
                                     " » déjà défini ligne " + std::to_string(other.line));
            sc.description = string(t, "description", "scenario").value_or("");
            const std::string what = "scénario « " + sc.name + " »";
            if (const toml::node* add = t.get("add")) {
                const toml::array* sites = add->as_array();
                if (!sites)
                    throw StudyError(where(*add) + " : " + what +
                                     " : add doit être une liste de sites, par exemple "
                                     "[{ commune = \"26114\" }, { x = 850000, y = 6380000 }]");
                for (const toml::node& site : *sites)
                    sc.add.push_back(scenario_site(site, what));
            }
            if (const toml::node* rm = t.get("remove")) {
                const toml::array* names = rm->as_array();
                if (!names)
                    throw StudyError(where(*rm) + " : " + what +
                                     " : remove doit être une liste de noms de structures");
                for (const toml::node& v : *names) {
                    if (!v.is_string() || text::trim(v.as_string()->get()).empty())
                        throw StudyError(where(v) + " : " + what +
                                         " : remove : un nom de structure entre guillemets");
                    sc.remove.push_back(text::trim(v.as_string()->get()));
                }
            }
            if (const toml::node* ext = t.get("extend")) {
                const toml::array* list = ext->as_array();
                if (!list)
                    throw StudyError(where(*ext) + " : " + what +
                                     " : extend doit être une liste, par exemple [{ structure = "
                                     "\"CS de Die\", communes = [\"26114\"] }]");
                for (const toml::node& e : *list)
                    sc.extend.push_back(zone_extension(e, what));
            }
            s.scenarios.push_back(std::move(sc));
        }
    }

    ZoneExtension zone_extension(const toml::node& n, const std::string& what) const {
        const toml::table* t = n.as_table();
        const std::string example =
            " : une extension de zone est { structure = \"nom\", communes = [\"26114\"] }";
        if (!t)
            throw StudyError(where(n) + " : " + what + example);
        check_keys(*t, "scenario.extend", {"structure", "communes"});
        ZoneExtension z;
        z.structure = text::trim(string(*t, "structure", "scenario.extend").value_or(""));
        const toml::array* communes = t->get("communes") ? t->get("communes")->as_array() : nullptr;
        if (z.structure.empty() || !communes || communes->empty())
            throw StudyError(where(n) + " : " + what + example);
        for (const toml::node& c : *communes) {
            if (!c.is_string() || text::trim(c.as_string()->get()).empty())
                throw StudyError(where(c) + " : " + what +
                                 " : extend : un code INSEE entre guillemets");
            z.communes.push_back(text::trim(c.as_string()->get()));
        }
        return z;
    }

    ScenarioSite scenario_site(const toml::node& n, const std::string& what) const {
        const toml::table* t = n.as_table();
        if (!t)
            throw StudyError(
                where(n) + " : " + what +
                " : un site est une table { commune = \"...\" } ou { x = ..., y = ... }");
        check_keys(*t, "scenario.add", {"x", "y", "crs", "commune", "name"});
        ScenarioSite site;
        site.name = string(*t, "name", "scenario.add").value_or("");
        site.crs = string(*t, "crs", "scenario.add").value_or("");
        if (auto c = string(*t, "commune", "scenario.add"))
            site.commune = text::trim(*c);
        for (const char* axis : {"x", "y"})
            if (const toml::node* v = t->get(axis)) {
                if (!v->is_number())
                    throw StudyError(where(*v) + " : " + what + " : " + axis +
                                     " doit être un nombre");
                (std::string(axis) == "x" ? site.x : site.y) = v->value<double>();
            }
        const bool has_xy = site.x && site.y;
        if ((site.x.has_value() != site.y.has_value()) || (has_xy == !site.commune.empty()))
            throw StudyError(where(n) + " : " + what +
                             " : un site a soit x et y, soit commune (code INSEE)");
        if (!site.crs.empty() && !has_xy)
            throw StudyError(where(n) + " : " + what + " : crs n'a de sens qu'avec x et y");
        return site;
    }

    void parse_departement(const toml::table& t, Study& s) const {
        const toml::node* n = t.get("departement");
        if (!n)
            return;
        s.departements.clear();
        // Codes of the départements with commune boundaries: 01-95 (Corsica 2A, 2B), 971-974,
        // 976. Anything else would only fail later, without the study's line.
        auto is_code = [](const std::string& c) {
            if (c == "2A" || c == "2B")
                return true;
            auto digits = [&](std::size_t k) {
                return c.size() == k && std::all_of(c.begin(), c.end(), [](char x) {
                           return std::isdigit(static_cast<unsigned char>(x));
                       });
            };
            if (digits(2))
                return c != "00" && c != "20" && c <= "95";
            return digits(3) && c >= "971" && c <= "976" && c != "975";
        };
        const toml::node* star = nullptr;
        auto add = [&](const toml::node& v) {
            if (!v.is_string())
                throw StudyError(where(v) + " : [territory] departement : un code entre "
                                            "guillemets (\"26\", \"2A\") ou \"*\"");
            const std::string raw = v.as_string()->get();
            const std::string code = text::normalize_departement(raw);
            if (code == "*") {
                star = &v;
            } else if (!is_code(code)) {
                throw StudyError(where(v) + " : [territory] departement : « " + raw +
                                 " » n'est pas un code de département (01 à 95, 2A, 2B, 971 à "
                                 "974, 976) ni \"*\" (France métropolitaine)" +
                                 (code == "20" ? " ; la Corse est « 2A » et « 2B »" : ""));
            }
            if (std::find(s.departements.begin(), s.departements.end(), code) !=
                s.departements.end())
                throw StudyError(where(v) + " : [territory] departement : « " + code +
                                 " » figure deux fois dans la liste");
            s.departements.push_back(code);
        };
        if (const toml::array* a = n->as_array()) {
            for (const auto& v : *a)
                add(v);
        } else {
            add(*n);
        }
        if (s.departements.empty())
            throw StudyError(where(*n) + " : [territory] departement est vide");
        if (star && s.departements.size() > 1)
            throw StudyError(where(*star) + " : [territory] departement : \"*\" (toute la France "
                                            "métropolitaine) ne se combine pas avec des codes : "
                                            "écrivez soit \"*\", soit la liste des départements");
    }

    // A number of a section within [min, max] (min excluded when `min_open`), with the line.
    double bounded(const toml::node& n, const std::string& name, double min, double max,
                   bool min_open, const char* unit) const {
        if (!n.is_integer() && !n.is_floating_point())
            throw StudyError(where(n) + " : " + name + " doit être un nombre");
        const double v = number(n, name.c_str());
        if (!std::isfinite(v) || v < min || (min_open && v == min) || v > max)
            throw StudyError(where(n) + " : " + name + " : " + fr::number(v, 6) +
                             " hors de l'intervalle valide (" + (min_open ? "plus de " : "") +
                             fr::number(min, 2) + " à " + fr::number(max, 2) + fr::kThinSpace +
                             unit + ")");
        return v;
    }

    PopulationSource population_source(const toml::node& n) const {
        PopulationSource p;
        if (n.is_string()) {
            p.path = resolve(n.as_string()->get());
            return p;
        }
        const toml::table* t = n.as_table();
        if (!t)
            throw StudyError(where(n) + " : [territory] population doit être un chemin ou une "
                                        "table { path = \"carreaux.gpkg\", column = \"Ind\" }");
        check_keys(*t, "territory.population", {"path", "layer", "column"});
        auto path = string(*t, "path", "territory.population");
        if (!path || path->empty())
            throw StudyError(where(n) + " : [territory] population : clé « path » manquante");
        p.path = resolve(*path);
        p.layer = string(*t, "layer", "territory.population").value_or("");
        if (auto c = string(*t, "column", "territory.population")) {
            if (text::trim(*c).empty())
                throw StudyError(where(*t->get("column")) +
                                 " : [territory] population.column est vide (colonne de "
                                 "population de la grille, « Ind » pour l'INSEE)");
            p.column = *c;
        }
        return p;
    }

    void parse_accessibility(const toml::table& t, AccessibilitySettings& a) const {
        check_keys(t, "accessibility",
                   {"roads", "margin_km", "walk_kmh", "speeds_kmh", "isochrones", "e2sfca_decay"});
        if (auto r = string(t, "roads", "accessibility")) {
            if (text::trim(*r).empty())
                throw StudyError(where(*t.get("roads")) +
                                 " : [accessibility] roads est vide (extrait OpenStreetMap "
                                 ".osm.pbf de la région)");
            a.roads = resolve(*r);
        }
        if (const toml::node* n = t.get("margin_km"))
            a.margin_km = bounded(*n, "[accessibility] margin_km", 0, kMaxMarginKm, false, "km");
        if (const toml::node* n = t.get("walk_kmh"))
            a.walk_kmh =
                bounded(*n, "[accessibility] walk_kmh", kMinWalkKmh, kMaxWalkKmh, false, "km/h");
        if (const toml::node* n = t.get("speeds_kmh")) {
            const toml::table* sp = n->as_table();
            if (!sp)
                throw StudyError(where(*n) + " : [accessibility] speeds_kmh : une table, par "
                                             "exemple { primary = 70, track = 15 }");
            for (const auto& [key, value] : *sp) {
                const std::string k(key.str());
                const bool name_ok = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                });
                if (!name_ok)
                    throw StudyError(where(value) + " : [accessibility] speeds_kmh : « " + k +
                                     " » n'est pas une classe de route OpenStreetMap (valeur "
                                     "de highway=*, par exemple primary, residential, track)");
                a.speeds_kmh[k] = bounded(value, "[accessibility] speeds_kmh." + k, 0, kMaxSpeedKmh,
                                          false, "km/h (0 retire la classe)");
            }
        }
        if (const toml::node* n = t.get("isochrones")) {
            a.isochrone_minutes.clear();
            if (n->is_boolean()) {
                if (n->as_boolean()->get())
                    a.isochrone_minutes = {10, 15, 20, 30};
            } else if (const toml::array* arr = n->as_array()) {
                for (const toml::node& v : *arr) {
                    const double m = bounded(v, "[accessibility] isochrones", 0, 180, true, "min");
                    if (!a.isochrone_minutes.empty() && m <= a.isochrone_minutes.back())
                        throw StudyError(where(v) + " : [accessibility] isochrones : les durées "
                                                    "doivent croître ([10, 15, 20, 30])");
                    a.isochrone_minutes.push_back(m);
                }
            } else {
                throw StudyError(where(*n) + " : [accessibility] isochrones : true, false ou "
                                             "une liste de minutes ([10, 15, 20, 30])");
            }
        }
        if (const toml::node* n = t.get("e2sfca_decay")) {
            const auto v = n->value<std::string>();
            if (v && *v == "bands")
                a.e2sfca_decay = E2sfcaDecay::Bands;
            else if (v && *v == "gaussian")
                a.e2sfca_decay = E2sfcaDecay::Gaussian;
            else
                throw StudyError(where(*n) + " : [accessibility] e2sfca_decay : « bands » "
                                             "(tranches 10/20/30 min) ou « gaussian »");
        }
    }

    std::string path_;
    fs::path dir_;
};

} // namespace

std::vector<std::pair<std::string, std::string>> study_input_files(const Study& s) {
    std::vector<std::pair<std::string, std::string>> files;
    auto add = [&](const std::string& role, const std::string& path) {
        if (!path.empty())
            files.emplace_back(role, path);
    };
    add("study", s.path);
    if (s.communes)
        add("territory.communes", s.communes->path);
    add("territory.ctg", s.ctg);
    if (s.population)
        add("territory.population", s.population->path);
    if (s.structures)
        add("layers.structures", s.structures->path);
    if (s.initiatives)
        add("layers.initiatives", s.initiatives->path);
    for (std::size_t i = 0; i < s.perimeters.size(); ++i)
        add("layers.perimeters[" + std::to_string(i) + "]", s.perimeters[i].path);
    if (s.zones)
        add("layers.zones", s.zones->path);
    add("geocoding.ban", s.ban);
    if (s.suggest_candidates)
        add("suggest.candidates", s.suggest_candidates->path);
    add("accessibility.roads", s.accessibility.roads);
    return files;
}

const char* to_string(E2sfcaDecay decay) {
    return decay == E2sfcaDecay::Gaussian ? "gaussian" : "bands";
}

std::string Study::territory_label() const {
    if (departements.size() == 1 && departements[0] == "*")
        return "France métropolitaine";
    return text::join(departements, ", ");
}

namespace {

std::string relative_to(const std::string& path, const std::string& directory) {
    if (path.empty())
        return path;
    const fs::path rel = fs::path(path).lexically_relative(directory);
    return (!rel.empty() && rel.native().rfind("..", 0) != 0) ? rel.string() : path;
}

bool is_plain(const LayerSource& l) {
    return l.layer.empty() && l.sheet.empty() && l.crs.empty() && l.columns.empty() &&
           l.sql.empty() && l.illustrative == Illustrative::No;
}

toml::table layer_table(const LayerSource& l, const std::string& dir) {
    toml::table t{{"path", relative_to(l.path, dir)}};
    if (!l.layer.empty())
        t.insert("layer", l.layer);
    if (!l.sheet.empty())
        t.insert("sheet", l.sheet);
    if (l.illustrative == Illustrative::All)
        t.insert("illustrative", true);
    else if (l.illustrative == Illustrative::Programme)
        t.insert("illustrative", "programme");
    if (!l.crs.empty())
        t.insert("crs", l.crs);
    if (!l.sql.empty())
        t.insert("sql", l.sql);
    if (!l.columns.empty()) {
        toml::table cols;
        for (const auto& [role, col] : l.columns)
            cols.insert(role, col);
        t.insert("columns", std::move(cols));
    }
    return t;
}

// A layer is written as a plain path when it has nothing else, else as an inline table.
void put_layer(toml::table& parent, const char* key, const LayerSource& l, const std::string& dir) {
    if (is_plain(l)) {
        parent.insert(key, relative_to(l.path, dir));
    } else {
        toml::table t = layer_table(l, dir);
        t.is_inline(true);
        parent.insert(key, std::move(t));
    }
}

// One [[scenario]] table, as study_to_toml and append_scenario write it.
toml::table scenario_table(const Scenario& sc) {
    toml::table t{{"name", sc.name}};
    if (!sc.description.empty())
        t.insert("description", sc.description);
    toml::array add;
    for (const ScenarioSite& site : sc.add) {
        toml::table st;
        if (!site.commune.empty())
            st.insert("commune", site.commune);
        if (site.x && site.y) {
            st.insert("x", *site.x);
            st.insert("y", *site.y);
        }
        if (!site.crs.empty())
            st.insert("crs", site.crs);
        if (!site.name.empty())
            st.insert("name", site.name);
        st.is_inline(true);
        add.push_back(std::move(st));
    }
    t.insert("add", std::move(add));
    toml::array remove;
    for (const std::string& r : sc.remove)
        remove.push_back(r);
    t.insert("remove", std::move(remove));
    if (!sc.extend.empty()) {
        toml::array extend;
        for (const ZoneExtension& z : sc.extend) {
            toml::array communes;
            for (const std::string& c : z.communes)
                communes.push_back(c);
            toml::table e{{"structure", z.structure}, {"communes", std::move(communes)}};
            e.is_inline(true);
            extend.push_back(std::move(e));
        }
        t.insert("extend", std::move(extend));
    }
    return t;
}

} // namespace

std::string study_to_toml(const Study& s, const std::string& dir) {
    toml::table root;
    toml::table study{{"title", s.title}};
    if (!s.note.empty())
        study.insert("note", s.note);
    root.insert("study", std::move(study));
    toml::table territory;
    if (s.departements.size() == 1) {
        territory.insert("departement", s.departements.front());
    } else {
        toml::array deps;
        for (const auto& d : s.departements)
            deps.push_back(d);
        territory.insert("departement", std::move(deps));
    }
    if (s.communes)
        put_layer(territory, "communes", *s.communes, dir);
    if (!s.communes_code_field.empty())
        territory.insert("communes_code_field", s.communes_code_field);
    if (!s.ctg.empty())
        territory.insert("ctg", relative_to(s.ctg, dir));
    if (s.population) {
        const PopulationSource& p = *s.population;
        if (p.layer.empty() && p.column == PopulationSource{}.column) {
            territory.insert("population", relative_to(p.path, dir));
        } else {
            toml::table t{{"path", relative_to(p.path, dir)}, {"column", p.column}};
            if (!p.layer.empty())
                t.insert("layer", p.layer);
            t.is_inline(true);
            territory.insert("population", std::move(t));
        }
    }
    root.insert("territory", std::move(territory));
    toml::table layers;
    if (s.structures)
        put_layer(layers, "structures", *s.structures, dir);
    if (s.initiatives)
        put_layer(layers, "initiatives", *s.initiatives, dir);
    if (!s.perimeters.empty()) {
        toml::array per;
        for (const auto& p : s.perimeters) {
            if (is_plain(p)) {
                per.push_back(relative_to(p.path, dir));
            } else {
                toml::table t = layer_table(p, dir);
                t.is_inline(true);
                per.push_back(std::move(t));
            }
        }
        layers.insert("perimeters", std::move(per));
    }
    if (s.zones)
        put_layer(layers, "zones", *s.zones, dir);
    root.insert("layers", std::move(layers));
    if (!s.ban.empty())
        root.insert("geocoding", toml::table{{"ban", relative_to(s.ban, dir)}});
    toml::table analysis, suggest;
    for (const ParameterSpec& spec : parameter_specs()) {
        const double v = s.parameters.get(spec.id);
        toml::table& section = std::string(spec.section) == "suggest" ? suggest : analysis;
        if (spec.whole)
            section.insert(spec.key, static_cast<std::int64_t>(v));
        else
            section.insert(spec.key, v);
    }
    if (const auto& rule = s.parameters.coverage_rule_setting())
        analysis.insert("coverage", to_string(*rule));
    toml::array types;
    for (StructureType t : s.parameters.coverage_types())
        types.push_back(to_string(t));
    analysis.insert("coverage_types", std::move(types));
    analysis.insert("hotspot_variable", to_string(s.parameters.hotspot_variable()));
    analysis.insert("hotspot_empirical_bayes", s.parameters.hotspot_empirical_bayes());
    root.insert("analysis", std::move(analysis));
    if (s.suggest_candidates)
        put_layer(suggest, "candidates", *s.suggest_candidates, dir);
    root.insert("suggest", std::move(suggest));
    if (s.accessibility != AccessibilitySettings{}) {
        const AccessibilitySettings& a = s.accessibility;
        toml::table access;
        if (a.enabled())
            access.insert("roads", relative_to(a.roads, dir));
        access.insert("margin_km", a.margin_km);
        access.insert("walk_kmh", a.walk_kmh);
        if (!a.speeds_kmh.empty()) {
            toml::table speeds;
            for (const auto& [k, v] : a.speeds_kmh)
                speeds.insert(k, v);
            speeds.is_inline(true);
            access.insert("speeds_kmh", std::move(speeds));
        }
        toml::array minutes;
        for (double m : a.isochrone_minutes)
            minutes.push_back(m);
        access.insert("isochrones", std::move(minutes));
        access.insert("e2sfca_decay", to_string(a.e2sfca_decay));
        root.insert("accessibility", std::move(access));
    }
    if (!s.scenarios.empty()) {
        toml::array scenarios;
        for (const Scenario& sc : s.scenarios)
            scenarios.push_back(scenario_table(sc));
        root.insert("scenario", std::move(scenarios));
    }
    std::ostringstream out;
    out << "# Étude tecsmap (voir docs/study-file.md)\n" << root << "\n";
    return out.str();
}

void save_study(const Study& study, const std::string& path) {
    AtomicOutput out(path);
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        f << study_to_toml(study, fs::absolute(path).parent_path().string());
        f.flush();
        if (!f)
            throw OutputError(path + " : écriture impossible");
    }
    out.commit();
}

void append_scenario(const std::string& path, const Scenario& scenario) {
    std::string text;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw StudyError(path + " : fichier d'étude introuvable ou illisible");
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    const std::string absolute = fs::absolute(path).string();
    for (const Scenario& sc : parse_study(text, absolute).scenarios)
        if (sc.name == scenario.name)
            throw StudyError(path + " : le scénario « " + scenario.name + " » existe déjà (ligne " +
                             std::to_string(sc.line) + ") : choisissez un autre nom");
    toml::table root;
    root.insert("scenario", toml::array{scenario_table(scenario)});
    std::ostringstream block;
    block << root << "\n";
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    text += '\n'; // a blank line before the new table
    text += block.str();
    parse_study(text, absolute); // what is written reads back (else StudyError, nothing written)
    AtomicOutput out(path);
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        f << text;
        f.flush();
        if (!f)
            throw OutputError(path + " : écriture impossible");
    }
    out.commit();
}

Study parse_study(const std::string& text, const std::string& path) {
    // Bounded before parsing: a deeply nested text would overflow the stack after the parse.
    check_toml_nesting(text, path);
    return StudyParser(path).parse(text);
}

Study load_study(const std::string& path) {
    // A directory, a FIFO, a device or an oversized file is refused before any read.
    std::string text;
    try {
        text = read_input_file(path, InputKind::Study);
    } catch (const InputError& e) {
        throw StudyError(std::string("fichier d'étude ") + e.what());
    }
    return parse_study(text, fs::absolute(path).string());
}

} // namespace tecsmap
