#include "placement.hpp"

#include "../text.hpp"
#include "name_normalize.hpp"

#include <cmath>

namespace tecsmap::geocoding {


std::string RowPlacement::explanation() const {
    std::string out = placed() ? text::join(notes, " ; ") : reason;
    if (!candidates.empty())
        out += (out.empty() ? "" : " ; ") + std::string("communes possibles : ") +
               format_candidates(candidates);
    return out;
}

namespace {

// The address line of a row: the separate number and street columns when the register has
// them, else the address cell, else the complement (a lieu-dit written there).
AddressLine address_of(const RegisterRow& row) {
    if (!text::trim(row.street).empty()) {
        AddressLine line = parse_address_line(text::trim(row.house_number) + " " + row.street);
        if (!line.number && !text::trim(row.house_number).empty())
            line.street = row.street;
        return line;
    }
    AddressLine line = parse_address_line(row.address);
    if (street_key(line.street).empty() && !text::trim(row.complement).empty())
        line = parse_address_line(row.complement);
    return line;
}

// Radius of the disc with the commune's area: how far, typically, the representative point is
// from a place of the commune.
double commune_precision(const Commune& c) {
    const double r = std::sqrt(c.area_m2 / M_PI);
    return r < 100 ? std::round(r) : std::round(r / 10) * 10;
}

} // namespace

RowPlacement place_register_row(const RegisterRow& row, const PlacementContext& ctx) {
    RowPlacement p;
    const CommuneMatch commune =
        ctx.gazetteer.resolve({row.insee, row.postcode, row.commune}, ctx.territory.departements);
    p.notes = commune.notes;
    p.candidates = commune.candidates;
    const AddressLine line = address_of(row);
    const bool has_address = !street_key(line.street).empty();
    if (commune.status != CommuneMatch::Status::Found && has_address && ctx.ban &&
        (commune.reason_code == "unknown_commune" || commune.reason_code == "ambiguous_postcode")) {
        // The postcode is shared and the commune text is not a commune name (a quartier, a
        // lieu-dit) or is missing: the address decides when exactly one of the postcode's
        // communes has it. A homonym or a contradiction is never settled this way.
        if (auto cp = normalize_postcode(row.postcode)) {
            std::vector<std::pair<std::string, AddressMatch>> hits;
            for (const std::string& code : ctx.gazetteer.communes_of_postcode(*cp)) {
                AddressMatch m = ctx.ban->find({code, {}, line});
                if (m.status == AddressMatch::Status::Found)
                    hits.emplace_back(code, std::move(m));
            }
            if (hits.size() == 1) {
                const auto& [code, m] = hits.front();
                const std::string label = ctx.gazetteer.candidate(code).nom + " (" + code + ")";
                p.method = PlacementMethod::Address;
                p.xy = m.xy;
                p.precision_m = m.precision_m;
                p.insee = code;
                p.candidates.clear();
                p.detail = "adresse : " + m.detail + " (" + m.label + ", " + label + ")";
                p.notes.push_back(commune.reason +
                                  " : adresse trouvée dans la seule commune du "
                                  "code postal " +
                                  *cp + " qui a cette voie, " + label);
                p.notes.insert(p.notes.end(), m.notes.begin(), m.notes.end());
                return p;
            }
        }
    }
    if (commune.status != CommuneMatch::Status::Found) {
        p.reason_code = commune.reason_code;
        p.reason = commune.reason;
        if (commune.status == CommuneMatch::Status::NotGiven && has_address) {
            p.reason_code = "address_without_commune";
            p.reason = "adresse sans commune ni code postal : impossible de la chercher";
        }
        return p;
    }
    p.insee = commune.insee;
    const std::size_t in_territory = ctx.territory.commune_index(commune.insee);
    const std::string commune_label =
        ctx.gazetteer.candidate(commune.insee).nom + " (" + commune.insee + ")";

    // Address in the BAN.
    if (has_address && ctx.ban) {
        const AddressMatch m = ctx.ban->find({commune.insee, commune.former_code, line});
        if (m.status == AddressMatch::Status::Found) {
            p.method = PlacementMethod::Address;
            p.xy = m.xy;
            p.precision_m = m.precision_m;
            p.detail = "adresse : " + m.detail + " (" + m.label + ", " + commune_label + ")";
            p.notes.insert(p.notes.end(), m.notes.begin(), m.notes.end());
            return p;
        }
        p.notes.push_back(m.reason);
    } else if (has_address && !ctx.ban) {
        p.notes.push_back("adresse non géocodée : l'étude ne donne pas de fichier BAN "
                          "([geocoding] ban)");
    }

    // Commune's representative point.
    if (in_territory == Territory::npos) {
        p.reason_code = "outside_territory";
        p.reason = "commune " + commune_label +
                   " hors du territoire étudié : pas de point représentatif" +
                   (has_address ? std::string(" et adresse non trouvée") : std::string());
        return p;
    }
    const Commune& c = ctx.territory.communes[in_territory];
    p.method = PlacementMethod::Commune;
    p.xy = c.representative;
    p.precision_m = commune_precision(c);
    p.detail = "commune : " + commune_label + " (" + commune.how + ")";
    return p;
}

void PlacementStats::add(const RowPlacement& p) {
    ++rows_;
    if (p.placed())
        ++by_method_[p.method];
    else
        ++unplaced_[p.reason_code.empty() ? "other" : p.reason_code];
}

std::size_t PlacementStats::count(PlacementMethod method) const {
    auto it = by_method_.find(method);
    return it == by_method_.end() ? 0 : it->second;
}

std::string PlacementStats::reason_label(const std::string& code) {
    static const std::map<std::string, std::string> labels = {
        {"no_location", "ni coordonnées, ni adresse, ni commune"},
        {"address_without_commune", "adresse sans commune"},
        {"unknown_commune", "commune inconnue"},
        {"unknown_insee", "code INSEE inconnu"},
        {"unknown_postcode", "code postal inconnu"},
        {"split_code", "ancien code INSEE partagé"},
        {"ambiguous_commune", "commune ambiguë"},
        {"ambiguous_postcode", "code postal de plusieurs communes"},
        {"postcode_mismatch", "code postal et commune discordants"},
        {"insee_name_mismatch", "code INSEE et commune discordants"},
        {"outside_territory", "commune hors du territoire"},
        {"bad_coordinates", "coordonnées inutilisables"}};
    auto it = labels.find(code);
    return it == labels.end() ? code : it->second;
}

std::string PlacementStats::summary(const std::string& layer) const {
    std::size_t unplaced = 0;
    std::vector<std::string> reasons;
    for (const auto& [code, n] : unplaced_) {
        unplaced += n;
        reasons.push_back(std::to_string(n) + " " + reason_label(code));
    }
    std::string out = layer + " : " + std::to_string(rows_) + " lignes, " +
                      std::to_string(count(PlacementMethod::Coordinates)) + " par coordonnées, " +
                      std::to_string(count(PlacementMethod::Address)) + " par adresse, " +
                      std::to_string(count(PlacementMethod::Commune)) + " par commune, " +
                      std::to_string(unplaced) + " non placée" + (unplaced > 1 ? "s" : "");
    if (!reasons.empty())
        out += " (" + text::join(reasons, ", ") + ")";
    return out;
}

} // namespace tecsmap::geocoding
