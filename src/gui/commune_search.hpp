#pragma once
// The « Rechercher une commune… » field: a completer over the territory's commune names, and
// the lookup of a typed name or INSEE code.

#include "territory.hpp"

#include <QLineEdit>

#include <memory>
#include <optional>

namespace tecsmap::gui {

class CommuneSearch : public QLineEdit {
    Q_OBJECT
public:
    explicit CommuneSearch(QWidget* parent = nullptr);

    /// A new territory: new completions.
    void set_territory(std::shared_ptr<const Territory> territory);
    /// Looks up `text` (as Entrée or a completion does).
    void search(const QString& text);

    /// The commune named `text` (any case, surrounding spaces ignored) or of INSEE code `text`.
    static std::optional<std::size_t> find(const Territory& territory, const QString& text);

signals:
    void found(std::size_t commune);
    void not_found(const QString& text);

private:
    std::shared_ptr<const Territory> territory_;
};

} // namespace tecsmap::gui
