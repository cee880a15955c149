// Catch2 main for the map view's tests: a QApplication on the offscreen platform.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QLocale>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int qt_argc = 1;
    QApplication app(qt_argc, argv);
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
    return Catch::Session().run(argc, argv);
}
