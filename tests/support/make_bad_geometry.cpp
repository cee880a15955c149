// tecsmap-make-bad-geometry OUT.gpkg X0 Y0 SIDE: writes the perimeter GeoPackage of
// bad_geometry.hpp (one valid PAT, three with a NaN, +inf or 1e308 vertex) for the CLI tests.
#include "bad_geometry.hpp"

#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage : tecsmap-make-bad-geometry SORTIE.gpkg X0 Y0 CÔTÉ\n";
        return 2;
    }
    try {
        tecsmap::test::write_bad_perimeters(argv[1], std::stod(argv[2]), std::stod(argv[3]),
                                            std::stod(argv[4]));
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
