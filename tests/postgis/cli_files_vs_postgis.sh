#!/usr/bin/env bash
# The Drôme study with its layers in PostGIS (a table, a query, an attribute table) analysed by
# `tecsmap analyse --out postgresql://…` gives the same figures as the files analysed into a
# GeoPackage; validate names a missing table; a password in --out is refused without being
# repeated.
source "$(dirname "$0")/common.sh"
totals=$(cd "$(dirname "$0")/../bench" && pwd)/totals.sh
conn="host=$PGHOST port=$PGPORT dbname=tecsmap user=postgres"
src="postgresql://postgres@/tecsmap?host=$PGHOST&port=$PGPORT"

# The bundled layers loaded as PostGIS tables: points get a geometry (decimal commas of the
# French CSV handled in SQL), perimeters stay an attribute table (lists of EPCI/communes).
su_sql "DROP SCHEMA IF EXISTS cli_in CASCADE; CREATE SCHEMA cli_in" >/dev/null
for layer in structures initiatives perimeters; do
    file=$(ls "$data_dir"/drome_"$layer"*.csv | head -1)
    ogr2ogr -f PostgreSQL "PG:$conn" "$file" -nln "cli_in.$layer" -lco GEOMETRY_NAME=geom \
        -oo AUTODETECT_TYPE=NO >/dev/null
done
for layer in structures initiatives; do
    su_sql "ALTER TABLE cli_in.$layer ADD COLUMN geom geometry(Point, 4326);
            UPDATE cli_in.$layer SET geom = ST_SetSRID(ST_MakePoint(replace(longitude, ',', '.')::float8,
                   replace(latitude, ',', '.')::float8), 4326) WHERE longitude <> ''" >/dev/null
done
cat >pg_study.toml <<TOML
[study]
note = "Initiatives et périmètres PAT : données illustratives."
[territory]
departement = "26"
[layers]
structures = { path = "$src", layer = "cli_in.structures" }
initiatives = { path = "$src", sql = "SELECT * FROM cli_in.initiatives ORDER BY ogc_fid" }
perimeters = [{ path = "$src", layer = "cli_in.perimeters" }]
TOML

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
