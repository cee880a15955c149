#pragma once
// RAII for GDAL/OGR handles, and the one place where GDAL is initialised. Datasets use GDAL's
// own GDALDatasetUniquePtr, features OGRFeatureUniquePtr; geometries and spatial references
// get the unique_ptr aliases below. Nothing else calls GDALClose or OGR_F_Destroy.

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace tecsmap::gdal {

/// Registers drivers once and routes GDAL errors to a per-thread buffer.
void init();

/// Last GDAL error message on this thread (CPLGetLastErrorMsg), for error context.
std::string last_error();

using DatasetPtr = GDALDatasetUniquePtr;
using FeaturePtr = OGRFeatureUniquePtr;
using GeometryPtr = std::unique_ptr<OGRGeometry>; // OGRGeometry has a public virtual destructor

struct SrsDeleter {
    void operator()(OGRSpatialReference* s) const noexcept { s->Release(); }
};
using SrsPtr = std::unique_ptr<OGRSpatialReference, SrsDeleter>;

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const noexcept {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// A spatial reference from "EPSG:2154", WKT or PROJ JSON, in traditional GIS axis order
/// (x = longitude, y = latitude). Throws StudyError naming the definition.
SrsPtr make_srs(const std::string& definition);

} // namespace tecsmap::gdal
