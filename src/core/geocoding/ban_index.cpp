#include "ban_index.hpp"

#include "../crs.hpp"
#include "../errors.hpp"
#include "../gdal_handles.hpp"
#include "../input_limits.hpp"
#include "../text.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>

namespace tecsmap::geocoding {

namespace {

struct VsiFileCloser {
    void operator()(VSILFILE* f) const noexcept {
        if (f)
            VSIFCloseL(f);
    }
};
using VsiFile = std::unique_ptr<VSILFILE, VsiFileCloser>;

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A gzip archive whose stream stops early still decompresses without any error from GDAL: the
// CSV driver would silently read the first part of the file. The gzip trailer holds the
// uncompressed size modulo 2^32; decompressing the whole stream and comparing detects a
// truncated or corrupt download.
void check_gzip_complete(const std::string& path) {
    VsiFile raw(VSIFOpenL(path.c_str(), "rb"));
    if (!raw)
        throw InputError(path, "lecture impossible du fichier BAN");
    unsigned char magic[2] = {0, 0};
    if (VSIFReadL(magic, 1, 2, raw.get()) != 2 || magic[0] != 0x1F || magic[1] != 0x8B)
        throw InputError(path, "ce fichier n'est pas une archive gzip : téléchargez "
                               "adresses-NN.csv.gz depuis adresse.data.gouv.fr, ou donnez le "
                               "fichier .csv décompressé");
    VSIFSeekL(raw.get(), 0, SEEK_END);
    const vsi_l_offset size = VSIFTellL(raw.get());
    unsigned char trailer[4] = {0, 0, 0, 0};
    if (size < 18 || VSIFSeekL(raw.get(), size - 4, SEEK_SET) != 0 ||
        VSIFReadL(trailer, 1, 4, raw.get()) != 4)
        throw InputError(path, "archive gzip tronquée (fichier trop court) : téléchargez-le de "
                               "nouveau depuis adresse.data.gouv.fr");
    const std::uint32_t expected = static_cast<std::uint32_t>(trailer[0]) |
                                   (static_cast<std::uint32_t>(trailer[1]) << 8) |
                                   (static_cast<std::uint32_t>(trailer[2]) << 16) |
                                   (static_cast<std::uint32_t>(trailer[3]) << 24);
    VsiFile unzipped(VSIFOpenL(("/vsigzip/" + path).c_str(), "rb"));
    if (!unzipped)
        throw InputError(path, "archive gzip illisible : " + gdal::last_error());
    std::vector<char> buffer(1 << 20);
    std::uint64_t total = 0;
    for (;;) {
        const std::size_t n = VSIFReadL(buffer.data(), 1, buffer.size(), unzipped.get());
        total += n;
        if (n < buffer.size())
            break;
    }
    if (static_cast<std::uint32_t>(total & 0xFFFFFFFFu) != expected)
        throw InputError(path, "archive gzip tronquée ou corrompue (" +
                                   text::fr_integer(static_cast<long long>(total)) +
                                   " octets décompressés, l'archive en annonce " +
                                   text::fr_integer(expected) +
                                   ") : téléchargez-la de nouveau depuis adresse.data.gouv.fr");
}

double precision_of_position_type(const std::string& type) {
    static const std::map<std::string, double> m = {{"entrée", 10},
                                                    {"bâtiment", 10},
                                                    {"cage d'escalier", 10},
                                                    {"logement", 10},
                                                    {"service technique", 15},
                                                    {"délivrance postale", 15},
                                                    {"parcelle", 25},
                                                    {"segment", 40}};
    auto it = m.find(text::trim(type));
    return it == m.end() ? 20 : it->second;
}

double distance(XY a, XY b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

// Rounds a precision to what it honestly is: metres under 100, tens of metres above.
double round_precision(double m) {
    return m < 100 ? std::round(m) : std::round(m / 10) * 10;
}

bool suffix_equivalent(const std::string& a, const std::string& b) {
    if (a == b)
        return true;
    auto canon = [](const std::string& s) {
        if (s == "b")
            return std::string("bis");
        if (s == "t")
            return std::string("ter");
        if (s == "q")
            return std::string("quater");
        return s;
    };
    return canon(a) == canon(b);
}

std::string address_label(const BanAddress& a, const BanStreet& s) {
    std::string out;
    if (a.number > 0)
        out = std::to_string(a.number) + (a.suffix.empty() ? "" : " " + a.suffix) + " ";
    return out + s.name;
}

} // namespace

BanIndex BanIndex::load(const std::string& path, const std::string& metric_crs,
                        const std::function<std::string(const std::string&)>& to_current,
                        Feedback* feedback) {
    gdal::init();
    if (!std::filesystem::exists(path))
        throw InputError(path, "fichier BAN introuvable ([geocoding] ban) : téléchargez "
                               "adresses-NN.csv.gz depuis adresse.data.gouv.fr");
    // A directory, a FIFO, a device or an oversized file is refused before GDAL reads it.
    check_input_file(path, InputKind::Ban);
    feedback_begin(feedback, "lecture de la Base Adresse Nationale");
    const bool gz = ends_with(path, ".gz") || ends_with(path, ".GZ");
    if (gz)
        check_gzip_complete(path);
    const std::string source = gz ? "/vsigzip/" + path : path;
    CPLStringList options;
    options.SetNameValue("AUTODETECT_TYPE", "NO");
    options.SetNameValue("EMPTY_STRING_AS_NULL", "NO");
    const char* const drivers[] = {"CSV", nullptr};
    gdal::DatasetPtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                          drivers, options.List(), nullptr));
    if (!ds || ds->GetLayerCount() == 0)
        throw InputError(path, "lecture impossible comme CSV de la BAN : " + gdal::last_error());
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    auto field = [&](const char* name) { return defn->GetFieldIndex(name); };
    const int numero = field("numero"), rep = field("rep"), nom_voie = field("nom_voie"),
              code_insee = field("code_insee"), old_insee = field("code_insee_ancienne_commune"),
              old_name = field("nom_ancienne_commune"), fx = field("x"), fy = field("y"),
              flon = field("lon"), flat = field("lat"), type_position = field("type_position"),
              nom_ld = field("nom_ld");
    std::vector<std::string> missing;
    for (auto [idx, name] : {std::pair{numero, "numero"},
                             {rep, "rep"},
                             {nom_voie, "nom_voie"},
                             {code_insee, "code_insee"},
                             {flon, "lon"},
                             {flat, "lat"}})
        if (idx < 0)
            missing.push_back(name);
    if (!missing.empty())
        throw InputError(path, "ce n'est pas un fichier de la Base Adresse Nationale au format "
                               "CSV officiel (séparateur « ; ») : colonnes absentes : " +
                                   text::join(missing, ", "));

    const bool use_xy = metric_crs == "EPSG:2154" && fx >= 0 && fy >= 0;
    std::unique_ptr<Transformer> to_metric;
    if (!use_xy) {
        gdal::SrsPtr wgs84 = gdal::make_srs("EPSG:4326");
        gdal::SrsPtr metric = gdal::make_srs(metric_crs);
        to_metric = std::make_unique<Transformer>(*wgs84, *metric);
    }

    BanIndex index;
    index.path_ = path;
    // (commune, former commune, name) -> street
    std::unordered_map<std::string, std::size_t> street_of;
    auto street_for = [&](const std::string& insee, const std::string& former,
                          const std::string& former_name, const std::string& name) {
        const std::string k = insee + '\x1f' + former + '\x1f' + name;
        auto [it, inserted] = street_of.emplace(k, index.streets_.size());
        if (inserted) {
            BanStreet s;
            s.name = name;
            s.insee = insee;
            s.former_insee = former;
            s.former_name = former_name;
            index.streets_.push_back(std::move(s));
        }
        return it->second;
    };
    auto value = [](OGRFeature& f, int i) {
        return i >= 0 && f.IsFieldSetAndNotNull(i) ? std::string(f.GetFieldAsString(i))
                                                   : std::string();
    };
    const GIntBig total = layer->GetFeatureCount(FALSE);
    std::size_t row = 0;
    for (auto& feature : *layer) {
        if (++row % 20000 == 0) {
            feedback_check(feedback);
            if (total > 0)
                feedback_fraction(feedback, static_cast<double>(row) / static_cast<double>(total));
        }
        std::string insee = text::trim(value(*feature, code_insee));
        const std::string voie = text::trim(value(*feature, nom_voie));
        XY p;
        bool ok = false;
        if (use_xy) {
            auto x = text::parse_number(value(*feature, fx)),
                 y = text::parse_number(value(*feature, fy));
            if (x && y) {
                p = {*x, *y};
                ok = true;
            }
        }
        if (!ok) {
            auto lon = text::parse_number(value(*feature, flon));
            auto lat = text::parse_number(value(*feature, flat));
            if (lon && lat && std::abs(*lon) <= 180 && std::abs(*lat) <= 90) {
                p = {*lon, *lat};
                ok = to_metric ? to_metric->transform(p) : false;
                if (!to_metric) {
                    // x/y missing on a Lambert-93 study: project lon/lat.
                    gdal::SrsPtr wgs84 = gdal::make_srs("EPSG:4326");
                    gdal::SrsPtr metric = gdal::make_srs(metric_crs);
                    to_metric = std::make_unique<Transformer>(*wgs84, *metric);
                    ok = to_metric->transform(p);
                }
            }
        }
        if (insee.empty() || voie.empty() || !ok) {
            ++index.skipped_rows_;
            continue;
        }
        if (to_current)
            insee = to_current(insee);
        BanAddress a;
        const auto n = text::parse_number(value(*feature, numero));
        a.number = n && *n > 0 && *n < 99999 ? static_cast<int>(*n) : 0;
        a.suffix = normalize_suffix(value(*feature, rep));
        a.xy = p;
        a.precision_m = precision_of_position_type(value(*feature, type_position));
        const std::string former = text::trim(value(*feature, old_insee));
        const std::string former_name = text::trim(value(*feature, old_name));
        index.streets_[street_for(insee, former, former_name, voie)].addresses.push_back(a);
        // A lieu-dit the address also belongs to can be asked for by its name.
        const std::string ld = text::trim(value(*feature, nom_ld));
        if (!ld.empty() && street_key(ld) != street_key(voie))
            index.streets_[street_for(insee, former, former_name, ld)].addresses.push_back(a);
        index.departements_.insert(text::departement_of(insee));
        ++index.address_count_;
    }
    if (index.address_count_ == 0)
        throw InputError(path, "aucune adresse lisible dans le fichier BAN");

    for (std::size_t i = 0; i < index.streets_.size(); ++i) {
        BanStreet& s = index.streets_[i];
        XY mean;
        for (const BanAddress& a : s.addresses) {
            mean.x += a.xy.x;
            mean.y += a.xy.y;
        }
        mean.x /= static_cast<double>(s.addresses.size());
        mean.y /= static_cast<double>(s.addresses.size());
        double best = INFINITY;
        for (const BanAddress& a : s.addresses) {
            const double d = distance(a.xy, mean);
            s.radius_m = std::max(s.radius_m, d);
            if (d < best) {
                best = d;
                s.center = a.xy;
            }
        }
        CommuneStreets& c = index.communes_[s.insee];
        const std::string key = street_key(s.name);
        c.by_key[key].push_back(i);
        const std::string bare = street_key_without_type(key);
        if (!bare.empty())
            c.by_key_without_type[bare].push_back(i);
    }
    feedback_fraction(feedback, 1.0);
    return index;
}

std::string BanIndex::coverage_warning(const std::vector<std::string>& communes) const {
    std::set<std::string> asked;
    for (const std::string& c : communes) {
        if (c.empty())
            continue;
        if (covers_commune(c))
            return {};
        asked.insert(text::departement_of(c));
    }
    if (asked.empty())
        return {};
    return "le fichier BAN ne contient aucune adresse des communes du registre (départements du "
           "registre : " +
           text::join({asked.begin(), asked.end()}, ", ") +
           " ; du fichier BAN : " + text::join({departements_.begin(), departements_.end()}, ", ") +
           ") : téléchargez adresses-NN.csv.gz du bon département ; les lignes sont placées à "
           "leur commune";
}

AddressMatch BanIndex::locate_in_street(const BanStreet& street, const AddressLine& line) const {
    AddressMatch m;
    m.status = AddressMatch::Status::Found;
    auto centre = [&](const std::string& detail) {
        m.xy = street.center;
        m.precision_m = round_precision(std::max(50.0, street.radius_m));
        m.detail = detail;
        m.label = street.name;
        return m;
    };
    std::vector<const BanAddress*> numbered;
    for (const BanAddress& a : street.addresses)
        if (a.number > 0)
            numbered.push_back(&a);
    if (!line.number)
        return centre("sans numéro : centre de la voie");
    if (numbered.empty())
        return centre("voie sans numéro dans la BAN : centre de la voie");
    const int n = *line.number;
    const BanAddress* same_number = nullptr;
    for (const BanAddress* a : numbered) {
        if (a->number != n)
            continue;
        if (suffix_equivalent(a->suffix, line.suffix)) {
            m.xy = a->xy;
            m.precision_m = a->precision_m;
            m.detail = "numéro exact";
            m.label = address_label(*a, street);
            return m;
        }
        if (!same_number || (a->suffix.empty() && !same_number->suffix.empty()))
            same_number = a;
    }
    if (same_number) {
        m.xy = same_number->xy;
        m.precision_m = std::max(20.0, same_number->precision_m);
        m.detail = line.suffix.empty() ? "numéro " + std::to_string(n) + " (indice " +
                                             same_number->suffix + " dans la BAN)"
                                       : "indice « " + line.suffix +
                                             " » absent de la BAN : numéro " + std::to_string(n);
        m.label = address_label(*same_number, street);
        return m;
    }
    // Nearest number: the same side of the street (parity) wins a tie, then the lower number.
    const BanAddress* nearest = nullptr;
    const BanAddress* below = nullptr;
    const BanAddress* above = nullptr;
    for (const BanAddress* a : numbered) {
        auto better = [&](const BanAddress* x, const BanAddress* y) {
            const int dx = std::abs(x->number - n), dy = std::abs(y->number - n);
            if (dx != dy)
                return dx < dy;
            const bool px = (x->number - n) % 2 == 0, py = (y->number - n) % 2 == 0;
            if (px != py)
                return px;
            return x->number < y->number;
        };
        if (!nearest || better(a, nearest))
            nearest = a;
        if (a->number < n && (!below || a->number > below->number))
            below = a;
        if (a->number > n && (!above || a->number < above->number))
            above = a;
    }
    // The true position lies, most likely, between the numbers that bracket it; beyond the
    // street's known numbers, anywhere along it.
    const double spread =
        below && above ? distance(below->xy, above->xy) : std::max(50.0, street.radius_m);
    m.xy = nearest->xy;
    m.precision_m = round_precision(std::max(25.0, spread));
    m.detail = "numéro " + std::to_string(n) + " absent : numéro le plus proche (" +
               std::to_string(nearest->number) +
               (nearest->suffix.empty() ? "" : " " + nearest->suffix) + ")";
    m.label = address_label(*nearest, street);
    return m;
}

AddressMatch BanIndex::find(const AddressQuery& q) const {
    AddressMatch m;
    auto commune = communes_.find(q.insee);
    if (commune == communes_.end()) {
        m.status = AddressMatch::Status::CommuneNotInBan;
        m.reason = "le fichier BAN (départements " +
                   text::join({departements_.begin(), departements_.end()}, ", ") +
                   ") ne contient aucune adresse de la commune " + q.insee;
        return m;
    }
    const std::string key = street_key(q.line.street);
    if (key.empty()) {
        m.status = AddressMatch::Status::NoStreet;
        m.reason = "adresse sans nom de voie";
        return m;
    }
    const CommuneStreets& cs = commune->second;
    std::vector<std::size_t> found;
    std::vector<std::string> notes;
    if (auto it = cs.by_key.find(key); it != cs.by_key.end())
        found = it->second;
    if (found.empty()) {
        // The register omits the street type, or writes another one ("rue" for "avenue").
        const std::string bare = street_key_without_type(key);
        auto it = cs.by_key_without_type.find(bare.empty() ? key : bare);
        if (it != cs.by_key_without_type.end()) {
            std::set<std::string> names;
            for (std::size_t i : it->second)
                names.insert(streets_[i].name);
            if (names.size() == 1) {
                found = it->second;
                notes.push_back("voie « " + q.line.street + " » lue comme « " + *names.begin() +
                                " » (type de voie différent ou absent)");
            }
        }
    }
    if (found.empty()) {
        // One slip (a letter missing, doubled, swapped or wrong) on a long name, when only one
        // street of the commune is that close.
        std::size_t letters = 0;
        for (char c : key)
            letters += c != ' ';
        if (letters >= 8) {
            std::string best_key;
            int best = 2;
            bool tie = false;
            for (const auto& [k, ids] : cs.by_key) {
                const int d = edit_distance(k, key, 1);
                if (d < best) {
                    best = d;
                    best_key = k;
                    tie = false;
                } else if (d == best) {
                    tie = true;
                }
            }
            if (best <= 1 && !tie) {
                found = cs.by_key.at(best_key);
                notes.push_back("voie « " + q.line.street + " » lue comme « " +
                                streets_[found.front()].name + " »");
            }
        }
    }
    if (found.empty()) {
        m.status = AddressMatch::Status::StreetNotFound;
        m.reason =
            "voie « " + q.line.street + " » introuvable dans la BAN pour la commune " + q.insee;
        return m;
    }
    // A commune nouvelle may hold the same street name in several former communes.
    if (found.size() > 1 && !q.former_code.empty()) {
        std::vector<std::size_t> in_former;
        for (std::size_t i : found)
            if (streets_[i].former_insee == q.former_code)
                in_former.push_back(i);
        if (!in_former.empty())
            found = in_former;
    }
    if (found.size() > 1 && q.line.number) {
        std::vector<std::size_t> with_number;
        for (std::size_t i : found)
            for (const BanAddress& a : streets_[i].addresses)
                if (a.number == *q.line.number) {
                    with_number.push_back(i);
                    break;
                }
        if (with_number.size() == 1)
            found = with_number;
    }
    if (found.size() > 1) {
        std::vector<std::string> where;
        for (std::size_t i : found)
            where.push_back(streets_[i].former_name.empty() ? streets_[i].former_insee
                                                            : streets_[i].former_name);
        m.status = AddressMatch::Status::AmbiguousStreet;
        m.reason = "la voie « " + q.line.street + " » existe dans plusieurs communes déléguées (" +
                   text::join(where, ", ") + ") : indiquez la commune déléguée";
        return m;
    }
    m = locate_in_street(streets_[found.front()], q.line);
    m.notes.insert(m.notes.begin(), notes.begin(), notes.end());
    return m;
}

} // namespace tecsmap::geocoding
