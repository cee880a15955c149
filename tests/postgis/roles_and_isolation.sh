#!/usr/bin/env bash
# sql/ setup: shared read-only `ref`, one role per CAF that writes only its own schema; CAF A
# can neither read nor write CAF B's schema (nor its QGIS styles); both read ref; concurrent
# publications of two CAFs; readers always see a complete old or complete new result.
source "$(dirname "$0")/common.sh"
make_gpkgs

# --- Setup by the administrator, as the documentation says (run twice: idempotent).
for _ in 1 2; do
    "${PSQL[@]}" -h "$TECSMAP_PG_SOCKET" -U postgres -f "$sql_dir/01_reference.sql" >/dev/null
    for c in "caf_a a_2022" "caf_b b_2022"; do
        set -- $c
        "${PSQL[@]}" -h "$TECSMAP_PG_SOCKET" -U postgres -v caf="$1" -v schema="$2" -f "$sql_dir/02_caf.sql" >/dev/null
    done
done
su_sql "ALTER ROLE caf_a PASSWORD 'Mdp-A-9f3k'; ALTER ROLE caf_b PASSWORD 'Mdp-B-2x7q'" >/dev/null
mirror=${TECSMAP_GEO_MIRROR:-$(cd "$data_dir/../../.." && pwd)/shared/geo/france-geojson}
DEPARTEMENTS=26 "$sql_dir/load-reference.sh" \
    "PG:host=$PGHOST port=$PGPORT dbname=tecsmap user=postgres" "$data_dir" "$mirror" >load.log 2>&1 ||
    { cat load.log; fail "chargement de ref"; }
check_eq "ref.cog_communes chargée" "$(su_sql "SELECT count(*) > 30000 FROM ref.cog_communes")" t

# Credentials of both CAFs in a private ~/.pgpass, connections over TCP.
export HOME=$work PGPASSFILE=$work/.pgpass
unset PGUSER PGHOST PGDATABASE
printf '127.0.0.1:%s:tecsmap:caf_a:Mdp-A-9f3k\n127.0.0.1:%s:tecsmap:caf_b:Mdp-B-2x7q\n' \
    "$PGPORT" "$PGPORT" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
uri() { echo "postgresql://$1@127.0.0.1:$PGPORT/tecsmap?schema=$2"; }
as() { "$TECSMAP_PG_BIN/psql" -X -q -tA -h 127.0.0.1 -p "$PGPORT" -U "$1" -d tecsmap -c "$2" 2>&1; }

"$pgtool" publish g1.gpkg "$(uri caf_a a_2022)" >/dev/null
"$pgtool" publish g1.gpkg "$(uri caf_b b_2022)" >/dev/null
check_eq "A publie dans son schéma" "$(as caf_a "SELECT count(*) FROM a_2022.communes")" 362
check_eq "B publie dans son schéma" "$(as caf_b "SELECT count(*) FROM b_2022.communes")" 362

# --- A can neither read nor write B's schema.
out=$(as caf_a "SELECT count(*) FROM b_2022.communes") && fail "A lit B : $out"
[[ $out == *"permission denied for schema b_2022"* ]] || fail "message inattendu : $out"
echo "ok : A ne lit pas le schéma de B"
out=$(as caf_a "CREATE TABLE b_2022.intrus (id int)") && fail "A crée chez B"
out=$(as caf_a "DELETE FROM b_2022.communes") && fail "A efface chez B"
echo "ok : A n'écrit pas dans le schéma de B"
set +e
msg=$("$pgtool" publish g1.gpkg "$(uri caf_a b_2022)" 2>&1); code=$?
set -e
check_eq "A publie chez B : code de sortie" "$code" 4
[[ $msg == *"le rôle « caf_a » n'a pas le droit d'écrire dans le schéma « b_2022 »"* ]] ||
    fail "message inattendu : $msg"
echo "ok : $msg"
set +e
msg=$("$pgtool" read "$(uri caf_a b_2022)" communes 2>&1); code=$?
set -e
check_eq "A lit B par tecsmap : code de sortie" "$code" 3
[[ $msg == *"lecture refusée au rôle « caf_a »"* ]] || fail "message inattendu : $msg"
set +e
msg=$("$pgtool" publish g1.gpkg "$(uri caf_a nouveau_schema)" 2>&1); code=$?
set -e
check_eq "A crée un schéma : code de sortie" "$code" 4
[[ $msg == *"n'existe pas et le rôle « caf_a » n'a pas le droit de le créer"* ]] ||
    fail "message inattendu : $msg"
echo "ok : A ne crée pas de schéma"
out=$(as caf_a "CREATE TABLE public.intrus (id int)") && fail "A crée dans public"
echo "ok : A n'écrit pas dans public"

# --- QGIS styles: each CAF sees and replaces only its own.
check_eq "styles vus par A" "$(as caf_a "SELECT string_agg(DISTINCT f_table_schema, ',') FROM public.layer_styles")" a_2022
as caf_a "DELETE FROM public.layer_styles" >/dev/null
check_eq "styles de B après un DELETE de A" "$(su_sql "SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'b_2022'")" 8
out=$(as caf_a "INSERT INTO public.layer_styles (f_table_schema, f_table_name) VALUES ('b_2022', 'communes')") &&
    fail "A écrit un style de B"
[[ $out == *"row-level security"* ]] || fail "message inattendu : $out"
echo "ok : A n'écrit pas les styles de B"
"$pgtool" publish g1.gpkg "$(uri caf_a a_2022)" >/dev/null # A's styles back

# --- Both read ref, neither writes it.
check_eq "A lit ref" "$(as caf_a "SELECT count(*) > 30000 FROM ref.cog_communes")" t
check_eq "B lit ref" "$(as caf_b "SELECT count(*) > 30000 FROM ref.cog_communes")" t
out=$(as caf_a "DELETE FROM ref.cog_communes") && fail "A efface ref"
out=$(as caf_b "CREATE TABLE ref.intrus (id int)") && fail "B crée dans ref"
echo "ok : ref en lecture seule"
if [ "$(su_sql "SELECT to_regclass('ref.communes') IS NOT NULL")" = t ]; then
    out=$("$pgtool" read "$(uri caf_b ref)" communes)
    [[ $out =~ rows=3[0-9][0-9] ]] || fail "ref.communes : $out"
    [[ $out == *"crs 2154"* ]] || fail "ref.communes : $out"
    echo "ok : B lit ref.communes par tecsmap ($out)"
fi

# --- Two CAFs publishing at the same time, readers during replacements.
# Each CAF alternates g2, g1, g2... while readers (REPEATABLE READ transactions that read the
# three layers with pauses between them, and one-statement reads) check that every set of counts
# they see is a complete result, never a mix.
publisher() { # ROLE SCHEMA ROUNDS
    for i in $(seq 1 "$3"); do
        f=g$((i % 2 + 1)).gpkg
        "$pgtool" publish "$f" "$(uri "$1" "$2")" >"pub-$1-$i.log" 2>&1 || { cat "pub-$1-$i.log"; return 1; }
    done
}
reader() { # ROLE SCHEMA SECONDS → one signature per line
    local end=$((SECONDS + $3))
    while [ $SECONDS -lt $end ]; do
        "$TECSMAP_PG_BIN/psql" -X -q -tA -h 127.0.0.1 -p "$PGPORT" -U "$1" -d tecsmap <<SQL | paste -sd, -
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM $2.communes;
SELECT pg_sleep(0.05);
SELECT count(*) FROM $2.ctg_indicators;
SELECT pg_sleep(0.05);
SELECT count(*) FROM $2.initiatives;
COMMIT;
SQL
        as "$1" "SELECT (SELECT count(*) FROM $2.communes) || ',' || (SELECT count(*) FROM $2.ctg_indicators) || ',,' || (SELECT count(*) FROM $2.initiatives)"
    done
}
reader caf_a a_2022 12 >reads-a.txt &
ra=$!
reader caf_b b_2022 12 >reads-b.txt &
rb=$!
publisher caf_a a_2022 8 &
pa=$!
publisher caf_b b_2022 8 &
pb=$!
wait $pa || fail "publications de A"
wait $pb || fail "publications de B"
wait $ra $rb
for f in reads-a.txt reads-b.txt; do
    # Lines are "communes,,ctg_indicators,,initiatives" (pg_sleep gives empty fields).
    sed -E 's/,+/,/g' "$f" | sort | uniq -c >"$f.summary"
    cat "$f.summary"
    bad=$(sed -E 's/,+/,/g' "$f" | grep -vxE "$G1|$G2" || true)
    [ -z "$bad" ] || fail "$f : lecture d'un résultat incomplet : $bad"
    [ "$(wc -l <"$f.summary")" -ge 2 ] || fail "$f : les lecteurs n'ont vu qu'une version"
done
check_eq "A à la fin" "$(as caf_a "SELECT count(*) FROM a_2022.communes")" 362
check_eq "B à la fin" "$(as caf_b "SELECT count(*) FROM b_2022.communes")" 362
echo "roles_and_isolation: tout est bon"
