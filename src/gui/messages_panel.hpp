#pragma once
// The bottom dock « Messages »: the warnings and errors of the run shown on the map (territory,
// layers, analysis; run_messages), as `tecsmap analyse` prints them, one row each: what, where
// (file and line or feature) and how serious. Re-filled after each analysis.

#include "diagnostics.hpp"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace tecsmap::gui {

class MessagesPanel : public QWidget {
    Q_OBJECT
public:
    explicit MessagesPanel(QWidget* parent = nullptr);

    /// Replaces the rows with `messages`, in their order.
    void show_messages(const Diagnostics& messages);
    int count() const;
    /// A row as one line: « attention : message — fichier, ligne 8 ».
    QString row_text(int row) const;
    /// The summary above the list (« 12 avertissements », « aucun message »…).
    QString summary() const;

private:
    QLabel* summary_;
    QTreeWidget* list_;
};

/// The dock's title for `messages`: « Messages » or « Messages (12) ».
QString messages_title(const Diagnostics& messages);

} // namespace tecsmap::gui
