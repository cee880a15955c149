#pragma once
// Every input file is checked before it is read: it must be a regular file (not a directory, a
// FIFO, a device or a socket) no larger than a cap that depends on what it is. Reading
// /dev/zero, a named pipe or a 50 GB file then fails at once with a clear message instead of
// exhausting memory. The caps are documented in docs/study-file.md ("Limites").

#include <cstdint>
#include <string>

namespace tecsmap {

enum class InputKind {
    Study,      ///< the study file (TOML)
    Table,      ///< a CSV, TSV or spreadsheet layer (structures, initiatives, perimeters, CTG)
    Layer,      ///< any other vector source of a layer (GeoPackage, GeoJSON, Shapefile...)
    Boundaries, ///< a commune boundary source
    Ban,        ///< a Base Adresse Nationale CSV file
    Grid,       ///< a gridded data set (INSEE Filosofi 200 m squares...)
    Roads,      ///< an OpenStreetMap extract (PBF or XML) for travel times
};

/// The size cap of a kind, in bytes.
std::uint64_t input_size_cap(InputKind kind);

/// "1 Mio", "256 Mio", "2 Gio": a size as the messages and docs write it.
std::string format_size(std::uint64_t bytes);

/// Throws InputError (French, naming the file) when `path` is missing, is a directory (except
/// an OpenFileGDB `.gdb` directory for the vector kinds), a FIFO, a device or a socket, or is
/// larger than the cap of `kind`. GDAL virtual paths (/vsizip/...) are checked through GDAL.
void check_input_file(const std::string& path, InputKind kind);

/// check_input_file, then the whole file as bytes; never reads more than the cap (a file that
/// grows while being read is refused too).
std::string read_input_file(const std::string& path, InputKind kind);

} // namespace tecsmap
