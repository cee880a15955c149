#pragma once
// The open study and its results, for the map view. Loading and re-analysing run on a worker
// thread (background_task.hpp: the event loop never blocks, the worker never touches this
// object); progress is the run's Feedback (its stages), and a run can be cancelled at its next
// safe point. Results arrive as immutable shared snapshots; a newer request supersedes a
// running one, whose outcome is dropped.

#include "analysis/study_run.hpp"
#include "background_task.hpp"
#include "hit_tester.hpp"
#include "map_data.hpp"

#include <QObject>
#include <QString>

#include <memory>

namespace tecsmap::gui {

class StudySession : public QObject {
    Q_OBJECT
public:
    explicit StudySession(QObject* parent = nullptr);
    ~StudySession() override;

    /// Loads a study file: territory + analysis (worker thread). A path that is not a regular
    /// file is refused at once (failed()), and the open study stays.
    void load(const QString& path);
    /// Re-runs the analysis with new parameters or layers on the loaded territory.
    void reanalyse(const Study& study, const AnalysisParameters& parameters);
    void cancel();
    bool busy() const { return task_.busy(); }

    const StudyRun& run() const { return run_; }
    const Study& study() const { return run_.study; }
    std::shared_ptr<const Territory> territory() const { return run_.territory; }
    std::shared_ptr<const StudyInputs> inputs() const { return run_.inputs; }
    std::shared_ptr<const AnalysisResult> result() const { return run_.result; }
    std::shared_ptr<const render::MapData> map_data() const { return data_; }
    /// What is under a click (structures, communes), built off the GUI thread with each run.
    std::shared_ptr<const HitTester> hit_tester() const { return hits_; }
    const AnalysisParameters& parameters() const { return run_.parameters; }

signals:
    /// The Feedback's overall progress in percent (from the run's real stages) and the stage.
    void progress(int percent, const QString& stage);
    void loaded();  ///< a new study (new territory) is ready
    void updated(); ///< new analysis results on the same territory
    void failed(const QString& message);
    void cancelled();

private:
    struct Outcome {
        StudyRun run;
        std::shared_ptr<const render::MapData> data;
        std::shared_ptr<const HitTester> hits;
        bool new_territory = false;
    };
    void finish(TaskOutcome<Outcome> outcome);

    StudyRun run_;
    std::shared_ptr<const render::MapData> data_;
    std::shared_ptr<const HitTester> hits_;
    BackgroundTask<Outcome> task_;
};

} // namespace tecsmap::gui
