#include "study_session.hpp"

#include "errors.hpp"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

namespace tecsmap::gui {

// What a worker hands back: either results or an error message.
struct StudySession::Outcome {
    Study study;
    std::shared_ptr<const Territory> territory;
    std::shared_ptr<const AnalysisResult> result;
    std::shared_ptr<const render::MapData> data;
    std::shared_ptr<const CommuneLocator> locator; ///< set when the territory is new
    QString error;
    bool cancelled = false;
};

namespace {
// The stages analyse() reports, for a percentage.
constexpr int kStages = 12;
} // namespace

StudySession::StudySession(QObject* parent)
    : QObject(parent) {}

StudySession::~StudySession() {
    if (cancel_)
        *cancel_ = true;
}

AnalysisParameters StudySession::parameters() const {
    return result_ ? result_->parameters : study_.parameters;
}

void StudySession::cancel() {
    if (cancel_)
        *cancel_ = true;
}

void StudySession::load(const QString& path) {
    const std::string p = path.toStdString();
    start(
        [p](const ProgressFn& progress) {
            Outcome o;
            StudyRun run = run_study(p, {}, progress);
            progress("préparation de la carte", 0);
            o.data = render::make_map_data(run.study, run.territory, run.result);
            o.locator = std::make_shared<const CommuneLocator>(*run.territory);
            o.study = std::move(run.study);
            o.territory = std::move(run.territory);
            o.result = std::move(run.result);
            return o;
        },
        true);
}

void StudySession::reanalyse(const Study& study, const AnalysisParameters& parameters) {
    if (!territory_)
        return;
    auto territory = territory_;
    start(
        [study, parameters, territory](const ProgressFn& progress) {
            Outcome o;
            o.study = study;
            o.territory = territory;
            o.result = rerun_analysis(study, *territory, parameters, progress);
            progress("préparation de la carte", 0);
            o.data = render::make_map_data(study, territory, o.result);
            return o;
        },
        false);
}

void StudySession::start(std::function<Outcome(const ProgressFn&)> work, bool new_territory) {
    if (cancel_)
        *cancel_ = true; // a newer request supersedes a running one
    cancel_ = std::make_shared<std::atomic_bool>(false);
    busy_ = true;
    const int generation = ++generation_;
    QPointer<StudySession> self(this);
    auto cancel = cancel_;
    QThreadPool::globalInstance()->start([self, cancel, work, new_territory, generation] {
        int stage = 0;
        // Cancellation is cooperative: checked whenever the analysis reports a stage.
        const ProgressFn progress = [&](const std::string& what, double) {
            if (*cancel)
                throw Cancelled();
            const int percent = std::min(99, ++stage * 100 / kStages);
            const QString text = QString::fromStdString(what);
            QMetaObject::invokeMethod(self.data(), [self, percent, text] {
                if (self)
                    emit self->progress(percent, text);
            });
        };
        Outcome outcome;
        try {
            outcome = work(progress);
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
    study_ = std::move(o.study);
    territory_ = std::move(o.territory);
    result_ = std::move(o.result);
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
