// Catch2 main for tests that paint: a QGuiApplication on the offscreen platform (fonts,
// QPainter on images, PDF and SVG writers) without a display.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int qt_argc = 1;
    QGuiApplication app(qt_argc, argv);
    return Catch::Session().run(argc, argv);
}
