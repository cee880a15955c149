#include "commune_search.hpp"

#include <QCompleter>
#include <QStringList>

namespace tecsmap::gui {

CommuneSearch::CommuneSearch(QWidget* parent)
    : QLineEdit(parent) {
    setObjectName("search");
    setPlaceholderText(QStringLiteral("Rechercher une commune…"));
    setMaximumWidth(260);
    connect(this, &QLineEdit::returnPressed, this, [this] { search(text()); });
}

void CommuneSearch::set_territory(std::shared_ptr<const Territory> territory) {
    territory_ = std::move(territory);
    QStringList names;
    for (const Commune& c : territory_->communes)
        names << QString::fromStdString(c.nom);
    auto* completer = new QCompleter(names, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    if (QCompleter* old = this->completer())
        old->deleteLater();
    setCompleter(completer);
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            &CommuneSearch::search);
}

std::optional<std::size_t> CommuneSearch::find(const Territory& t, const QString& text) {
    const QString wanted = text.trimmed();
    if (wanted.isEmpty())
        return std::nullopt;
    for (std::size_t i = 0; i < t.communes.size(); ++i)
        if (QString::fromStdString(t.communes[i].nom).compare(wanted, Qt::CaseInsensitive) == 0 ||
            QString::fromStdString(t.communes[i].insee) == wanted)
            return i;
    return std::nullopt;
}

void CommuneSearch::search(const QString& text) {
    if (!territory_)
        return;
    if (const auto i = find(*territory_, text))
        emit found(*i);
    else
        emit not_found(text);
}

} // namespace tecsmap::gui
