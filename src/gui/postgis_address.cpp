#include "postgis_address.hpp"

#include <QInputDialog>
#include <QSettings>

namespace tecsmap::gui {

namespace {
const char* const kSettingsKey = "postgis/last_address";
}

QString ask_postgis_address(QWidget* parent) {
    const QString last = QSettings().value(kSettingsKey).toString();
    bool ok = false;
    const QString address = QInputDialog::getText(
        parent, QStringLiteral("Publier l'analyse dans PostGIS"),
        QStringLiteral("Adresse du schéma de destination, par exemple\n"
                       "postgresql://utilisateur@serveur:5432/base?schema=drome_2022\n"
                       "(sans mot de passe : il est lu dans ~/.pgpass, un fichier de service\n"
                       "ou la variable PGPASSWORD)"),
        QLineEdit::Normal, last.isEmpty() ? QStringLiteral("postgresql://") : last, &ok);
    return ok ? address.trimmed() : QString();
}

void remember_postgis_address(const QString& shown_address) {
    QSettings().setValue(kSettingsKey, shown_address);
}

} // namespace tecsmap::gui
