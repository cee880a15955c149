#pragma once
// The Code officiel géographique (COG) reference tables bundled in data/geo/ (current communes
// with population and EPCI, EPCIs, old codes), and the mapping of any INSEE code to the current
// commune(s) it designates.

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace tecsmap {

struct CogCommune {
    std::string insee;
    std::string nom;
    std::string departement;
    std::string zone; ///< metro, drom, com
    long long population = 0;
    std::string epci_siren; ///< empty for the few communes outside any EPCI
};

struct CogEpci {
    std::string siren;
    std::string nom;
    std::string type; ///< CC, CA, CU, METRO, MET69
};

/// What an INSEE code designates today.
struct CodeMapping {
    enum class Kind {
        Current, ///< the code is a current commune
        Old,     ///< an old code or a commune déléguée/associée, mapped to one current commune
        Split,   ///< an old code that maps to several current communes: cannot be mapped
        Unknown  ///< not in the COG at all
    };
    Kind kind = Kind::Unknown;
    std::vector<std::string> current; ///< one code for Current/Old, several for Split
};

class Cog {
public:
    /// Loads cog_communes.csv, cog_epci.csv and cog_old_codes.csv from `dir`. Throws InputError.
    static Cog load(const std::string& dir);
    /// The bundled tables (TECSMAP_DATA_DIR, or the TECSMAP_DATA_DIR environment variable).
    static const Cog& bundled();

    const CogCommune* commune(const std::string& insee) const;
    const CogEpci* epci(const std::string& siren) const;
    /// Maps any code; codes missing their leading zero must be normalised first
    /// (text::normalize_insee).
    CodeMapping map_code(const std::string& insee) const;
    /// Current communes of the given départements, ordered by INSEE code. "*" selects all of
    /// metropolitan France.
    std::vector<const CogCommune*> communes_of(const std::vector<std::string>& departements) const;
    /// All département codes of the current COG in the zone ("metro" or "drom").
    std::vector<std::string> departements(const std::string& zone) const;
    std::string version() const { return version_; }
    /// Lower-case hex SHA-256 of the tables' content (version, communes, EPCIs, old codes) in a
    /// canonical order: a key for what is built from them (the territory cache).
    /// Computed once by load() (kept until the tables change), else on each call.
    std::string content_digest() const;

    void add_commune(CogCommune c);
    void add_epci(CogEpci e);
    void add_old_code(const std::string& old_code, const std::string& current_code);

private:
    std::vector<CogCommune> communes_;
    std::unordered_map<std::string, std::size_t> commune_index_;
    std::unordered_map<std::string, CogEpci> epcis_;
    std::unordered_map<std::string, std::vector<std::string>> old_codes_;
    std::string version_;
    std::string digest_; ///< content_digest() of loaded tables; cleared by every add_*
    std::string compute_digest() const;
};

} // namespace tecsmap
