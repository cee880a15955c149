#include "parameter_bar.hpp"

#include <QAction>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>

namespace tecsmap::gui {

namespace {
QString tool_tip(const ParameterSpec& spec) {
    return QString::fromStdString(std::string(spec.label) + " : " + describe_range(spec));
}
} // namespace

ParameterBar::ParameterBar(QWidget* parent)
    : QToolBar(QStringLiteral("Paramètres"), parent) {
    setObjectName("parameters");
    auto km_field = [this](const char* name, ParameterId id, double step) {
        const ParameterSpec& spec = parameter_spec(id);
        auto* box = new QDoubleSpinBox(this);
        box->setObjectName(name);
        box->setDecimals(3);
        box->setRange(spec.min, spec.max);
        box->setSingleStep(step);
        box->setSuffix(QStringLiteral(" km"));
        box->setValue(spec.default_value);
        box->setToolTip(tool_tip(spec));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { debounce_.start(); });
        return box;
    };
    radius_ = km_field("radius", ParameterId::CoverageRadiusKm, 1);
    const ParameterSpec& mn = parameter_spec(ParameterId::CoverageMinutes);
    minutes_ = new QDoubleSpinBox(this);
    minutes_->setObjectName("minutes");
    minutes_->setDecimals(1);
    minutes_->setRange(mn.min, mn.max);
    minutes_->setSingleStep(1);
    minutes_->setSuffix(QStringLiteral(" min"));
    minutes_->setValue(mn.default_value);
    minutes_->setToolTip(tool_tip(mn));
    minutes_->setKeyboardTracking(false);
    connect(minutes_, &QDoubleSpinBox::valueChanged, this, [this] { debounce_.start(); });
    eps_ = km_field("eps", ParameterId::ClusterEpsKm, 0.5);
    const ParameterSpec& mp = parameter_spec(ParameterId::ClusterMinPoints);
    min_points_ = new QSpinBox(this);
    min_points_->setObjectName("min_points");
    min_points_->setRange(static_cast<int>(mp.min), static_cast<int>(mp.max));
    min_points_->setValue(static_cast<int>(mp.default_value));
    min_points_->setToolTip(tool_tip(mp));
    min_points_->setKeyboardTracking(false);
    connect(min_points_, &QSpinBox::valueChanged, this, [this] { debounce_.start(); });
    radius_label_ = addWidget(new QLabel(QStringLiteral(" Rayon de couverture "), this));
    radius_field_ = addWidget(radius_);
    minutes_label_ = addWidget(new QLabel(QStringLiteral(" Couverture par la route "), this));
    minutes_field_ = addWidget(minutes_);
    set_time_coverage(false);
    addWidget(new QLabel(QStringLiteral(" DBSCAN eps "), this));
    addWidget(eps_);
    addWidget(new QLabel(QStringLiteral(" min. "), this));
    addWidget(min_points_);
    debounce_.setSingleShot(true);
    debounce_.setInterval(400); // re-analyse once the user stops turning the knob
    connect(&debounce_, &QTimer::timeout, this, &ParameterBar::edited);
}

void ParameterBar::show_values(const AnalysisParameters& p) {
    const QSignalBlocker b1(radius_), b2(eps_), b3(min_points_), b4(minutes_);
    radius_->setValue(p.coverage_radius_km());
    minutes_->setValue(p.coverage_minutes());
    eps_->setValue(p.cluster_eps_km());
    min_points_->setValue(p.cluster_min_points());
    debounce_.stop();
}

void ParameterBar::set_values(double radius_km, double eps_km, int min_points) {
    radius_->setValue(radius_km);
    eps_->setValue(eps_km);
    min_points_->setValue(min_points);
    debounce_.start(); // even when nothing changed, as a user's Entrée would
}

void ParameterBar::set_time_coverage(bool by_time) {
    radius_label_->setVisible(!by_time);
    radius_field_->setVisible(!by_time);
    minutes_label_->setVisible(by_time);
    minutes_field_->setVisible(by_time);
}

AnalysisParameters ParameterBar::apply_to(AnalysisParameters p) const {
    // The fields accept exactly the valid ranges, so set() cannot fail here.
    const auto origin = [](ParameterId id) {
        return ParameterOrigin::map_view(parameter_spec(id).label);
    };
    p.set(ParameterId::CoverageRadiusKm, radius_->value(), origin(ParameterId::CoverageRadiusKm));
    if (minutes_field_->isVisible())
        p.set(ParameterId::CoverageMinutes, minutes_->value(),
              origin(ParameterId::CoverageMinutes));
    p.set(ParameterId::ClusterEpsKm, eps_->value(), origin(ParameterId::ClusterEpsKm));
    p.set(ParameterId::ClusterMinPoints, min_points_->value(),
          origin(ParameterId::ClusterMinPoints));
    return p;
}

} // namespace tecsmap::gui
