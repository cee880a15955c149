#pragma once
// Finds the current commune a register row designates by its INSEE code, postcode and commune
// name, from the COG tables (current names, postcodes, names of communes déléguées/associées
// and municipal arrondissements). Never guesses silently: a postcode that contradicts the name,
// an INSEE code that contradicts the name, or a name several communes carry comes back with a
// French reason and the candidate communes.

#include "../cog.hpp"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace tecsmap::geocoding {

/// A commune offered to the user when a row cannot be resolved alone.
struct CommuneCandidate {
    std::string insee;                  ///< current code
    std::string nom;                    ///< current name
    std::vector<std::string> postcodes; ///< its postcodes (COG)
};

/// "Valence (26362, CP 26000) ; Valence (82186, CP 82400)".
std::string format_candidates(const std::vector<CommuneCandidate>& candidates);

/// What the row says about its commune (raw texts; empty when absent).
struct CommuneQuery {
    std::string insee;
    std::string postcode;
    std::string name;
};

struct CommuneMatch {
    enum class Status {
        Found,     ///< `insee` is the current commune
        NotGiven,  ///< the row names no commune at all
        Unknown,   ///< the name or code designates no commune
        Ambiguous, ///< several communes fit (homonyms, a postcode shared by several communes)
        Mismatch   ///< the postcode, the INSEE code and the name contradict each other
    };
    Status status = Status::NotGiven;
    std::string insee;       ///< current code when Found
    std::string former_code; ///< the commune déléguée/associée or arrondissement named, if any
    std::string how;         ///< French: "code INSEE", "code postal et nom", "nom", ...
    std::vector<std::string> notes; ///< French remarks on a Found match (correction, CEDEX, ...)
    std::string reason;             ///< French explanation when not Found
    std::string
        reason_code; ///< stable key: unknown_commune, ambiguous_commune, postcode_mismatch...
    std::vector<CommuneCandidate> candidates; ///< when Ambiguous, Mismatch or Unknown with a hint
};

class CommuneGazetteer {
public:
    /// Builds the indexes from the COG and the two extracts of data/geo (cog_postcodes.csv,
    /// cog_names.csv). Throws InputError naming a missing or malformed file.
    CommuneGazetteer(const Cog& cog, const std::string& data_dir);
    /// The bundled COG and extracts.
    static const CommuneGazetteer& bundled();

    /// Resolves a row's commune. `preferred_departements` (the study's) break a tie between
    /// homonyms when the row has no postcode: the one commune of those départements is kept,
    /// with a note naming the others.
    CommuneMatch resolve(const CommuneQuery& query,
                         const std::vector<std::string>& preferred_departements = {}) const;

    /// Current communes of a postcode (empty for a CEDEX or unknown code).
    const std::vector<std::string>& communes_of_postcode(const std::string& postcode) const;
    /// Postcodes of a current commune.
    const std::vector<std::string>& postcodes_of(const std::string& insee) const;
    /// Current codes whose name or former name has this commune_key.
    const std::vector<std::string>& communes_named(const std::string& key) const;
    CommuneCandidate candidate(const std::string& insee) const;
    /// The current commune of any code: itself when current, the commune nouvelle of an old
    /// code (when not split), the city of a municipal arrondissement; else the code unchanged.
    std::string current_code(const std::string& code) const;
    const Cog& cog() const { return cog_; }

private:
    struct Alias {
        std::string code;    ///< code of the former commune / arrondissement
        std::string current; ///< current commune
    };
    bool name_fits(const std::string& insee, const std::string& key) const;
    std::vector<std::string> fuzzy_names(const std::string& key,
                                         const std::vector<std::string>& among, int limit) const;
    std::string former_code_for(const std::string& insee, const std::string& key) const;

    const Cog& cog_;
    std::unordered_map<std::string, std::vector<std::string>> by_postcode_;
    std::unordered_map<std::string, std::vector<std::string>> postcodes_;
    std::unordered_map<std::string, std::vector<std::string>> by_name_;  ///< key -> current codes
    std::unordered_map<std::string, std::vector<std::string>> names_of_; ///< current -> keys
    std::unordered_map<std::string, std::vector<Alias>> aliases_;        ///< key -> aliases
    std::map<std::pair<std::string, int>, std::string> arrondissements_; ///< (city, n) -> code
    std::unordered_map<std::string, std::string> arrondissement_parent_;
    std::vector<std::string> all_keys_; ///< every name key, sorted (fuzzy search)
};

} // namespace tecsmap::geocoding
