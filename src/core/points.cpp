#include "points.hpp"

#include "errors.hpp"
#include "point_table.hpp"
#include "text.hpp"

#include <cmath>

namespace tecsmap {

namespace {

std::optional<bool> parse_yes_no(const std::string& v) {
    const std::string n = text::normalize_name(v);
    if (n.empty())
        return std::nullopt;
    if (n == "1" || n == "oui" || n == "o" || n == "yes" || n == "y" || n == "true" ||
        n == "vrai" || n == "x")
        return true;
    if (n == "0" || n == "non" || n == "n" || n == "no" || n == "false" || n == "faux")
        return false;
    return std::nullopt;
}

// "Centre social" -> CS, "Espace de vie sociale" -> EVS; anything else is another kind of place.
StructureType normalize_structure_type(const std::string& raw) {
    const std::string n = text::normalize_name(raw);
    if (n == "cs" || n == "csx" || n == "centre_social" || n == "centres_sociaux" ||
        n == "centre_socioculturel" || n == "centre_social_associatif")
        return StructureType::CS;
    if (n == "evs" || n == "espace_de_vie_sociale")
        return StructureType::EVS;
    return StructureType::Other;
}

// Exact duplicate rows are counted once: listed in rejects and in the messages.
bool skip_duplicate(const PointTable& pt, const SourceRow& row, Rejects& rejects,
                    Diagnostics& diagnostics) {
    auto first = pt.duplicate_of(row);
    if (!first)
        return false;
    const std::string why = "doublon exact de la " + *first + " : ignoré";
    rejects.push_back(pt.reject(row, why, false));
    diagnostics.warn("duplicate_row", why, pt.table().path, pt.table().location(row));
    return true;
}

} // namespace

std::string commune_code(const Territory& territory, const Placement& place) {
    return place.in_territory() ? territory.communes[place.commune].insee : std::string();
}

std::size_t ctg_index(const Territory& territory, const Placement& place) {
    return place.in_territory() ? territory.communes[place.commune].ctg : Territory::npos;
}

std::string ctg_code(const Territory& territory, const Placement& place) {
    return place.in_territory() ? territory.ctgs[territory.communes[place.commune].ctg].code
                                : std::string();
}

std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const Cog& cog, Rejects& rejects, Diagnostics& diagnostics) {
    const CommuneLocator locator(territory);
    return read_structures(source, territory, locator, cog, rejects, diagnostics);
}

std::vector<Structure> read_structures(const LayerSource& source, const Territory& territory,
                                       const CommuneLocator& locator, const Cog& cog,
                                       Rejects& rejects, Diagnostics& diagnostics) {
    PointTable pt(source, territory, locator, cog, "structures");
    const auto name = pt.column(
        "name", {"nom", "name", "nom_structure", "structure", "raison_sociale", "libelle"});
    if (!name)
        throw InputError(source.path, "colonne du nom de la structure absente (nom, name) ; "
                                      "colonnes lues : " +
                                          text::join(pt.table().fields, ", "));
    const auto type = pt.column("type", {"type", "typologie", "type_structure", "categorie"});
    const auto ambassador =
        pt.column("ambassador", {"ambassadeur", "ambassadeur_tecs", "ambassador", "ambassadrice"});
    const auto bonus = pt.column("bonus", {"bonus_dd", "bonus", "bonification",
                                           "bonus_developpement_durable", "dimensions_bonus"});
    const auto capacity = pt.column("capacity", {"capacite", "capacity", "capacite_accueil"});
    pt.report_layer(diagnostics);
    std::vector<Structure> out;
    for (const SourceRow& row : pt.table().rows) {
        if (skip_duplicate(pt, row, rejects, diagnostics))
            continue;
        std::string problem;
        Structure s;
        s.name = pt.value(row, name);
        s.category = pt.value(row, type);
        s.type = normalize_structure_type(s.category);
        s.bonus = pt.value(row, bonus);
        s.source = pt.table().ref(row);
        const std::string amb = pt.value(row, ambassador);
        s.ambassador = parse_yes_no(amb);
        // A structure without coordinates is placed on its commune: coverage needs it, and a
        // commune-level position is the best that is known.
        s.place = pt.place(row, true, problem, s.name, diagnostics);
        if (!s.place.xy) {
            rejects.push_back(
                pt.reject(row, problem.empty() ? "structure sans position" : problem, false));
            continue;
        }
        if (s.place.method == PlacementMethod::Commune) {
            rejects.push_back(pt.reject(row,
                                        (problem.empty() ? "" : problem + " ; ") +
                                            "placée au point représentatif de sa commune",
                                        true));
        } else if (!problem.empty()) {
            rejects.push_back(pt.reject(row, problem, true));
        }
        if (s.name.empty())
            diagnostics.warn("structure_without_name", "structure sans nom", source.path,
                             s.source.location());
        if (!amb.empty() && !s.ambassador)
            diagnostics.warn("bad_value",
                             "valeur « " + amb + " » non comprise pour ambassadeur (oui/non)",
                             source.path, s.source.location());
        if (capacity) {
            // E2SFCA supply: a missing or unusable capacity counts as 1, and says so.
            const std::string cap = pt.value(row, capacity);
            const auto v = text::parse_number(cap);
            if (v && std::isfinite(*v) && *v >= 0)
                s.capacity = *v;
            else
                diagnostics.warn("bad_value",
                                 (cap.empty() ? std::string("capacité vide")
                                              : "capacité « " + cap + " » illisible") +
                                     " : la structure compte pour 1 dans l'indice E2SFCA",
                                 source.path, s.source.location());
        }
        out.push_back(std::move(s));
    }
    if (out.empty() && !pt.table().rows.empty())
        diagnostics.warn("empty_layer", "aucune structure utilisable", source.path);
    return out;
}

std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const Cog& cog, Rejects& rejects,
                                         Diagnostics& diagnostics) {
    const CommuneLocator locator(territory);
    return read_initiatives(source, territory, locator, cog, rejects, diagnostics);
}

std::vector<Initiative> read_initiatives(const LayerSource& source, const Territory& territory,
                                         const CommuneLocator& locator, const Cog& cog,
                                         Rejects& rejects, Diagnostics& diagnostics) {
    PointTable pt(source, territory, locator, cog, "initiatives");
    const auto title = pt.column("title", {"titre", "title", "intitule", "projet", "nom", "name"});
    const auto year = pt.column("year", {"annee", "year", "an", "millesime"});
    const auto theme = pt.column("theme", {"theme", "thematique", "theme_principal"});
    const auto structure = pt.column("structure", {"structure", "porteur", "structure_porteuse"});
    if (!title)
        throw InputError(source.path, "colonne du titre de l'initiative absente (titre, title) ; "
                                      "colonnes lues : " +
                                          text::join(pt.table().fields, ", "));
    pt.report_layer(diagnostics);
    std::vector<Initiative> out;
    for (const SourceRow& row : pt.table().rows) {
        if (skip_duplicate(pt, row, rejects, diagnostics))
            continue;
        std::string problem;
        Initiative it;
        it.title = pt.value(row, title);
        it.theme = pt.value(row, theme);
        it.structure = pt.value(row, structure);
        it.source = pt.table().ref(row);
        const std::string y = pt.value(row, year);
        if (!y.empty()) {
            auto v = text::parse_number(y);
            if (v && *v == std::floor(*v) && *v > 1900 && *v < 2200)
                it.year = static_cast<int>(*v);
            else
                diagnostics.warn("bad_value", "année illisible « " + y + " »", source.path,
                                 pt.table().location(row));
        }
        it.place = pt.place(row, true, problem, it.title, diagnostics);
        if (!it.place.xy) {
            // Kept without geometry (spec): counted nowhere, but visible in the output.
            rejects.push_back(
                pt.reject(row,
                          (problem.empty() ? "ni coordonnées ni code INSEE" : problem) +
                              " : initiative gardée sans géométrie",
                          true));
        } else if (it.place.method == PlacementMethod::Commune && !problem.empty()) {
            rejects.push_back(pt.reject(row,
                                        problem + " : placée au point représentatif de la "
                                                  "commune",
                                        true));
        } else if (!problem.empty()) {
            rejects.push_back(pt.reject(row, problem, true));
        }
        out.push_back(std::move(it));
    }
    return out;
}

} // namespace tecsmap
