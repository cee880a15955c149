// The worker -> GUI hand-off (background_task.hpp): outcomes arrive on the owner's thread,
// never after the owner is gone, only for the last run; progress is the Feedback's.
#include "background_task.hpp"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <thread>

using namespace tecsmap;
using namespace tecsmap::gui;

namespace {

// Loops until cancelled (or `steps` done), reporting its progress in two planned stages.
int staged_work(Feedback& f, int steps, std::atomic_int* ran = nullptr) {
    f.plan({{"première", 1}, {"seconde", 3}});
    f.begin("première");
    f.set_fraction(1.0);
    f.begin("seconde");
    for (int i = 0; i < steps; ++i) {
        f.check();
        f.set_fraction((i + 1.0) / steps);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (ran)
        ++*ran;
    return 42;
}

bool wait_until(const std::function<bool()>& done, int ms = 20000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(5);
    return done();
}

struct Owner : QObject {
    std::vector<TaskOutcome<int>> outcomes;
    std::vector<ProgressSlot::Progress> progress;
    Qt::HANDLE delivered_on = nullptr;
    BackgroundTask<int> task{this,
                             [this](const ProgressSlot::Progress& p) { progress.push_back(p); }, 5};
    void start(int steps) {
        task.start([steps](Feedback& f) { return staged_work(f, steps); },
                   [this](TaskOutcome<int> o) {
                       delivered_on = QThread::currentThreadId();
                       outcomes.push_back(std::move(o));
                   });
    }
};

} // namespace

TEST_CASE("a run's value comes back on the owner's thread with the Feedback's progress",
          "[gui][task]") {
    Owner owner;
    owner.start(60);
    CHECK(owner.task.busy());
    REQUIRE(wait_until([&] { return !owner.outcomes.empty(); }));
    CHECK_FALSE(owner.task.busy());
    REQUIRE(owner.outcomes.size() == 1);
    CHECK(owner.outcomes[0].value == 42);
    CHECK(owner.outcomes[0].error.isEmpty());
    CHECK(owner.delivered_on == QThread::currentThreadId());
    // The stages are weighted 1 and 3: "seconde" starts at 25 % overall and the last report
    // is the end of the plan, whatever the poll caught in between.
    REQUIRE_FALSE(owner.progress.empty());
    CHECK(owner.progress.back().stage == QStringLiteral("seconde"));
    CHECK(owner.progress.back().overall == Approx(1.0));
    for (const auto& p : owner.progress)
        if (p.stage == QStringLiteral("seconde"))
            CHECK(p.overall >= 0.25 - 1e-12);
    for (std::size_t i = 1; i < owner.progress.size(); ++i)
        CHECK(owner.progress[i].overall >= owner.progress[i - 1].overall);
}

TEST_CASE("an error becomes the outcome's message and cancelling gives a cancelled outcome",
          "[gui][task]") {
    Owner owner;
    owner.task.start([](Feedback&) -> int { throw InputError("x.csv", "colonne absente"); },
                     [&](TaskOutcome<int> o) { owner.outcomes.push_back(std::move(o)); });
    REQUIRE(wait_until([&] { return owner.outcomes.size() == 1; }));
    CHECK_FALSE(owner.outcomes[0].value);
    CHECK(owner.outcomes[0].error == QStringLiteral("x.csv : colonne absente"));

    owner.start(100000); // about 100 s unless cancelled
    QTest::qWait(30);
    owner.task.cancel();
    REQUIRE(wait_until([&] { return owner.outcomes.size() == 2; }));
    CHECK(owner.outcomes[1].cancelled);
    CHECK_FALSE(owner.outcomes[1].value);
}

TEST_CASE("a newer run supersedes the running one: only its outcome is delivered", "[gui][task]") {
    Owner owner;
    for (int i = 0; i < 20; ++i)
        owner.start(i == 19 ? 5 : 100000);
    REQUIRE(wait_until([&] { return !owner.outcomes.empty(); }));
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50); // any late delivery would arrive now
    REQUIRE(owner.outcomes.size() == 1);
    CHECK(owner.outcomes[0].value == 42);
}

TEST_CASE("an owner destroyed while its work runs gets no call and the worker ends cleanly",
          "[gui][task]") {
    std::atomic_int finished_runs{0};
    int delivered = 0; // outcomes: none may reach a destroyed owner
    for (int round = 0; round < 50; ++round) {
        auto owner = std::make_unique<QObject>();
        auto task = std::make_unique<BackgroundTask<int>>(
            owner.get(), [](const ProgressSlot::Progress&) {}, 1);
        // The work outlives the owner (cancelled at its next check, or running to its end).
        task->start(
            [&finished_runs](Feedback& f) {
                struct Ended {
                    std::atomic_int& n;
                    ~Ended() { ++n; }
                } ended{finished_runs};
                f.plan({{"x", 1}});
                f.begin("x");
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                f.set_fraction(1);
                return 1;
            },
            [&](TaskOutcome<int>) { ++delivered; });
        QTest::qWait(round % 3); // sometimes before the worker starts, sometimes during
        task.reset();            // as the member of a destroyed receiver would be
        owner.reset();
    }
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QTest::qWait(20);
    CHECK(finished_runs == 50);
    CHECK(delivered == 0);
}
