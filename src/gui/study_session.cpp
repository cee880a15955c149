#include "study_session.hpp"

#include "errors.hpp"
#include "neighbour_outlines.hpp"
#include "run_clock.hpp"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

namespace tecsmap::gui {

// What a worker hands back: either results or an error message.
struct StudySession::Outcome {
    StudyRun run;
    std::shared_ptr<const render::MapData> data;
    std::shared_ptr<const CommuneLocator> locator; ///< set when the territory is new
    QString error;
    bool cancelled = false;
};

namespace {

std::shared_ptr<const render::MapData>
make_map_data(const StudyRun& run, std::shared_ptr<const render::TerritoryShapes> shapes,
         std::shared_ptr<const std::vector<DepartementOutline>> neighbours) {
    return std::make_shared<const render::MapData>(
        render::MapSource{run, std::move(neighbours), Cog::bundled().version(),
                          french_date(run_time())},
        std::move(shapes));
}

} // namespace

StudySession::StudySession(QObject* parent)
    : QObject(parent) {}

StudySession::~StudySession() {
    if (feedback_)
        feedback_->cancel();
}

void StudySession::cancel() {
    if (feedback_)
        feedback_->cancel();
}

void StudySession::load(const QString& path) {
    const std::string p = path.toStdString();
    start(
        [p](Feedback& feedback) {
            Outcome o;
            o.run = run_study(p, Cog::bundled(), {}, &feedback);
            feedback.extend_plan({{"préparation de la carte", 2}});
            feedback.begin("préparation de la carte");
            Diagnostics ignored;
            auto neighbours = std::make_shared<const std::vector<DepartementOutline>>(
                load_neighbour_outlines(*o.run.territory, BoundaryOptions::from_environment(),
                                        ignored));
            o.data = make_map_data(o.run, nullptr, std::move(neighbours));
            o.locator = std::make_shared<const CommuneLocator>(*o.run.territory);
            return o;
        },
        true);
}

void StudySession::reanalyse(const Study& study, const AnalysisParameters& parameters) {
    if (!run_.territory)
        return;
    const StudyRun base = run_;
    const auto shapes = data_ ? data_->shapes_ptr() : nullptr;
    const auto neighbours = data_ ? data_->source().neighbours : nullptr;
    start(
        [base, study, parameters, shapes, neighbours](Feedback& feedback) {
            Outcome o;
            o.run = rerun_study(base, study, parameters, Cog::bundled(), &feedback);
            feedback.extend_plan({{"préparation de la carte", 1}});
            feedback.begin("préparation de la carte");
            o.data = make_map_data(o.run, shapes, neighbours);
            return o;
        },
        false);
}

void StudySession::start(std::function<Outcome(Feedback&)> work, bool new_territory) {
    if (feedback_)
        feedback_->cancel(); // a newer request supersedes a running one
    busy_ = true;
    const int generation = ++generation_;
    QPointer<StudySession> self(this);
    feedback_ = std::make_shared<Feedback>([self](const std::string& stage, double overall) {
        const QString text = QString::fromStdString(stage);
        const int percent = std::min(99, static_cast<int>(overall * 100));
        QMetaObject::invokeMethod(self.data(), [self, percent, text] {
            if (self)
                emit self->progress(percent, text);
        });
    });
    auto feedback = feedback_;
    QThreadPool::globalInstance()->start([self, feedback, work, new_territory, generation] {
        Outcome outcome;
        try {
            outcome = work(*feedback);
        } catch (const Cancelled&) {
            outcome.cancelled = true;
        } catch (const std::exception& e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, outcome = std::move(outcome), new_territory, generation]() mutable {
                if (self && generation == self->generation_)
                    self->finish(std::move(outcome), new_territory);
            },
            Qt::QueuedConnection);
    });
}

void StudySession::finish(Outcome o, bool new_territory) {
    busy_ = false;
    if (o.cancelled) {
        emit cancelled();
        return;
    }
    if (!o.error.isEmpty()) {
        emit failed(o.error);
        return;
    }
    run_ = std::move(o.run);
    data_ = std::move(o.data);
    if (o.locator)
        locator_ = std::move(o.locator);
    emit progress(100, QStringLiteral("terminé"));
    if (new_territory)
        emit loaded();
    else
        emit updated();
}

} // namespace tecsmap::gui
