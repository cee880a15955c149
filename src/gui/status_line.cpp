#include "status_line.hpp"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace tecsmap::gui {

StatusLine::StatusLine(QStatusBar* bar)
    : QObject(bar) {
    label_ =
        new QLabel(QStringLiteral("Ouvrez une étude (Fichier › Ouvrir) ou déposez-la ici."), bar);
    label_->setObjectName("status");
    progress_ = new QProgressBar(bar);
    progress_->setObjectName("progress");
    progress_->setMaximumWidth(200);
    progress_->setVisible(false);
    cancel_ = new QPushButton(QStringLiteral("Annuler"), bar);
    cancel_->setObjectName("cancel");
    cancel_->setVisible(false);
    bar->addWidget(label_, 1);
    bar->addPermanentWidget(progress_);
    bar->addPermanentWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, &StatusLine::cancel_requested);
}

void StatusLine::message(const QString& text) {
    label_->setText(text);
}

QString StatusLine::text() const {
    return label_->text();
}

void StatusLine::busy(const QString& what) {
    label_->setText(what);
    progress_->setRange(0, 0);
    progress_->setVisible(true);
    cancel_->setVisible(true);
}

void StatusLine::progress(int percent, const QString& stage) {
    progress_->setRange(0, 100);
    progress_->setValue(percent);
    progress_->setVisible(true);
    cancel_->setVisible(true);
    label_->setText(stage);
}

void StatusLine::done(const QString& text) {
    progress_->setVisible(false);
    cancel_->setVisible(false);
    progress_->setRange(0, 100);
    label_->setText(text);
}

} // namespace tecsmap::gui
