#include "gdal_handles.hpp"

#include "errors.hpp"

#include <cpl_conv.h>
#include <mutex>

namespace tecsmap::gdal {

void init() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Quiet by default: errors reach users through our exceptions, with context.
        CPLSetErrorHandler(CPLQuietErrorHandler);
        // A GeoJSON file can be large (all communes of France): no size limit on reading.
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
    });
}

std::string last_error() {
    const char* msg = CPLGetLastErrorMsg();
    return msg ? msg : "";
}

SrsPtr make_srs(const std::string& definition) {
    SrsPtr srs(new OGRSpatialReference()); // reference-counted; released by SrsDeleter
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (srs->SetFromUserInput(definition.c_str()) != OGRERR_NONE)
        throw StudyError("système de coordonnées inconnu : « " + definition + " »");
    return srs;
}

} // namespace tecsmap::gdal
