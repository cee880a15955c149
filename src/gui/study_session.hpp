#pragma once
// The open study and its results, for the map view. Loading and re-analysing run on a worker
// thread (the event loop never blocks); progress is reported per stage and a run can be
// cancelled at the next stage boundary. Results arrive as immutable shared snapshots.

#include "analysis/commune_locator.hpp"
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

    const Study& study() const { return study_; }
    std::shared_ptr<const Territory> territory() const { return territory_; }
    std::shared_ptr<const AnalysisResult> result() const { return result_; }
    std::shared_ptr<const render::MapData> map_data() const { return data_; }
    /// Point-in-commune lookup for clicks, built off the GUI thread with each new territory.
    std::shared_ptr<const CommuneLocator> locator() const { return locator_; }
    AnalysisParameters parameters() const;

signals:
    void progress(int percent, const QString& stage);
    void loaded();  ///< a new study (new territory) is ready
    void updated(); ///< new analysis results on the same territory
    void failed(const QString& message);
    void cancelled();

private:
    struct Outcome;
    void start(std::function<Outcome(const ProgressFn&)> work, bool new_territory);
    void finish(Outcome outcome, bool new_territory);

    Study study_;
    std::shared_ptr<const Territory> territory_;
    std::shared_ptr<const AnalysisResult> result_;
    std::shared_ptr<const render::MapData> data_;
    std::shared_ptr<const CommuneLocator> locator_;
    std::shared_ptr<std::atomic_bool> cancel_;
    bool busy_ = false;
    int generation_ = 0;
};

} // namespace tecsmap::gui
