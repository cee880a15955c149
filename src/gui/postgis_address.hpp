#pragma once
// The address of the PostGIS schema the map view publishes into, asked for in a dialog and
// remembered for the next time. Only the address is kept: a password is never accepted in it
// (libpq reads credentials from ~/.pgpass, a service file or PGPASSWORD), so none is ever
// stored in the settings.

#include <QString>

class QWidget;

namespace tecsmap::gui {

/// Asks for "postgresql://utilisateur@hôte:port/base?schema=…" (pre-filled with the last one
/// published to); empty when cancelled. The address is checked by the export itself.
QString ask_postgis_address(QWidget* parent);
/// Remembers an address published to successfully (shown without any password).
void remember_postgis_address(const QString& shown_address);

} // namespace tecsmap::gui
