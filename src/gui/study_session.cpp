#include "study_session.hpp"

#include "neighbour_outlines.hpp"
#include "run_clock.hpp"

#include <QFileInfo>

#include <algorithm>

namespace tecsmap::gui {

namespace {

std::shared_ptr<const render::MapData>
make_map_data(const StudyRun& run, std::shared_ptr<const render::TerritoryShapes> shapes,
              std::shared_ptr<const std::vector<DepartementOutline>> neighbours,
              const render::MapData* previous = nullptr) {
    return std::make_shared<const render::MapData>(render::MapSource{run, std::move(neighbours),
                                                                     Cog::bundled().version(),
                                                                     french_date(run_time())},
                                                   std::move(shapes), previous);
}

// The stage that prepares the map after the analysis, with its weight relative to the run's.
const char* const kMapStage = "préparation de la carte";

} // namespace

StudySession::StudySession(QObject* parent)
    : QObject(parent)
    , task_(this, [this](const ProgressSlot::Progress& p) {
        emit progress(std::clamp(static_cast<int>(p.overall * 100), 0, 99), p.stage);
    }) {}

StudySession::~StudySession() = default; // task_ cancels the run and disconnects

void StudySession::cancel() {
    task_.cancel();
}

void StudySession::load(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir() || (info.exists() && !info.isFile())) {
        // Refused here, before any work: the open study and its results stay as they are.
        emit failed(path + QStringLiteral(" : ") +
                    (info.isDir() ? QStringLiteral("c'est un répertoire, pas un fichier d'étude "
                                                   "(.toml) ; l'étude ouverte est conservée")
                                  : QStringLiteral("ce n'est pas un fichier ordinaire ; l'étude "
                                                   "ouverte est conservée")));
        return;
    }
    const std::string p = path.toStdString();
    task_.start(
        [p](Feedback& feedback) {
            Outcome o;
            o.new_territory = true;
            o.run = run_study(p, Cog::bundled(), {}, &feedback);
            feedback.extend_plan({{kMapStage, 2}});
            feedback.begin(kMapStage);
            Diagnostics ignored;
            auto neighbours =
                std::make_shared<const std::vector<DepartementOutline>>(load_neighbour_outlines(
                    *o.run.territory, BoundaryOptions::from_environment(), ignored));
            feedback.check();
            o.data = make_map_data(o.run, nullptr, std::move(neighbours));
            feedback.set_fraction(0.8);
            o.hits = std::make_shared<const HitTester>(
                o.run.territory, o.run.inputs,
                std::make_shared<const CommuneLocator>(*o.run.territory));
            return o;
        },
        [this](TaskOutcome<Outcome> o) { finish(std::move(o)); });
}

void StudySession::reanalyse(const Study& study, const AnalysisParameters& parameters) {
    if (!run_.territory)
        return;
    // Everything the worker needs, as values and shared immutable snapshots.
    const StudyRun base = run_;
    const auto shapes = data_ ? data_->shapes_ptr() : nullptr;
    const std::shared_ptr<const render::MapData> previous = data_; // lends what did not change
    const auto neighbours = data_ ? data_->source().neighbours : nullptr;
    const auto locator = hits_ ? hits_->locator() : nullptr;
    task_.start(
        [base, study, parameters, shapes, neighbours, locator, previous](Feedback& feedback) {
            Outcome o;
            o.run = rerun_study(base, study, parameters, Cog::bundled(), &feedback);
            feedback.extend_plan({{kMapStage, 1}});
            feedback.begin(kMapStage);
            o.data = make_map_data(o.run, shapes, neighbours, previous.get());
            o.hits = std::make_shared<const HitTester>(
                o.run.territory, o.run.inputs,
                locator ? locator : std::make_shared<const CommuneLocator>(*o.run.territory));
            return o;
        },
        [this](TaskOutcome<Outcome> o) { finish(std::move(o)); });
}

void StudySession::finish(TaskOutcome<Outcome> o) {
    if (o.cancelled) {
        emit cancelled();
        return;
    }
    if (!o.error.isEmpty()) {
        emit failed(o.error);
        return;
    }
    Outcome& out = *o.value;
    run_ = std::move(out.run);
    data_ = std::move(out.data);
    hits_ = std::move(out.hits);
    emit progress(100, QStringLiteral("terminé"));
    if (out.new_territory)
        emit loaded();
    else
        emit updated();
}

} // namespace tecsmap::gui
