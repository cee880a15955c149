#pragma once
// The open study and its results, for the map view. Loading and re-analysing run on a worker
// thread (the event loop never blocks); progress is reported per stage and a run can be
// cancelled at the next stage boundary. Results arrive as immutable shared snapshots.

#include "commune_locator.hpp"
#include "analysis/study_run.hpp"
#include "map_data.hpp"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace tecsmap::gui {

class StudySession : public QObject {
    Q_OBJECT
public:
    explicit StudySession(QObject* parent = nullptr);
    ~StudySession() override;

    /// Loads a study file: territory + analysis (worker thread).
    void load(const QString& path);
    /// Re-runs the analysis with new parameters or layers on the loaded territory.
    void reanalyse(const Study& study, const AnalysisParameters& parameters);
    void cancel();
    bool busy() const { return busy_; }

    const StudyRun& run() const { return run_; }
    const Study& study() const { return run_.study; }
    std::shared_ptr<const Territory> territory() const { return run_.territory; }
    std::shared_ptr<const StudyInputs> inputs() const { return run_.inputs; }
    std::shared_ptr<const AnalysisResult> result() const { return run_.result; }
    std::shared_ptr<const render::MapData> map_data() const { return data_; }
    /// Point-in-commune lookup for clicks, built off the GUI thread with each new territory.
    std::shared_ptr<const CommuneLocator> locator() const { return locator_; }
    const AnalysisParameters& parameters() const { return run_.parameters; }

signals:
    void progress(int percent, const QString& stage);
    void loaded();  ///< a new study (new territory) is ready
    void updated(); ///< new analysis results on the same territory
    void failed(const QString& message);
    void cancelled();

private:
    struct Outcome;
    void start(std::function<Outcome(Feedback&)> work, bool new_territory);
    void finish(Outcome outcome, bool new_territory);

    StudyRun run_;
    std::shared_ptr<const render::MapData> data_;
    std::shared_ptr<const CommuneLocator> locator_;
    std::shared_ptr<Feedback> feedback_;
    bool busy_ = false;
    int generation_ = 0;
};

} // namespace tecsmap::gui
