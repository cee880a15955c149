#pragma once
// The « Paramètres » tool bar: coverage radius (or, with coverage = "temps", minutes by
// road), DBSCAN eps and minimum points. Each field
// accepts exactly its parameter's valid range (parameter_spec): nothing is clamped silently.
// edited() is emitted once the user stops turning the knob (400 ms), for one re-analysis.

#include "parameters.hpp"

#include <QTimer>
#include <QToolBar>

class QDoubleSpinBox;
class QSpinBox;

namespace tecsmap::gui {

class ParameterBar : public QToolBar {
    Q_OBJECT
public:
    explicit ParameterBar(QWidget* parent = nullptr);

    /// Shows a study's values without emitting edited().
    void show_values(const AnalysisParameters& parameters);
    /// Sets the fields as a user would (edited() follows).
    void set_values(double radius_km, double eps_km, int min_points);
    /// Shows the minutes field instead of the radius (a study with coverage = "temps").
    void set_time_coverage(bool by_time);
    /// `base` with the fields' values, each with the GUI field as its origin.
    AnalysisParameters apply_to(AnalysisParameters base) const;

signals:
    void edited();

private:
    QDoubleSpinBox* radius_;
    QDoubleSpinBox* minutes_;
    QAction* radius_label_ = nullptr;
    QAction* radius_field_ = nullptr;
    QAction* minutes_label_ = nullptr;
    QAction* minutes_field_ = nullptr;
    QDoubleSpinBox* eps_;
    QSpinBox* min_points_;
    QTimer debounce_;
};

} // namespace tecsmap::gui
