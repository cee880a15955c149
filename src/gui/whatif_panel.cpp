#include "whatif_panel.hpp"

#include "analysis/analysis.hpp"
#include "errors.hpp"
#include "format.hpp"
#include "study.hpp"

#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tecsmap::gui {

namespace {

QString people(double v) {
    return QString::fromStdString(fr::people(v));
}

} // namespace

WhatIfPanel::WhatIfPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* help = new QLabel(
        QStringLiteral("Placez des structures hypothétiques (centre social ou EVS) : les "
                       "habitants non couverts de chaque CTG se mettent à jour aussitôt."),
        this);
    help->setWordWrap(true);
    layout->addWidget(help);
    // Two rows of short buttons: the dock shares the right side with « CTG et informations »
    // and must not widen the window (a 1000 px screenshot stays 1000 px).
    auto* buttons = new QGridLayout;
    place_ = new QPushButton(QStringLiteral("Placer"), this);
    place_->setObjectName("whatif_place");
    place_->setToolTip(QStringLiteral("Enfoncé : chaque clic sur la carte place un site"));
    place_->setCheckable(true);
    auto* suggestions = new QPushButton(QStringLiteral("Suggestions"), this);
    suggestions->setObjectName("whatif_suggestions");
    suggestions->setToolTip(QStringLiteral("Charger les sites proposés par l'analyse"));
    auto* remove = new QPushButton(QStringLiteral("Retirer"), this);
    remove->setObjectName("whatif_remove");
    buttons->addWidget(place_, 0, 0);
    buttons->addWidget(remove, 0, 1);
    buttons->addWidget(suggestions, 1, 0, 1, 2);
    layout->addLayout(buttons);
    list_ = new QListWidget(this);
    list_->setObjectName("whatif_sites");
    list_->setMaximumHeight(110);
    layout->addWidget(list_);
    total_ = new QLabel(this);
    total_->setObjectName("whatif_total");
    total_->setWordWrap(true);
    layout->addWidget(total_);
    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName("whatif_table");
    table_->setHorizontalHeaderLabels(
        {QStringLiteral("CTG"), QStringLiteral("Non couverts"), QStringLiteral("Scénario")});
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->setMinimumWidth(120);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(table_, 1);
    auto* save = new QPushButton(QStringLiteral("Enregistrer le scénario…"), this);
    save->setToolTip(QStringLiteral("Ajouter les sites à l'étude comme scénario [[scenario]]"));
    save->setObjectName("whatif_save");
    layout->addWidget(save);

    connect(remove, &QPushButton::clicked, this, [this] { remove_site(list_->currentRow()); });
    connect(suggestions, &QPushButton::clicked, this, [this] {
        if (!load_suggestions())
            QMessageBox::information(
                this, QStringLiteral("Suggestions"),
                QStringLiteral("L'analyse n'a pas de suggestions : indiquez [suggest] new = N "
                               "dans l'étude, ou lancez tecsmap suggest."));
    });
    connect(save, &QPushButton::clicked, this, [this] {
        if (sites_.empty() || run_.study.path.empty())
            return;
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, QStringLiteral("Enregistrer le scénario"),
                                  QStringLiteral("Nom du scénario :"), QLineEdit::Normal, {}, &ok);
        if (!ok || name.trimmed().isEmpty())
            return;
        const QString path = QString::fromStdString(run_.study.path);
        if (const QString error = save_to_study(path, name.trimmed()); !error.isEmpty())
            QMessageBox::warning(this, QStringLiteral("Enregistrer le scénario"), error);
        else
            emit saved(path, name.trimmed());
    });
    refresh();
}

WhatIfPanel::~WhatIfPanel() = default;

void WhatIfPanel::reset(const StudyRun& run) {
    run_ = run;
    coverage_.reset();
    sites_.clear();
    refresh();
}

bool WhatIfPanel::placing() const {
    return place_->isChecked();
}

void WhatIfPanel::set_placing(bool on) {
    place_->setChecked(on);
}

void WhatIfPanel::ensure_engine() {
    if (coverage_ || !run_.territory || !run_.result || !run_.inputs)
        return;
    std::vector<XY> covering;
    for (std::size_t k = 0; k < run_.inputs->structures.size(); ++k)
        if (run_.result->structure_covers[k])
            covering.push_back(*run_.inputs->structures[k].place.xy);
    coverage_ = std::make_unique<IncrementalCoverage>(*run_.territory, std::move(covering),
                                                      run_.parameters.coverage_radius_m());
}

void WhatIfPanel::add_site(QPointF p, const QString& name) {
    ensure_engine();
    if (!coverage_)
        return;
    const XY xy{p.x(), p.y()};
    const QString label = name.isEmpty() ? QStringLiteral("Site %1").arg(sites_.size() + 1) : name;
    sites_.push_back({coverage_->add_site(xy), xy, label});
    refresh();
}

void WhatIfPanel::remove_site(int row) {
    if (row < 0 || row >= static_cast<int>(sites_.size()) || !coverage_)
        return;
    coverage_->remove_site(sites_[static_cast<std::size_t>(row)].id);
    sites_.erase(sites_.begin() + row);
    refresh();
}

bool WhatIfPanel::load_suggestions() {
    if (!run_.result || !run_.result->suggestions)
        return false;
    while (!sites_.empty())
        remove_site(static_cast<int>(sites_.size()) - 1);
    const Scenario sc =
        scenario_from_suggestions(*run_.result->suggestions, *run_.territory, "suggestions");
    for (const ScenarioSite& s : sc.add)
        add_site(QPointF(*s.x, *s.y), QString::fromStdString(s.name));
    return true;
}

std::vector<double> WhatIfPanel::ctg_pop_uncovered() const {
    if (coverage_)
        return coverage_->ctg_pop_uncovered();
    std::vector<double> out;
    if (run_.result)
        for (const CtgIndicators& c : run_.result->ctgs)
            out.push_back(c.pop_uncovered);
    return out;
}

double WhatIfPanel::pop_uncovered() const {
    double sum = 0;
    for (double v : ctg_pop_uncovered())
        sum += v;
    return sum;
}

Scenario WhatIfPanel::scenario(const QString& name) const {
    Scenario sc;
    sc.name = name.toStdString();
    sc.description = std::to_string(sites_.size()) + " site(s) placé(s) dans la carte";
    for (const Site& s : sites_) {
        ScenarioSite site;
        site.x = s.xy.x;
        site.y = s.xy.y;
        site.name = s.name.toStdString();
        sc.add.push_back(std::move(site));
    }
    return sc;
}

QString WhatIfPanel::save_to_study(const QString& path, const QString& name) const {
    try {
        append_scenario(path.toStdString(), scenario(name));
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

void WhatIfPanel::refresh() {
    list_->clear();
    for (const Site& s : sites_)
        list_->addItem(s.name);
    table_->setRowCount(0);
    if (!run_.territory || !run_.result) {
        total_->setText(QStringLiteral("<i>Aucune étude ouverte.</i>"));
        return;
    }
    const std::vector<double> now = ctg_pop_uncovered();
    const auto& ctgs = run_.territory->ctgs;
    table_->setRowCount(static_cast<int>(ctgs.size()));
    double before = 0;
    for (std::size_t k = 0; k < ctgs.size(); ++k) {
        const double today = run_.result->ctgs[k].pop_uncovered;
        before += today;
        const int row = static_cast<int>(k);
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(ctgs[k].name)));
        auto* a = new QTableWidgetItem(people(today));
        a->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(row, 1, a);
        auto* b = new QTableWidgetItem(people(now[k]));
        b->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (now[k] < today - 0.5) {
            QFont f = b->font();
            f.setBold(true);
            b->setFont(f);
        }
        table_->setItem(row, 2, b);
    }
    const double after = pop_uncovered();
    total_->setText(
        sites_.empty()
            ? QStringLiteral("Habitants non couverts aujourd'hui : %1").arg(people(before))
            : QStringLiteral("Habitants non couverts : %1 aujourd'hui, %2 avec %3 "
                             "site(s) hypothétique(s) (%4 nouvellement couverts)")
                  .arg(people(before), people(after))
                  .arg(sites_.size())
                  .arg(people(before - after)));
}

} // namespace tecsmap::gui
