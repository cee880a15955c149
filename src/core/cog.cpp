#include "cog.hpp"

#include "errors.hpp"
#include "paths.hpp"
#include "sha256.hpp"
#include "text.hpp"
#include "vector_table.hpp"

#include <algorithm>
#include <fstream>
#include <set>

namespace tecsmap {

namespace {

std::size_t require_field(const VectorTable& t, const std::string& name) {
    auto i = t.find_field({name});
    if (!i)
        throw InputError(t.path, "colonne « " + name + " » absente de la table COG");
    return *i;
}

} // namespace

void Cog::add_commune(CogCommune c) {
    digest_.clear();
    commune_index_[c.insee] = communes_.size();
    communes_.push_back(std::move(c));
}

void Cog::add_epci(CogEpci e) {
    digest_.clear();
    const std::string key = e.siren;
    epcis_[key] = std::move(e);
}

void Cog::add_old_code(const std::string& old_code, const std::string& current_code) {
    digest_.clear();
    auto& targets = old_codes_[old_code];
    if (std::find(targets.begin(), targets.end(), current_code) == targets.end())
        targets.push_back(current_code);
}

Cog Cog::load(const std::string& dir) {
    Cog cog;
    {
        VectorTable t = read_vector_table(dir + "/cog_communes.csv");
        const auto insee = require_field(t, "insee"), nom = require_field(t, "nom"),
                   dep = require_field(t, "departement"), zone = require_field(t, "zone"),
                   pop = require_field(t, "population"), epci = require_field(t, "epci_siren");
        for (const SourceRow& r : t.rows) {
            CogCommune c{r.values[insee], r.values[nom], r.values[dep], r.values[zone], 0,
                         r.values[epci]};
            c.population = static_cast<long long>(text::parse_number(r.values[pop]).value_or(0));
            cog.add_commune(std::move(c));
        }
    }
    {
        VectorTable t = read_vector_table(dir + "/cog_epci.csv");
        const auto siren = require_field(t, "siren"), nom = require_field(t, "nom"),
                   type = require_field(t, "type");
        for (const SourceRow& r : t.rows)
            cog.add_epci({r.values[siren], r.values[nom], r.values[type]});
    }
    {
        VectorTable t = read_vector_table(dir + "/cog_old_codes.csv");
        const auto old_code = require_field(t, "old_code"),
                   current = require_field(t, "current_code");
        for (const SourceRow& r : t.rows)
            cog.add_old_code(r.values[old_code], r.values[current]);
    }
    std::ifstream version(dir + "/cog_version.txt");
    std::getline(version, cog.version_);
    cog.digest_ = cog.compute_digest();
    return cog;
}

const Cog& Cog::bundled() {
    static const Cog cog = Cog::load(data_dir());
    return cog;
}

const CogCommune* Cog::commune(const std::string& insee) const {
    auto it = commune_index_.find(insee);
    return it == commune_index_.end() ? nullptr : &communes_[it->second];
}

const CogEpci* Cog::epci(const std::string& siren) const {
    auto it = epcis_.find(siren);
    return it == epcis_.end() ? nullptr : &it->second;
}

CodeMapping Cog::map_code(const std::string& insee) const {
    if (commune(insee))
        return {CodeMapping::Kind::Current, {insee}};
    auto it = old_codes_.find(insee);
    if (it == old_codes_.end())
        return {CodeMapping::Kind::Unknown, {}};
    if (it->second.size() == 1)
        return {CodeMapping::Kind::Old, it->second};
    return {CodeMapping::Kind::Split, it->second};
}

std::vector<const CogCommune*>
Cog::communes_of(const std::vector<std::string>& departements) const {
    const bool all_metro =
        std::find(departements.begin(), departements.end(), "*") != departements.end();
    const std::set<std::string> wanted(departements.begin(), departements.end());
    std::vector<const CogCommune*> out;
    for (const CogCommune& c : communes_)
        if ((all_metro && c.zone == "metro") || wanted.count(c.departement))
            out.push_back(&c);
    std::sort(out.begin(), out.end(),
              [](const CogCommune* a, const CogCommune* b) { return a->insee < b->insee; });
    return out;
}

std::vector<std::string> Cog::departements(const std::string& zone) const {
    std::set<std::string> deps;
    for (const CogCommune& c : communes_)
        if (c.zone == zone)
            deps.insert(c.departement);
    return {deps.begin(), deps.end()};
}

std::string Cog::content_digest() const {
    return digest_.empty() ? compute_digest() : digest_;
}

std::string Cog::compute_digest() const {
    // Fields separated by a unit separator and records by a newline: no field contains either.
    Sha256 h;
    auto field = [&h](const std::string& s) {
        h.update(s.data(), s.size());
        h.update("\x1f", 1);
    };
    auto end_record = [&h] { h.update("\n", 1); };
    field(version_);
    end_record();
    std::vector<const CogCommune*> communes;
    for (const CogCommune& c : communes_)
        communes.push_back(&c);
    std::sort(communes.begin(), communes.end(),
              [](const CogCommune* a, const CogCommune* b) { return a->insee < b->insee; });
    for (const CogCommune* c : communes) {
        for (const std::string* s : {&c->insee, &c->nom, &c->departement, &c->zone, &c->epci_siren})
            field(*s);
        field(std::to_string(c->population));
        end_record();
    }
    std::map<std::string, const CogEpci*> epcis;
    for (const auto& [siren, e] : epcis_)
        epcis[siren] = &e;
    for (const auto& [siren, e] : epcis) {
        for (const std::string* s : {&e->siren, &e->nom, &e->type})
            field(*s);
        end_record();
    }
    std::map<std::string, const std::vector<std::string>*> old_codes;
    for (const auto& [code, targets] : old_codes_)
        old_codes[code] = &targets;
    for (const auto& [code, targets] : old_codes) {
        field(code);
        for (const std::string& t : *targets)
            field(t);
        end_record();
    }
    return h.hex_digest();
}

} // namespace tecsmap
