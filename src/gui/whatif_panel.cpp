#include "whatif_panel.hpp"

#include "analysis/analysis.hpp"
#include "coverage_wording.hpp"
#include "format.hpp"
#include "what_if_actions.hpp"
#include "what_if_mode.hpp"

#include <QAction>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tecsmap::gui {

namespace {

QString people(double v) {
    return QString::fromStdString(fr::people(v));
}

} // namespace

WhatIfPanel::WhatIfPanel(WhatIfActions* actions, QWidget* parent)
    : QWidget(parent)
    , actions_(actions) {
    auto* layout = new QVBoxLayout(this);
    auto* help = new QLabel(
        QStringLiteral("« Placer » : chaque clic sur la carte ajoute une structure hypothétique "
                       "(un clic sur une structure existante la retire), un glisser la déplace ; "
                       "Maj+clic sur une commune l'ajoute à la zone de compétence de la "
                       "structure la plus proche (règles de zones). "
                       "Les habitants non couverts de chaque CTG suivent, selon la règle de "
                       "couverture de l'étude."),
        this);
    help->setWordWrap(true);
    layout->addWidget(help);
    // Two rows of short buttons: the dock shares the right side with « CTG et informations »
    // and must not widen the window (a 1000 px screenshot stays 1000 px).
    auto* buttons = new QGridLayout;
    place_ = new QPushButton(QStringLiteral("Placer"), this);
    place_->setObjectName("whatif_place");
    place_->setToolTip(actions_->toggle()->toolTip());
    place_->setCheckable(true);
    auto* suggestions = new QPushButton(QStringLiteral("Suggestions"), this);
    suggestions->setObjectName("whatif_suggestions");
    suggestions->setToolTip(QStringLiteral("Ajouter les sites proposés par l'analyse"));
    auto* remove = new QPushButton(QStringLiteral("Retirer"), this);
    remove->setObjectName("whatif_remove");
    remove->setToolTip(QStringLiteral("Supprimer le site choisi, ou remettre la structure"));
    auto* restart = new QPushButton(QStringLiteral("Recommencer"), this);
    restart->setObjectName("whatif_reset");
    buttons->addWidget(place_, 0, 0);
    buttons->addWidget(remove, 0, 1);
    buttons->addWidget(suggestions, 1, 0);
    buttons->addWidget(restart, 1, 1);
    layout->addLayout(buttons);
    list_ = new QListWidget(this);
    list_->setObjectName("whatif_sites");
    list_->setMaximumHeight(110);
    layout->addWidget(list_);
    rule_ = new QLabel(this);
    rule_->setObjectName("whatif_rule");
    rule_->setWordWrap(true);
    layout->addWidget(rule_);
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
    save->setToolTip(QStringLiteral("Ajouter les changements à l'étude comme [[scenario]]"));
    save->setObjectName("whatif_save");
    layout->addWidget(save);

    // « Placer » and the toolbar's « Et si… » are one switch.
    QAction* toggle = actions_->toggle();
    connect(place_, &QPushButton::toggled, toggle, &QAction::setChecked);
    connect(toggle, &QAction::toggled, this, [this](bool on) {
        const QSignalBlocker block(place_);
        place_->setChecked(on);
    });
    connect(remove, &QPushButton::clicked, this, [this] { remove_site(list_->currentRow()); });
    connect(suggestions, &QPushButton::clicked, actions_, &WhatIfActions::load_suggestions);
    connect(restart, &QPushButton::clicked, mode(), &WhatIfMode::reset);
    connect(save, &QPushButton::clicked, actions_, &WhatIfActions::ask_and_save);
    connect(mode(), &WhatIfMode::changed, this, &WhatIfPanel::refresh);
    connect(mode(), &WhatIfMode::ready_changed, this, &WhatIfPanel::refresh);
    refresh();
}

WhatIfPanel::~WhatIfPanel() = default;

WhatIfMode* WhatIfPanel::mode() const {
    return actions_->mode();
}

bool WhatIfPanel::placing() const {
    return mode()->enabled();
}

void WhatIfPanel::set_placing(bool on) {
    actions_->toggle()->setChecked(on);
}

void WhatIfPanel::add_site(QPointF p, const QString& name) {
    if (mode()->ready())
        mode()->add_site(p, name);
}

void WhatIfPanel::remove_site(int row) {
    const auto& sites = mode()->sites();
    if (row < 0)
        return;
    const auto r = static_cast<std::size_t>(row);
    if (r < sites.size()) {
        mode()->remove_site(sites[r].id);
        return;
    }
    const std::vector<std::size_t> removed = mode()->removed_structures();
    if (r - sites.size() < removed.size()) {
        mode()->toggle_structure(removed[r - sites.size()]);
        return;
    }
    std::size_t k = r - sites.size() - removed.size();
    for (const ResolvedExtension& e : mode()->zone_additions()) {
        if (k < e.communes.size()) {
            mode()->toggle_zone_commune(e.structure, e.communes[k]);
            return;
        }
        k -= e.communes.size();
    }
}

bool WhatIfPanel::load_suggestions() {
    return mode()->load_suggestions() > 0;
}

std::size_t WhatIfPanel::site_count() const {
    return mode()->sites().size();
}

std::vector<double> WhatIfPanel::ctg_pop_uncovered() const {
    if (mode()->ready())
        return mode()->ctg_uncovered();
    std::vector<double> out;
    if (const auto& data = actions_->data())
        for (const CtgIndicators& c : data->result().ctgs)
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
    return mode()->to_scenario(name);
}

QString WhatIfPanel::save_to_study(const QString& path, const QString& name) const {
    try {
        mode()->flush();
        mode()->save_scenario(path, name);
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

void WhatIfPanel::refresh() {
    {
        const QSignalBlocker block(place_);
        place_->setChecked(mode()->enabled());
    }
    list_->clear();
    table_->setRowCount(0);
    const auto& data = actions_->data();
    if (!data) {
        rule_->clear();
        total_->setText(QStringLiteral("<i>Aucune étude ouverte.</i>"));
        return;
    }
    for (const WhatIfMode::Site& s : mode()->sites())
        list_->addItem(s.name);
    for (std::size_t i : mode()->removed_structures())
        list_->addItem(QStringLiteral("Retirée : ") +
                       QString::fromStdString(data->inputs().structures[i].name));
    for (const ResolvedExtension& e : mode()->zone_additions())
        for (std::size_t c : e.communes)
            list_->addItem(QStringLiteral("Zone de %1 : + %2")
                               .arg(QString::fromStdString(data->inputs().structures[e.structure].name),
                                    QString::fromStdString(data->territory().communes[c].nom)));
    rule_->setText(QStringLiteral("Règle : ") +
                   QString::fromStdString(
                       rule_phrase(data->result().coverage_rule, data->parameters())));
    const bool figures = mode()->ready() && !mode()->computing();
    const std::vector<double> now = figures ? ctg_pop_uncovered() : std::vector<double>{};
    const auto& ctgs = data->territory().ctgs;
    table_->setRowCount(static_cast<int>(ctgs.size()));
    double before = 0;
    for (std::size_t k = 0; k < ctgs.size(); ++k) {
        const double today = data->result().ctgs[k].pop_uncovered;
        before += today;
        const int row = static_cast<int>(k);
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(ctgs[k].name)));
        auto* a = new QTableWidgetItem(people(today));
        a->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(row, 1, a);
        auto* b = new QTableWidgetItem(figures ? people(now[k]) : QStringLiteral("…"));
        b->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (figures && now[k] < today - 0.5) {
            QFont f = b->font();
            f.setBold(true);
            b->setFont(f);
        }
        table_->setItem(row, 2, b);
    }
    const std::size_t changes = mode()->sites().size() + mode()->removed_structures().size() +
                                mode()->zone_additions().size();
    if (!figures)
        total_->setText(QStringLiteral("Habitants non couverts aujourd'hui : %1 — calcul du "
                                       "scénario en cours…")
                            .arg(people(before)));
    else if (changes == 0)
        total_->setText(QStringLiteral("Habitants non couverts aujourd'hui : %1").arg(people(before)));
    else {
        const double after = pop_uncovered();
        const double d = before - after;
        total_->setText(
            QStringLiteral("Habitants non couverts : %1 aujourd'hui, %2 avec %3 site(s) "
                           "ajouté(s) et %4 structure(s) retirée(s) (%5)")
                .arg(people(before), people(after))
                .arg(mode()->sites().size())
                .arg(mode()->removed_structures().size())
                .arg(d >= 0 ? QStringLiteral("%1 nouvellement couverts").arg(people(d))
                            : QStringLiteral("%1 de plus non couverts").arg(people(-d))));
    }
}

} // namespace tecsmap::gui
