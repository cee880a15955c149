#include "what_if_actions.hpp"

#include "ctg_panel.hpp"
#include "status_line.hpp"
#include "what_if_mode.hpp"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QToolBar>

namespace tecsmap::gui {

WhatIfActions::WhatIfActions(MapCanvas* canvas, CtgPanel* panel, StatusLine* status,
                             QWidget* window)
    : QObject(window)
    , window_(window)
    , panel_(panel)
    , status_(status)
    , mode_(new WhatIfMode(canvas, this)) {
    connect(mode_, &WhatIfMode::changed, this, &WhatIfActions::show_figures);
    connect(mode_, &WhatIfMode::failed, this, &WhatIfActions::failed);
    connect(mode_, &WhatIfMode::notice, this, &WhatIfActions::message);
    // The toggle exists before the menus: the what-if panel shares it.
    toggle_ = new QAction(QStringLiteral("Et si…"), this);
    toggle_->setObjectName("what_if_toggle");
    toggle_->setCheckable(true);
    toggle_->setToolTip(QStringLiteral(
        "Clic : ajouter une structure hypothétique (ou retirer une structure existante) ; "
        "glisser : la déplacer ; clic droit ou Suppr : la supprimer ; Maj+clic sur une commune : "
        "l'ajouter à la zone de compétence de la structure la plus proche (règles de zones)"));
    connect(toggle_, &QAction::toggled, mode_, &WhatIfMode::set_enabled);
}

void WhatIfActions::add_to(QToolBar* tools, QMenuBar* menus) {
    tools->addAction(toggle_);
    QMenu* menu = menus->addMenu(QStringLiteral("&Et si…"));
    menu->addAction(toggle_);
    menu->addAction(QStringLiteral("&Recommencer"), mode_, &WhatIfMode::reset);
    menu->addAction(QStringLiteral("Enregistrer comme &scénario…"), this,
                    &WhatIfActions::ask_and_save);
    menu->addAction(QStringLiteral("Charger les s&uggestions"), this,
                    &WhatIfActions::load_suggestions);
}

void WhatIfActions::load_suggestions() {
    toggle_->setChecked(true);
    if (!mode_->ready()) {
        status_->message(QStringLiteral("Et si… : la couverture est en cours de calcul, "
                                        "réessayez dans un instant."));
        return;
    }
    if (mode_->load_suggestions() == 0)
        status_->message(QStringLiteral(
            "Aucune suggestion dans cette analyse : ajoutez [suggest] new = 3 à l'étude "
            "(ou lancez « tecsmap suggest »)."));
}

void WhatIfActions::message(const QString& text) {
    status_->message(text);
}

void WhatIfActions::set_run(std::shared_ptr<const render::MapData> data, const QString& path,
                            std::shared_ptr<const CommuneLocator> locator) {
    data_ = std::move(data);
    study_path_ = path;
    mode_->set_data(data_, std::move(locator));
}

void WhatIfActions::show_figures() {
    if (!data_)
        return;
    if (mode_->enabled() && mode_->ready() && !mode_->computing()) {
        panel_->show_what_if(*data_, mode_->ctg_uncovered());
        status_->message(mode_->summary());
    } else {
        panel_->show_what_if(*data_, {});
        if (mode_->enabled())
            status_->message(mode_->summary());
    }
}

bool WhatIfActions::save_scenario_to(const QString& path, const QString& name) {
    if (!data_ || path.isEmpty() || name.trimmed().isEmpty())
        return false;
    try {
        mode_->flush();
        mode_->save_scenario(path, name.trimmed());
    } catch (const std::exception& e) {
        emit failed(QString::fromUtf8(e.what()));
        return false;
    }
    status_->message(
        QStringLiteral("Scénario « %1 » enregistré dans %2 (rouvrez l'étude pour le comparer)")
            .arg(name.trimmed(), path));
    return true;
}

void WhatIfActions::ask_and_save() {
    if (!data_ || study_path_.isEmpty())
        return;
    if (mode_->sites().empty() && mode_->removed_structures().empty()) {
        status_->message(QStringLiteral("Et si… : aucun changement à enregistrer."));
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(
        window_, QStringLiteral("Enregistrer comme scénario"),
        QStringLiteral("Nom du scénario (dans %1) :").arg(study_path_), QLineEdit::Normal,
        QStringLiteral("Scénario %1").arg(data_->study().scenarios.size() + 1), &ok);
    if (ok)
        save_scenario_to(study_path_, name);
}

} // namespace tecsmap::gui
