// Writes a seeded national synthetic study (metropolitan France) into a directory outside the
// repository: ~4 000 structures and ~100 000 initiatives placed inside communes with realistic
// clustering, PAT/PCAET/CTE perimeters for several hundred EPCIs (as SIREN lists and as
// polygons), and a CTG grouping table. Usage:
//   tecsmap-make-national-study OUTDIR [--seed N] [--structures N] [--initiatives N]
//                               [--departements 26,07]
// Everything it writes is synthetic: the files say so.

#include "commune_locator.hpp"
#include "cog.hpp"
#include "crs.hpp"
#include "errors.hpp"
#include "geometry_convert.hpp"
#include "territory_builder.hpp"
#include "text.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

namespace fs = std::filesystem;
using namespace tecsmap;

namespace {

struct Options {
    std::string out;
    unsigned seed = 20261129;
    int structures = 4000;
    int initiatives = 100000;
    std::vector<std::string> departements{"*"};
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::runtime_error(a + " attend une valeur");
            return argv[++i];
        };
        if (a == "--seed")
            o.seed = static_cast<unsigned>(std::stoul(next()));
        else if (a == "--structures")
            o.structures = std::stoi(next());
        else if (a == "--initiatives")
            o.initiatives = std::stoi(next());
        else if (a == "--departements")
            o.departements = text::split(next(), ',');
        else if (a == "--help" || a == "-h")
            throw std::runtime_error("usage");
        else if (o.out.empty())
            o.out = a;
        else
            throw std::runtime_error("argument inattendu : " + a);
    }
    if (o.out.empty())
        throw std::runtime_error("usage");
    return o;
}

// A uniformly random point inside a commune (rejection sampling in its envelope).
XY point_in(const Commune& c, const GEOSPreparedGeometry* prepared, std::mt19937_64& rng) {
    const geos::Envelope e = geos::envelope(c.geometry.get());
    std::uniform_real_distribution<double> ux(e.minx, e.maxx), uy(e.miny, e.maxy);
    for (int tries = 0; tries < 1000; ++tries) {
        const XY p{ux(rng), uy(rng)};
        const geos::GeomPtr pt = geos::point(p.x, p.y);
        if (GEOSPreparedContains_r(geos::ctx(), prepared, pt.get()) == 1)
            return p;
    }
    return c.representative;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        o = parse(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << (std::string(e.what()) == "usage" ? "" : std::string(e.what()) + "\n")
                  << "usage : tecsmap-make-national-study RÉPERTOIRE [--seed N] [--structures N] "
                     "[--initiatives N] [--departements 26,07]\n";
        return 2;
    }
    try {
        fs::create_directories(o.out);
        std::mt19937_64 rng(o.seed);
        Study s;
        s.departements = o.departements;
        std::cerr << "construction du territoire…\n";
        const Territory t = build_territory(s, Cog::bundled());
        std::vector<geos::PreparedPtr> prepared;
        for (const Commune& c : t.communes)
            prepared.push_back(geos::prepare(c.geometry.get()));
        Transformer to_wgs84(*gdal::make_srs(t.crs), *gdal::make_srs("EPSG:4326"));
        auto lonlat = [&](XY p) {
            to_wgs84.transform(p);
            return p;
        };
        // Communes drawn with probability proportional to population (structures and projects
        // are where people live).
        std::vector<double> weights;
        for (const Commune& c : t.communes)
            weights.push_back(static_cast<double>(std::max<long long>(c.population, 1)));
        std::discrete_distribution<std::size_t> by_population(weights.begin(), weights.end());

        std::cerr << "structures…\n";
        std::vector<XY> structures;
        {
            std::ofstream f(o.out + "/structures.csv");
            f << "nom;type;code_insee;longitude;latitude;ambassadeur;note\n";
            const char* types[] = {"CS", "CS", "EVS", "EVS", "EVS", "MJC", "MQ"};
            for (int i = 0; i < o.structures; ++i) {
                const std::size_t k = by_population(rng);
                const XY p = point_in(t.communes[k], prepared[k].get(), rng);
                structures.push_back(p);
                const XY ll = lonlat(p);
                f << "Structure synthétique " << i + 1 << ';' << types[rng() % 7] << ';'
                  << t.communes[k].insee << ';' << text::fr_decimal(ll.x, 6) << ';'
                  << text::fr_decimal(ll.y, 6) << ';' << (rng() % 2 ? "oui" : "non")
                  << ";SYNTHÉTIQUE (banc d'essai national)\n";
            }
        }
        std::cerr << "initiatives…\n";
        {
            // Projects cluster around structures (2 km Gaussian); a fifth are scattered, and one
            // in fifty is given by commune code only, as registers do.
            std::ofstream f(o.out + "/initiatives.csv");
            f << "titre;année;thème;longitude;latitude;code_insee;note\n";
            const char* themes[] = {"alimentation", "mobilité",         "réemploi",
                                    "énergie",      "jardins partagés", "plantation d'arbres"};
            const CommuneLocator locator(t);
            std::normal_distribution<double> offset(0.0, 2000.0);
            std::uniform_int_distribution<std::size_t> any_structure(0, structures.size() - 1);
            for (int i = 0; i < o.initiatives; ++i) {
                XY p;
                std::size_t commune = Territory::npos;
                if (rng() % 5 == 0) {
                    commune = by_population(rng);
                    p = point_in(t.communes[commune], prepared[commune].get(), rng);
                } else {
                    const XY s0 = structures[any_structure(rng)];
                    p = {s0.x + offset(rng), s0.y + offset(rng)};
                    commune = locator.locate(p);
                }
                const int year = 2019 + static_cast<int>(rng() % 5);
                f << "Initiative synthétique " << i + 1 << ';' << year << ';' << themes[rng() % 6]
                  << ';';
                if (rng() % 50 == 0 && commune != Territory::npos) {
                    f << ";;" << t.communes[commune].insee;
                } else {
                    const XY ll = lonlat(p);
                    f << text::fr_decimal(ll.x, 6) << ';' << text::fr_decimal(ll.y, 6) << ';';
                }
                f << ";SYNTHÉTIQUE\n";
            }
        }
        std::cerr << "périmètres et CTG…\n";
        {
            std::ofstream f(o.out + "/perimetres.csv");
            f << "kind;name;epci_siren;code_insee\n";
            int pcaet = 0, cte = 0, pat = 0;
            for (const Epci& e : t.epcis) {
                if (e.population > 20000) {
                    f << "PCAET;PCAET " << e.nom << ';' << e.siren << ";\n";
                    ++pcaet;
                }
                if (rng() % 8 == 0) {
                    f << "CTE;CTE " << e.nom << ';' << e.siren << ";\n";
                    ++cte;
                }
            }
            // PATs grouping 1-3 EPCIs of one département, a few as commune lists.
            std::map<std::string, std::vector<const Epci*>> by_dep;
            for (const Epci& e : t.epcis)
                by_dep[t.communes[e.communes.front()].departement].push_back(&e);
            for (auto& [dep, list] : by_dep) {
                for (std::size_t i = 0; i + 2 < list.size(); i += 4) {
                    const std::string name =
                        "PAT synthétique " + dep + "-" + std::to_string(i / 4 + 1);
                    for (std::size_t j = i; j < i + 1 + rng() % 3 && j < list.size(); ++j)
                        f << "PAT;" << name << ';' << list[j]->siren << ";\n";
                    ++pat;
                }
            }
            std::cerr << "  " << pcaet << " PCAET, " << cte << " CTE, " << pat << " PAT (listes)\n";
        }
        {
            // Polygon perimeters: PATs drawn as 15 km discs around large communes (GeoJSON).
            std::ofstream f(o.out + "/pat_polygones.geojson");
            f << "{\"type\":\"FeatureCollection\",\"name\":\"pat_polygones\",\"features\":[\n";
            int n = 0;
            for (std::size_t i = 0; i < t.communes.size(); ++i) {
                if (t.communes[i].population < 60000)
                    continue;
                geos::GeomPtr disc = geos::buffer(
                    geos::point(t.communes[i].representative.x, t.communes[i].representative.y)
                        .get(),
                    15000, 8);
                gdal::GeometryPtr g = to_ogr(disc.get());
                Transformer back(*gdal::make_srs(t.crs), *gdal::make_srs("EPSG:4326"));
                back.transform(*g, "disque");
                char* json = g->exportToJson();
                f << (n++ ? ",\n" : "")
                  << "{\"type\":\"Feature\",\"properties\":{\"kind\":\"PAT\",\"name\":\"PAT "
                     "polygone "
                  << t.communes[i].nom << "\"},\"geometry\":" << json << "}";
                CPLFree(json);
            }
            f << "\n]}\n";
            std::cerr << "  " << n << " PAT (polygones)\n";
        }
        {
            // CTG table: pairs of neighbouring EPCIs (by SIREN order within a département).
            std::ofstream f(o.out + "/ctg.csv");
            f << "epci_siren;ctg_code;ctg_name\n";
            std::map<std::string, std::vector<const Epci*>> by_dep;
            for (const Epci& e : t.epcis)
                by_dep[t.communes[e.communes.front()].departement].push_back(&e);
            for (auto& [dep, list] : by_dep)
                for (std::size_t i = 0; i + 1 < list.size(); i += 3)
                    for (std::size_t j = i; j < i + 2; ++j)
                        f << list[j]->siren << ";CTG-" << dep << '-' << i / 3 + 1
                          << ";CTG synthétique " << dep << ' ' << i / 3 + 1 << '\n';
        }
        {
            std::ofstream f(o.out + "/national.toml");
            f << "# Étude nationale SYNTHÉTIQUE (banc d'essai), générée par "
                 "tecsmap-make-national-study, graine "
              << o.seed
              << "\n[study]\ntitle = \"Étude nationale synthétique\"\nnote = \"Données "
                 "synthétiques (banc d'essai).\"\n"
              << "[territory]\ndepartement = ";
            if (o.departements.size() == 1)
                f << '"' << o.departements[0] << "\"\n";
            else
                f << "[\"" << text::join(o.departements, "\", \"") << "\"]\n";
            f << "ctg = \"ctg.csv\"\n[layers]\nstructures = \"structures.csv\"\ninitiatives = "
                 "\"initiatives.csv\"\n"
              << "perimeters = [\"perimetres.csv\", \"pat_polygones.geojson\"]\n";
        }
        std::cout << "Étude écrite : " << o.out << "/national.toml (" << t.communes.size()
                  << " communes, " << o.structures << " structures, " << o.initiatives
                  << " initiatives)\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tecsmap-make-national-study : " << e.what() << "\n";
        return 1;
    }
}
