#include "publish_run.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"
#include "gpkg_writer.hpp"
#include "postgis_target.hpp"

#include <atomic>
#include <filesystem>

#include <unistd.h>

namespace tecsmap {

std::string checked_publication_target(const std::string& target) {
    const postgis::Target parsed = postgis::parse_target(target);
    if (parsed.schema.empty())
        throw StudyError("indiquez le schéma de destination, par exemple "
                         "postgresql://hote/base?schema=drome_2022");
    return parsed.display();
}

PublishReport publish_run(const StudyRun& run, const MapStyle& style, const RunInfo& info,
                          const std::string& target, Feedback* feedback) {
    const std::string shown = checked_publication_target(target);
    // One private name per publication (the map view may publish while a CLI runs).
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path temp = std::filesystem::temp_directory_path() /
                                       ("tecsmap-publication-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter.fetch_add(1)) + ".gpkg");
    // Never committed: the AtomicOutput destructor removes the temporary GeoPackage.
    AtomicOutput gpkg(temp.string());
    if (feedback)
        feedback->extend_plan({{"écriture de " + shown, 2}, {"publication dans PostGIS", 3}});
    feedback_begin(feedback, "écriture de " + shown);
    write_geopackage(gpkg, run, style, info);
    feedback_begin(feedback, "publication dans PostGIS");
    return publish_to_postgis(gpkg.temp_path(), target, feedback);
}

} // namespace tecsmap
