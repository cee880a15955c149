#pragma once
// An in-memory index of a Base Adresse Nationale file (the official CSV of
// adresse.data.gouv.fr, `adresses-26.csv.gz`, read through GDAL's CSV driver over /vsigzip/):
// per current commune, streets by normalised name, each with its numbered addresses in the
// study's metric CRS. Finds an address line in a commune: exact number and suffix, the same
// number without suffix, the nearest number of the street, or the street's centre.

#include "../feedback.hpp"
#include "../kdtree.hpp"
#include "name_normalize.hpp"

#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace tecsmap::geocoding {

struct BanAddress {
    int number = 0;          ///< 0: no number (a toponym)
    std::string suffix;      ///< "bis", "ter", "a"... (BAN `rep`)
    XY xy;                   ///< metric CRS of the study
    double precision_m = 20; ///< from the BAN `type_position`
};

struct BanStreet {
    std::string name;         ///< `nom_voie` (or `nom_ld` for a lieu-dit), as the BAN writes it
    std::string insee;        ///< current commune
    std::string former_insee; ///< `code_insee_ancienne_commune`, empty when none
    std::string former_name;  ///< `nom_ancienne_commune`
    std::vector<BanAddress> addresses;
    XY center;           ///< the street's address nearest to the mean of its addresses
    double radius_m = 0; ///< largest distance from that mean to an address of the street
};

struct AddressQuery {
    std::string insee;       ///< current commune (from the commune resolution)
    std::string former_code; ///< commune déléguée named by the row, restricts the streets
    AddressLine line;
};

struct AddressMatch {
    enum class Status {
        Found,
        NoStreet,        ///< no street name in the address
        CommuneNotInBan, ///< the BAN file has no address in this commune
        StreetNotFound,
        AmbiguousStreet ///< the name designates several streets of the commune nouvelle
    };
    Status status = Status::NoStreet;
    XY xy;
    double precision_m = 0;
    std::string detail;             ///< French: "numéro exact", "numéro 14, le plus proche"...
    std::string label;              ///< "12 bis Avenue Victor Hugo"
    std::vector<std::string> notes; ///< French remarks (street name corrected...)
    std::string reason;             ///< French, when not Found
};

class BanIndex {
public:
    /// Reads a BAN CSV (`.csv` or `.csv.gz`) and transforms its positions to `metric_crs`
    /// (x/y as given when it is EPSG:2154, else lon/lat through PROJ). `to_current` maps the
    /// BAN's commune codes (arrondissements, codes of an older COG) to current codes; identity
    /// when empty. Throws InputError naming the file when it is missing, not a gzip archive,
    /// truncated or corrupt, not in the BAN format (columns missing) or holds no address.
    static BanIndex load(const std::string& path, const std::string& metric_crs,
                         const std::function<std::string(const std::string&)>& to_current = {},
                         Feedback* feedback = nullptr);

    AddressMatch find(const AddressQuery& query) const;

    bool covers_commune(const std::string& insee) const { return communes_.count(insee) > 0; }
    /// Départements with at least one address, sorted.
    const std::set<std::string>& departements() const { return departements_; }
    /// French warning when none of `communes` (the register's) has an address in the file:
    /// typically a BAN of another département. Empty when at least one is covered.
    std::string coverage_warning(const std::vector<std::string>& communes) const;

    const std::string& path() const { return path_; }
    std::size_t address_count() const { return address_count_; }
    std::size_t street_count() const { return streets_.size(); }
    std::size_t skipped_rows() const { return skipped_rows_; }

private:
    struct CommuneStreets {
        std::unordered_map<std::string, std::vector<std::size_t>> by_key;
        std::unordered_map<std::string, std::vector<std::size_t>> by_key_without_type;
    };
    AddressMatch locate_in_street(const BanStreet& street, const AddressLine& line) const;

    std::string path_;
    std::vector<BanStreet> streets_;
    std::unordered_map<std::string, CommuneStreets> communes_;
    std::set<std::string> departements_;
    std::size_t address_count_ = 0;
    std::size_t skipped_rows_ = 0;
};

} // namespace tecsmap::geocoding
