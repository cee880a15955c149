// Render jobs and the canvas: a cancelled job never delivers an image, a superseded one is
// dropped, and only the frame of the current view reaches the screen.
#include "drome_map.hpp"
#include "gui_fixture.hpp"
#include "render_job.hpp"

#include <QThreadPool>

using namespace tecsmap;
using namespace tecsmap::render;

TEST_CASE("a job cancelled before it starts or while it paints yields no frame",
          "[gui][render-job]") {
    test::DromeMap drome;
    MapSettings s = drome.full_view({3000, 2400});
    s.commune_labels = true; // a slow frame: the cancel lands while it paints

    const RenderJob before(s, drome.data);
    before.cancel();
    auto f1 = before.start();
    f1.waitForFinished();
    CHECK(f1.result() == nullptr);

    for (int delay_ms : {1, 5, 20}) {
        const RenderJob job(s, drome.data, std::make_shared<LayerCache>());
        auto f = job.start();
        QThread::msleep(static_cast<unsigned long>(delay_ms));
        job.cancel();
        f.waitForFinished();
        CHECK(f.result() == nullptr);
    }

    const RenderJob done(drome.full_view(), drome.data);
    auto f2 = done.start();
    f2.waitForFinished();
    REQUIRE(f2.result());
    CHECK(f2.result()->job == done.id());
    CHECK(f2.result()->image.size() == QSize(900, 640));
}

TEST_CASE("the canvas drops superseded and cancelled jobs and shows the current view",
          "[gui][render-job]") {
    test::DromeMap drome;
    gui::MapCanvas canvas;
    canvas.resize(800, 600);
    canvas.show();
    render::MapSettings s;
    s.style = test::bundled_style();
    canvas.set_settings(s);
    canvas.set_data(drome.data);
    REQUIRE(test::wait_frame(&canvas));
    QSignalSpy frames(&canvas, &gui::MapCanvas::frame_rendered);
    const int started = canvas.jobs_started(), delivered = canvas.frames_delivered();
    // Bursts of view changes, each let through the refresh timer so that a job starts and is
    // then superseded by the next.
    const QRectF e = drome.data->extent();
    for (int i = 0; i < 30; ++i) {
        canvas.zoom_to(e.adjusted(i * 800, i * 500, -i * 300, -i * 200));
        QTest::qWait(30); // past the 15 ms refresh timer (qWait handles events every 10 ms)
    }
    REQUIRE(test::wait_frame(&canvas));
    const int jobs = canvas.jobs_started() - started;
    const int shown = canvas.frames_delivered() - delivered;
    CHECK(jobs >= 10);
    CHECK(shown < jobs); // superseded jobs delivered nothing
    CHECK(frames.count() == shown);
    // What is shown is the current view, as a fresh render paints it.
    LayerCache empty;
    MapSettings now = canvas.view_settings();
    const QImage expected = render_frame(now, drome.data, &empty);
    QImage shown_image = canvas.frame();
    shown_image.setDevicePixelRatio(1);
    CHECK(shown_image == expected);

    // A job cancelled right after it started delivers nothing.
    const int before_cancel = canvas.frames_delivered();
    const int jobs_before_cancel = canvas.jobs_started();
    canvas.zoom_to(e.adjusted(1000, 1000, -3000, -2000)); // a new scale: a slow, cold frame
    while (canvas.jobs_started() == jobs_before_cancel)
        QTest::qWait(1); // until the refresh timer has started the job
    canvas.cancel_render();
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50);
    CHECK(canvas.frames_delivered() == before_cancel);
}

TEST_CASE("a canvas destroyed while its jobs run is never called back", "[gui][render-job]") {
    test::DromeMap drome;
    for (int round = 0; round < 40; ++round) {
        auto canvas = std::make_unique<gui::MapCanvas>();
        canvas->resize(700, 500);
        canvas->show();
        canvas->set_data(drome.data);
        QTest::qWait(round % 25); // sometimes before, sometimes while rendering
        canvas.reset();
    }
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(20); // late deliveries would reach freed memory here (ASan)
    SUCCEED();
}
