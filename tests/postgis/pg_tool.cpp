// Test and benchmark driver for the PostGIS functions of tecsmap::core, until the CLI wires them
// (`tecsmap analyse --out postgresql://…`, study layers in PostGIS):
//   tecsmap-pg-tool publish F.gpkg TARGET [--pause-at FRACTION MARKER]
//       publish_to_postgis; with --pause-at, once the copy has passed FRACTION of the features it
//       creates MARKER and waits (so that a test can kill -9 it mid-copy, inside the transaction)
//   tecsmap-pg-tool read URI TABLE_OR_SQL
//       open_database_layer: prints the row count, the fields and the CRS
// Exit codes as the CLI: 0 success, 3 input/study error, 4 output error, 1 other.

#include "errors.hpp"
#include "feedback.hpp"
#include "postgis_publish.hpp"
#include "postgis_source.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

namespace {

int publish(int argc, char** argv) {
    const std::string gpkg = argv[2], target = argv[3];
    double pause_at = -1;
    std::string marker;
    if (argc == 7 && std::string(argv[4]) == "--pause-at") {
        pause_at = std::stod(argv[5]);
        marker = argv[6];
    }
    bool paused = false;
    tecsmap::Feedback feedback([&](const std::string& stage, double overall) {
        if (pause_at < 0 || paused || stage != "publication PostGIS" || overall < pause_at)
            return;
        paused = true;
        std::ofstream(marker) << "paused\n";
        std::this_thread::sleep_for(std::chrono::minutes(5)); // killed before the end
    });
    const auto start = std::chrono::steady_clock::now();
    const tecsmap::PublishReport r = tecsmap::publish_to_postgis(gpkg, target, &feedback);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    long long features = 0;
    for (const auto& l : r.layers) {
        std::cout << "layer " << l.name << " " << l.features
                  << (l.recreated ? " created" : " refilled") << "\n";
        features += l.features;
    }
    for (const auto& d : r.dropped)
        std::cout << "dropped " << d << "\n";
    std::cout << "published " << r.target << " database=" << r.database << " schema=" << r.schema
              << " layers=" << r.layers.size() << " features=" << features << " styles=" << r.styles
              << " seconds=" << seconds << "\n";
    return 0;
}

int read(char** argv) {
    const tecsmap::VectorTable t = tecsmap::open_database_layer(argv[2], argv[3]);
    std::cout << "source " << t.path << " layer=" << t.layer_name << " rows=" << t.rows.size()
              << "\nfields";
    for (const auto& f : t.fields)
        std::cout << " " << f;
    const char* code = t.srs ? t.srs->GetAuthorityCode(nullptr) : nullptr;
    std::cout << "\ncrs " << (code ? code : "?") << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        if (argc >= 4 && std::string(argv[1]) == "publish")
            return publish(argc, argv);
        if (argc == 4 && std::string(argv[1]) == "read")
            return read(argv);
        std::cerr << "usage : tecsmap-pg-tool publish F.gpkg CIBLE [--pause-at FRACTION MARQUEUR]"
                     " | read URI TABLE_OU_SQL\n";
        return 2;
    } catch (const tecsmap::StudyError& e) {
        std::cerr << "erreur : " << e.what() << "\n";
        return 3;
    } catch (const tecsmap::InputError& e) {
        std::cerr << "erreur : " << e.what() << "\n";
        return 3;
    } catch (const tecsmap::OutputError& e) {
        std::cerr << "erreur : " << e.what() << "\n";
        return 4;
    } catch (const std::exception& e) {
        std::cerr << "erreur : " << e.what() << "\n";
        return 1;
    }
}
