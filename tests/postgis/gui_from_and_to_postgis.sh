#!/usr/bin/env bash
# The map view with PostGIS (issue 14): tecsmap-gui opens a study whose layers are PostGIS
# tables and queries, and publishes its analysis into a schema (--publish, what the menu
# « Publier l'analyse dans PostGIS… » does) with the same figures as `tecsmap analyse` into a
# GeoPackage; a password in the address is refused (exit 2) without being repeated; a
# publication the server refuses exits 4 and leaves the previous result untouched.
# Arguments: those of common.sh, then TECSMAP_GUI.
gui=${7:?tecsmap-gui}
source "$(dirname "$0")/common.sh"
totals=$(cd "$(dirname "$0")/../bench" && pwd)/totals.sh
conn="host=$PGHOST port=$PGPORT dbname=tecsmap user=postgres"
src="postgresql://postgres@/tecsmap?host=$PGHOST&port=$PGPORT"
export QT_QPA_PLATFORM=offscreen HOME=$work

# The bundled layers as PostGIS tables, and a study reading them (common.sh).
drome_study_in_postgis gui_in pg_study.toml
su_sql "DROP SCHEMA IF EXISTS gui_out CASCADE" >/dev/null

# The map view draws the study read from PostGIS.
timeout 180 "$gui" pg_study.toml --screenshot pg.png --size 1000x700 >shot.log 2>&1 ||
    { cat shot.log; fail "capture de l'étude PostGIS"; }
file pg.png | grep -q '1000 x 700' || fail "capture absente"
echo "ok : la carte s'ouvre sur une étude dont les couches sont dans PostGIS"

# Published from the map view: same figures as the CLI into a GeoPackage.
"$tecsmap" analyse pg_study.toml --out files.gpkg --quiet >/dev/null
timeout 180 "$gui" pg_study.toml --publish "$src&schema=gui_out" >publish.log 2>&1 ||
    { cat publish.log; fail "publication depuis la carte"; }
grep -q "Écrit : postgresql://postgres@" publish.log || { cat publish.log; fail "destination non affichée"; }
"$totals" files.gpkg >files.txt
"$totals" "PG:$conn active_schema=gui_out" >pg.txt
diff files.txt pg.txt || fail "les chiffres publiés par la carte diffèrent de ceux du fichier"
echo "ok : mêmes totaux ($(wc -l <files.txt) valeurs) publiés par la carte et écrits par la CLI"
before=$(signature gui_out)

# A password in the address: usage error, never repeated, nothing published.
set +e
"$gui" pg_study.toml --publish "postgresql://postgres:Gui-Secret-4Rk@/tecsmap?host=$PGHOST&schema=gui_out" >pw.log 2>&1
status=$?
set -e
check_eq "mot de passe dans l'adresse : code" "$status" 2
if grep -q "Gui-Secret-4Rk" pw.log; then fail "mot de passe répété"; fi
# No schema: usage error too.
set +e
"$gui" pg_study.toml --publish "$src" >noschema.log 2>&1
status=$?
set -e
check_eq "adresse sans schéma : code" "$status" 2
grep -q "schéma" noschema.log || { cat noschema.log; fail "schéma manquant non expliqué"; }

# The server refuses (a role that may not write into gui_out): exit 4, previous result intact.
su_sql "DROP ROLE IF EXISTS gui_reader; CREATE ROLE gui_reader LOGIN" >/dev/null
set +e
timeout 180 "$gui" pg_study.toml --publish "postgresql://gui_reader@/tecsmap?host=$PGHOST&port=$PGPORT&schema=gui_out" >refused.log 2>&1
status=$?
set -e
check_eq "publication refusée : code" "$status" 4
check_eq "résultat précédent intact" "$(signature gui_out)" "$before"
