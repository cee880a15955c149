#!/usr/bin/env bash
# The Drôme study with its layers in PostGIS (a table, a query, an attribute table) analysed by
# `tecsmap analyse --out postgresql://…` gives the same figures as the files analysed into a
# GeoPackage; validate names a missing table; a password in --out is refused without being
# repeated.
source "$(dirname "$0")/common.sh"
totals=$(cd "$(dirname "$0")/../bench" && pwd)/totals.sh
conn="host=$PGHOST port=$PGPORT dbname=tecsmap user=postgres"
src="postgresql://postgres@/tecsmap?host=$PGHOST&port=$PGPORT"

# The bundled layers as PostGIS tables, and a study reading them (common.sh).
drome_study_in_postgis cli_in pg_study.toml

"$tecsmap" analyse "$data_dir/drome.toml" --out files.gpkg --quiet >/dev/null
"$tecsmap" analyse pg_study.toml --out "$src&schema=cli_out" --quiet >analyse.log 2>&1 ||
    { cat analyse.log; fail "analyse vers PostGIS"; }
grep -q "Écrit : postgresql://postgres@" analyse.log || fail "destination non affichée"
"$totals" files.gpkg >files.txt
"$totals" "PG:$conn active_schema=cli_out" >pg.txt
diff files.txt pg.txt || fail "les chiffres diffèrent entre fichiers et PostGIS"
echo "ok : mêmes totaux ($(wc -l <files.txt) valeurs) depuis les fichiers et depuis PostGIS"
check_eq "styles publiés" "$(su_sql "SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'cli_out'")" 8

# validate checks PostGIS sources like files.
sed 's/cli_in.structures/cli_in.absente/' pg_study.toml >missing.toml
set +e
"$tecsmap" validate missing.toml >validate.log 2>&1
status=$?
set -e
check_eq "validate, table absente : code" "$status" 3
grep -q "cli_in.absente" validate.log || { cat validate.log; fail "table absente non nommée"; }

# A password in --out is refused (usage error) and never repeated.
set +e
"$tecsmap" analyse pg_study.toml --out "postgresql://postgres:Secret-Zq9@/tecsmap?host=$PGHOST&schema=x" --quiet >pw.log 2>&1
status=$?
set -e
check_eq "mot de passe dans --out : code" "$status" 2
if grep -q "Secret-Zq9" pw.log; then fail "mot de passe répété"; fi
echo "ok : mot de passe refusé sans être répété"
