#include "register_columns.hpp"

#include "../text.hpp"

#include <algorithm>
#include <set>

namespace tecsmap::registers {

const std::vector<RoleSpec>& role_specs() {
    // Order matters: a field serves the first role that claims it, and within a role the
    // first name found wins. Names are normalised (text::normalize_name).
    static const std::vector<RoleSpec> specs = {
        {Role::Name,
         "name",
         "nom",
         {"nom", "name", "nom_structure", "nom_de_la_structure", "raison_sociale", "libelle",
          "denomination", "nom_equipement", "equipement", "etablissement", "structure"}},
        {Role::Title, "title", "titre", {"titre", "title", "intitule", "projet", "nom", "name"}},
        {Role::Type,
         "type",
         "type d'agrément",
         {"type", "typologie", "type_structure", "type_de_structure", "agrement", "type_d_agrement",
          "type_agrement", "nature_agrement", "nature_de_l_agrement", "categorie",
          "type_equipement"}},
        {Role::Category,
         "category",
         "catégorie",
         {"categorie", "nature", "nature_du_lieu", "type_de_lieu", "categorie_de_lieu"}},
        {Role::Siret, "siret", "SIRET", {"siret", "n_siret", "numero_siret", "no_siret"}},
        {Role::Identifier,
         "id",
         "identifiant",
         {"identifiant", "id", "id_structure", "identifiant_structure", "code_structure",
          "numero_structure", "n_structure", "matricule", "numero_de_dossier", "numero_dossier",
          "n_dossier"}},
        {Role::Capacity, "capacity", "capacité", {"capacite", "capacity", "capacite_accueil"}},
        {Role::AgreementStart,
         "agreement_start",
         "date d'agrément",
         {"date_d_agrement", "date_agrement", "debut_d_agrement", "debut_agrement",
          "date_de_debut_d_agrement", "date_debut_agrement", "date_de_debut_agrement",
          "date_de_debut", "date_debut", "agrement_debut", "agrement_du"}},
        {Role::AgreementEnd,
         "agreement_end",
         "fin d'agrément",
         {"fin_d_agrement", "fin_agrement", "date_de_fin_d_agrement", "date_fin_agrement",
          "date_de_fin_agrement", "date_de_fin", "date_fin", "echeance_agrement",
          "echeance_de_l_agrement", "echeance", "agrement_fin", "agrement_au",
          "fin_de_l_agrement"}},
        {Role::ZoneInsee,
         "zone_insee",
         "zone de compétence",
         {"zone_insee", "zone_de_competence", "zone_competence", "communes_de_la_zone",
          "zone_d_intervention", "zone_intervention", "communes_couvertes"}},
        {Role::Address,
         "address",
         "adresse",
         {"adresse", "address", "adresse_1", "adresse1", "adresse_postale", "numero_et_voie",
          "n_et_voie", "no_et_voie", "num_et_voie", "adresse_ligne_1", "ligne_adresse_1",
          "adresse_de_la_structure", "adresse_structure", "adr"}},
        {Role::HouseNumber,
         "house_number",
         "numéro",
         {"numero", "n", "no", "num", "numero_voie", "numero_de_voie", "n_voie", "num_voie"}},
        {Role::Street,
         "street",
         "voie",
         {"voie", "nom_voie", "nom_de_la_voie", "rue", "libelle_voie", "libelle_de_la_voie"}},
        {Role::Complement,
         "complement",
         "complément d'adresse",
         {"complement", "complement_adresse", "complement_d_adresse", "adresse_2", "adresse2",
          "adresse_ligne_2", "ligne_adresse_2", "lieu_dit", "batiment"}},
        {Role::Postcode,
         "postcode",
         "code postal",
         {"code_postal", "cp", "codepostal", "code_post", "postcode", "postal_code", "zip"}},
        {Role::Commune,
         "commune",
         "commune",
         {"commune", "ville", "localite", "nom_commune", "nom_de_la_commune", "libelle_commune",
          "commune_d_implantation", "commune_implantation", "city"}},
        {Role::Insee,
         "insee",
         "code INSEE",
         {"code_insee", "insee", "code_commune", "code_commune_insee", "codgeo", "code_geo",
          "insee_com", "commune_insee", "cog", "depcom", "com"}},
        {Role::Longitude, "longitude", "longitude", {"longitude", "lon", "lng", "long", "x_wgs84"}},
        {Role::Latitude, "latitude", "latitude", {"latitude", "lat", "y_wgs84"}},
        {Role::X, "x", "x", {"x", "coord_x", "x_l93", "xl93", "x_lambert93", "easting"}},
        {Role::Y, "y", "y", {"y", "coord_y", "y_l93", "yl93", "y_lambert93", "northing"}},
        {Role::Year, "year", "année", {"annee", "year", "an", "millesime", "exercice"}},
        {Role::BonusInterne,
         "bonus_interne",
         "bonus interne (pratiques professionnelles)",
         {"bonus_interne", "bonus_dd_interne", "bonus_pratiques_professionnelles",
          "pratiques_professionnelles", "dimension_interne", "interne"},
         true},
        {Role::BonusExterne,
         "bonus_externe",
         "bonus externe (actions habitants)",
         {"bonus_externe", "bonus_dd_externe", "bonus_actions_habitants", "actions_habitants",
          "dimension_externe", "externe"},
         true},
        {Role::BonusTransversale,
         "bonus_transversale",
         "bonus transversal (projet social et partenariat)",
         {"bonus_transversale", "bonus_transversal", "bonus_dd_transversale",
          "bonus_dd_transversal", "bonus_projet_social", "projet_social_et_partenariat",
          "dimension_transversale", "transversale", "transversal"},
         true},
        {Role::Bonus,
         "bonus",
         "bonus développement durable",
         {"bonus_dd", "bonus", "bonification", "bonus_developpement_durable", "dimensions_bonus"},
         true},
        {Role::AmbassadorHours,
         "ambassador_hours",
         "heures d'ambassadeur par mois",
         {"heures_ambassadeur", "heures_ambassadeur_tecs", "ambassadeur_heures", "heures_par_mois",
          "heures_mois", "nb_heures_ambassadeur", "temps_ambassadeur",
          "heures_ambassadeur_par_mois"},
         true},
        {Role::Ambassador,
         "ambassador",
         "ambassadeur TECS",
         {"ambassadeur", "ambassadeur_tecs", "ambassador", "ambassadrice"},
         true},
        {Role::ParticipationPat,
         "participation_pat",
         "participation au PAT",
         {"participation_pat", "participation_gouvernance_pat", "gouvernance_pat", "pat"},
         true},
        {Role::ParticipationPcaet,
         "participation_pcaet",
         "participation au PCAET",
         {"participation_pcaet", "participation_gouvernance_pcaet", "gouvernance_pcaet", "pcaet"},
         true},
        {Role::ParticipationCte,
         "participation_cte",
         "participation au CTE",
         {"participation_cte", "participation_gouvernance_cte", "gouvernance_cte", "cte"},
         true},
        {Role::Theme, "theme", "thème", {"theme", "thematique", "theme_principal"}},
        {Role::Carrier,
         "structure",
         "structure porteuse",
         {"structure", "porteur", "structure_porteuse"}},
        {Role::Illustrative,
         "illustrative",
         "donnée illustrative",
         {"illustratif", "illustrative", "donnee_illustrative", "donnees_illustratives",
          "donnees_de_demonstration", "demonstration"}},
    };
    return specs;
}

const RoleSpec& spec_of(Role role) {
    for (const RoleSpec& s : role_specs())
        if (s.role == role)
            return s;
    return role_specs().front(); // unreachable: every role has a spec
}

std::optional<Role> role_of_key(std::string_view key) {
    for (const RoleSpec& s : role_specs())
        if (s.key == key)
            return s.role;
    return std::nullopt;
}

std::vector<Role> roles_of(RegisterKind kind) {
    std::vector<Role> out;
    for (const RoleSpec& s : role_specs()) {
        const bool initiative_only =
            s.role == Role::Title || s.role == Role::Theme || s.role == Role::Carrier;
        const bool structure_only =
            s.role == Role::Name || s.role == Role::Type || s.role == Role::Siret ||
            s.role == Role::Identifier || s.role == Role::Category || s.role == Role::Capacity ||
            s.role == Role::AgreementStart || s.role == Role::AgreementEnd ||
            s.role == Role::ZoneInsee || s.role == Role::BonusInterne ||
            s.role == Role::BonusExterne || s.role == Role::BonusTransversale ||
            s.role == Role::Bonus || s.role == Role::Ambassador ||
            s.role == Role::AmbassadorHours || s.role == Role::ParticipationPat ||
            s.role == Role::ParticipationPcaet || s.role == Role::ParticipationCte;
        if ((kind == RegisterKind::Structures && !initiative_only) ||
            (kind == RegisterKind::Initiatives && !structure_only))
            out.push_back(s.role);
    }
    return out;
}

std::optional<std::pair<std::string, int>> split_year(std::string_view field) {
    const std::vector<std::string> parts = text::split(text::normalize_name(field), '_');
    std::vector<std::string> rest;
    std::optional<int> year;
    for (const std::string& p : parts) {
        if (p.size() == 4 && std::all_of(p.begin(), p.end(), ::isdigit)) {
            const int y = std::stoi(p);
            if (y >= 1990 && y <= 2100) {
                if (year)
                    return std::nullopt;
                year = y;
                continue;
            }
        }
        rest.push_back(p);
    }
    if (!year || rest.empty())
        return std::nullopt;
    return std::pair{text::join(rest, "_"), *year};
}

std::optional<std::size_t> RegisterColumns::get(Role role) const {
    auto it = column.find(role);
    if (it == column.end())
        return std::nullopt;
    return it->second;
}

std::string RegisterColumns::value(const std::vector<std::string>& values, Role role) const {
    auto i = get(role);
    return i && *i < values.size() ? text::trim(values[*i]) : std::string();
}

RegisterColumns resolve_columns(const std::vector<std::string>& fields, RegisterKind kind,
                                const std::map<std::string, std::string>& explicit_columns) {
    RegisterColumns out;
    std::vector<std::string> normalized;
    for (const std::string& f : fields)
        normalized.push_back(text::normalize_name(f));
    std::set<std::size_t> taken;
    const std::vector<Role> roles = roles_of(kind);
    auto wanted = [&](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };

    for (const auto& [key, column] : explicit_columns) {
        auto role = role_of_key(key);
        if (!role) {
            out.unknown_keys.push_back(key);
            continue;
        }
        std::optional<std::size_t> index;
        for (std::size_t i = 0; i < fields.size() && !index; ++i)
            if (fields[i] == column)
                index = i;
        for (std::size_t i = 0; i < fields.size() && !index; ++i)
            if (normalized[i] == text::normalize_name(column))
                index = i;
        if (!index) {
            out.missing_columns.push_back(column + " (columns." + key + ")");
            continue;
        }
        out.column[*role] = *index;
        taken.insert(*index);
    }
    for (const RoleSpec& s : role_specs()) {
        if (!wanted(s.role) || out.column.count(s.role))
            continue;
        for (std::string_view name : s.names) {
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (!taken.count(i) && normalized[i] == name) {
                    out.column[s.role] = i;
                    taken.insert(i);
                    break;
                }
            }
            if (out.column.count(s.role))
                break;
        }
    }
    // Columns per year: "Bonus interne 2022", "2021_ambassadeur".
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (taken.count(i))
            continue;
        auto split = split_year(fields[i]);
        if (!split)
            continue;
        for (const RoleSpec& s : role_specs()) {
            if (!s.yearly || !wanted(s.role))
                continue;
            if (std::find(s.names.begin(), s.names.end(), split->first) != s.names.end()) {
                out.yearly[s.role][split->second] = i;
                taken.insert(i);
                break;
            }
        }
    }
    return out;
}

geocoding::RegisterRow location_of(const RegisterColumns& c, const std::vector<std::string>& v) {
    geocoding::RegisterRow row;
    row.address = c.value(v, Role::Address);
    row.house_number = c.value(v, Role::HouseNumber);
    row.street = c.value(v, Role::Street);
    row.complement = c.value(v, Role::Complement);
    row.postcode = c.value(v, Role::Postcode);
    row.commune = c.value(v, Role::Commune);
    row.insee = c.value(v, Role::Insee);
    return row;
}

} // namespace tecsmap::registers
