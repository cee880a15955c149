#pragma once
// Helpers for the map view's tests: each test case builds what it needs (no shared window, no
// order between cases).

#include "fixtures.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace tecsmap::test {

/// Waits until the canvas has drawn the current view (false after `ms`).
inline bool wait_frame(gui::MapCanvas* canvas, int ms = 60000) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        QTest::qWait(20);
        if (canvas->up_to_date() && !canvas->frame().isNull())
            return true;
    }
    return false;
}

/// Distinct colours on a coarse grid of an image.
inline int count_colours(const QImage& img) {
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7)
            colours.insert(img.pixel(x, y));
    return colours.size();
}

inline QString drome_study() {
    return QString::fromStdString(source_data_dir() + "/drome.toml");
}

/// A main window with the bundled Drôme study loaded and its first frame drawn.
struct LoadedWindow {
    LoadedWindow() {
        window = std::make_unique<gui::MainWindow>();
        window->resize(1400, 900);
        window->show();
        QSignalSpy ready(window.get(), &gui::MainWindow::study_ready);
        window->open_study(drome_study());
        REQUIRE(ready.wait(120000));
        REQUIRE(wait_frame(window->canvas()));
    }
    gui::MainWindow& w() { return *window; }
    std::unique_ptr<gui::MainWindow> window;
};

} // namespace tecsmap::test
