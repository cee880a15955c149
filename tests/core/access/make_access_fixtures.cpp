// Writes the hand-made accessibility study (hand_study.hpp) into a directory, for the CLI
// tests: make_access_fixtures DIR
#include "hand_study.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_access_fixtures DIR\n";
        return 2;
    }
    try {
        tecsmap::test::write_hand_study(argv[1]);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "make_access_fixtures: " << e.what() << '\n';
        return 1;
    }
}
