// The map view's exports and its screenshot option write atomically and say why they fail.
#include "command_line.hpp"
#include "drome_map.hpp"
#include "errors.hpp"
#include "export_runner.hpp"
#include "gui_fixture.hpp"

#include <QFile>
#include <QTemporaryDir>

#include <unistd.h>

using namespace tecsmap;
using namespace tecsmap::gui;

namespace {

QByteArray read_all(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs one export and returns (finished path, failure message).
std::pair<QString, QString> run_export(const std::function<void(ExportRunner&)>& start) {
    ExportRunner runner;
    QSignalSpy finished(&runner, &ExportRunner::finished);
    QSignalSpy failed(&runner, &ExportRunner::failed);
    start(runner);
    QElapsedTimer t;
    t.start();
    while (finished.isEmpty() && failed.isEmpty() && t.elapsed() < 120000)
        QTest::qWait(10);
    REQUIRE(finished.count() + failed.count() == 1);
    return {finished.isEmpty() ? QString() : finished[0][0].toString(),
            failed.isEmpty() ? QString() : failed[0][0].toString()};
}

} // namespace

TEST_CASE("view and GeoPackage and atlas exports write their file", "[gui][export]") {
    test::DromeMap drome;
    QTemporaryDir dir;
    const render::MapSettings view = drome.full_view();
    const QString png = dir.filePath("carte.png");
    CHECK(run_export([&](ExportRunner& r) { r.export_view(png, view, drome.data, true); }).first ==
          png);
    CHECK(read_all(png).startsWith("\x89PNG"));
    const QString gpkg = dir.filePath("analyse.gpkg");
    CHECK(run_export([&](ExportRunner& r) {
              r.export_geopackage(gpkg, drome.data, test::bundled_style());
          }).first == gpkg);
    CHECK(read_all(gpkg).startsWith("SQLite format 3"));
    const QString atlas = dir.filePath("atlas.pdf");
    CHECK(run_export([&](ExportRunner& r) {
              r.export_atlas(atlas, drome.data, test::bundled_style());
          }).first == atlas);
    CHECK(read_all(atlas).startsWith("%PDF"));
    // Nothing but the three files: no temporary left behind.
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size() == 3);
}

TEST_CASE("a failed export says why and leaves the previous file intact", "[gui][export]") {
    test::DromeMap drome;
    QTemporaryDir dir;
    const render::MapSettings view = drome.full_view();

    SECTION("missing directory") {
        const QString path = dir.filePath("absent/carte.pdf");
        const auto [done, error] =
            run_export([&](ExportRunner& r) { r.export_view(path, view, drome.data, false); });
        CHECK(done.isEmpty());
        CHECK(error.contains(QStringLiteral("Export de la vue impossible")));
        CHECK(error.contains(QStringLiteral("n'existe pas")));
        const auto [gdone, gerror] = run_export([&](ExportRunner& r) {
            r.export_geopackage(dir.filePath("absent/a.gpkg"), drome.data, test::bundled_style());
        });
        CHECK(gerror.contains(QStringLiteral("n'existe pas")));
        const auto [adone, aerror] = run_export([&](ExportRunner& r) {
            r.export_atlas(dir.filePath("absent/a.pdf"), drome.data, test::bundled_style());
        });
        CHECK(aerror.contains(QStringLiteral("n'existe pas")));
    }
    SECTION("unknown extension") {
        const auto [done, error] = run_export([&](ExportRunner& r) {
            r.export_view(dir.filePath("carte.xyz"), view, drome.data, false);
        });
        CHECK(error.contains(QStringLiteral("extension inconnue")));
    }
    SECTION("unwritable directory, previous file intact") {
        const QString path = dir.filePath("carte.png");
        {
            QFile old(path);
            REQUIRE(old.open(QIODevice::WriteOnly));
            old.write("previous");
        }
        if (::geteuid() == 0) {
            // root writes everywhere: a directory in place of the target's parent instead.
            const auto [done, error] = run_export([&](ExportRunner& r) {
                r.export_view(dir.filePath("carte.png/x.png"), view, drome.data, false);
            });
            CHECK(error.contains(QStringLiteral("n'existe pas")));
        } else {
            REQUIRE(
                QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            const auto [done, error] =
                run_export([&](ExportRunner& r) { r.export_view(path, view, drome.data, false); });
            QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner);
            CHECK(error.contains(QStringLiteral("pas de droit d'écriture")));
        }
        CHECK(read_all(path) == "previous");
    }
}

TEST_CASE("the file dialog's filter gives a missing extension", "[gui][export]") {
    CHECK(ExportRunner::with_extension("/t/carte", "PNG (*.png)") == "/t/carte.png");
    CHECK(ExportRunner::with_extension("/t/carte.svg", "PNG (*.png)") == "/t/carte.svg");
    CHECK(ExportRunner::with_extension("", "PNG (*.png)").isEmpty());
}

TEST_CASE("the screenshot is written atomically with the cause of a failure", "[gui][export]") {
    QTemporaryDir dir;
    QImage image(64, 48, QImage::Format_ARGB32);
    image.fill(Qt::red);
    const QString path = dir.filePath("shot.png");
    save_image_atomically(image, path);
    QImage back(path);
    CHECK(back.size() == QSize(64, 48));
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size() == 1);

    const auto message = [&](const QString& target) {
        try {
            save_image_atomically(image, target);
        } catch (const OutputError& e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    CHECK(message(dir.filePath("absent/shot.png")).contains(QStringLiteral("n'existe pas")));
    const QString unknown = message(dir.filePath("shot.xyz"));
    CHECK(unknown.contains(QStringLiteral("« .xyz »")));
    CHECK(unknown.contains(QStringLiteral("png")));
    CHECK(message(dir.filePath("shot")).contains(QStringLiteral("extension absente")));
    // The failures left the first screenshot as it was, and no temporary.
    CHECK(QImage(path).pixel(0, 0) == QColor(Qt::red).rgb());
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size() == 1);
}

TEST_CASE("publishing into PostGIS checks the address before any work, never repeating a "
          "password",
          "[gui][export][postgis]") {
    test::DromeMap drome;
    const auto publish = [&](const QString& address) {
        return run_export(
            [&](ExportRunner& r) { r.export_postgis(address, drome.data, test::bundled_style()); });
    };
    const auto [done1, why1] =
        publish(QStringLiteral("postgresql://caf26:Tres-Secret-8Pq@localhost/sig?schema=drome"));
    CHECK(done1.isEmpty());
    CHECK(why1.startsWith(QStringLiteral("Publication dans PostGIS impossible")));
    CHECK_FALSE(why1.contains(QStringLiteral("Tres-Secret-8Pq")));
    const auto [done2, why2] = publish(QStringLiteral("postgresql://caf26@localhost/sig"));
    CHECK(done2.isEmpty());
    CHECK(why2.contains(QStringLiteral("schéma")));
    const auto [done3, why3] =
        publish(QStringLiteral("postgresql://caf26@localhost/sig?schema=Drome 2022"));
    CHECK(done3.isEmpty());
    CHECK(why3.contains(QStringLiteral("Drome 2022")));
}
