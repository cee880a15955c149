#pragma once
// The status bar's message, progress bar and « Annuler » button, for analyses and exports.

#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;

namespace tecsmap::gui {

class StatusLine : public QObject {
    Q_OBJECT
public:
    /// Adds its widgets to `bar` (which owns them).
    explicit StatusLine(QStatusBar* bar);

    void message(const QString& text);
    QString text() const;
    /// Shows the progress bar and the cancel button; indeterminate until progress().
    void busy(const QString& what);
    /// `percent` of the work done (the run's Feedback overall fraction), at `stage`.
    void progress(int percent, const QString& stage);
    /// Hides the progress bar and the cancel button, showing `text`.
    void done(const QString& text);

signals:
    void cancel_requested();

private:
    QLabel* label_;
    QProgressBar* progress_;
    QPushButton* cancel_;
};

} // namespace tecsmap::gui
