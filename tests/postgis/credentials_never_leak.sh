#!/usr/bin/env bash
# Passwords given the ways tecsmap allows (PGPASSWORD, ~/.pgpass) and the ways it refuses (in the
# address) never appear in any output, error message, published table or file written.
source "$(dirname "$0")/common.sh"
make_gpkgs
P1='Env-Secret-7Hq2' P2='Pgpass-Secret-K9w4' P3='Uri-Secret-3Zt8'
su_sql "DROP SCHEMA IF EXISTS leak_env CASCADE; DROP SCHEMA IF EXISTS leak_pgpass CASCADE;
        DROP ROLE IF EXISTS leak_env; DROP ROLE IF EXISTS leak_pgpass;
        CREATE ROLE leak_env LOGIN PASSWORD '$P1'; CREATE ROLE leak_pgpass LOGIN PASSWORD '$P2';
        CREATE SCHEMA leak_env AUTHORIZATION leak_env; CREATE SCHEMA leak_pgpass AUTHORIZATION leak_pgpass;
        CREATE TABLE public.leak_private (id int, geom geometry(Point, 2154))" >/dev/null 2>&1 ||
    su_sql "SELECT 1" >/dev/null
export HOME=$work PGPASSFILE=$work/.pgpass
unset PGUSER PGHOST PGDATABASE
printf '127.0.0.1:%s:tecsmap:leak_pgpass:%s\n' "$PGPORT" "$P2" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
base="127.0.0.1:$PGPORT/tecsmap"
run() { # records every output; the exit code is not the point here
    local shown="$*"
    echo "\$ ${shown//$P3/<mot de passe P3>}" >>outputs.log # the test's own echo, not tecsmap's
    "$@" >>outputs.log 2>&1 || echo "(code $?)" >>outputs.log
}
# Password from the environment.
export PGPASSWORD=$P1
run "$pgtool" publish g1.gpkg "postgresql://leak_env@$base?schema=leak_env"
run "$pgtool" publish g1.gpkg "PG:host=127.0.0.1 port=$PGPORT dbname=tecsmap user=leak_env schemas=leak_env"
run "$pgtool" publish g1.gpkg "postgresql://leak_env@$base?schema=leak_pgpass"   # no right
run "$pgtool" publish g1.gpkg "postgresql://leak_env@$base?schema=nouveau"       # cannot create
run "$pgtool" read "postgresql://leak_env@$base" leak_env.communes
run "$pgtool" read "postgresql://leak_env@$base" leak_env.absente
run "$pgtool" read "postgresql://leak_env@$base" public.leak_private             # no right
run "$pgtool" read "postgresql://leak_env@$base" "SELECT nope FROM leak_env.communes"
run "$pgtool" read "postgresql://leak_env@127.0.0.1:1/tecsmap" leak_env.communes # refused
# The environment's password for the .pgpass role: wrong, so authentication fails.
run "$pgtool" read "postgresql://leak_pgpass@$base" leak_pgpass.communes
unset PGPASSWORD
# Password from ~/.pgpass.
run "$pgtool" publish g1.gpkg "postgresql://leak_pgpass@$base?schema=leak_pgpass"
run "$pgtool" read "postgresql://leak_pgpass@$base" leak_pgpass.communes
run "$pgtool" read "postgresql://leak_pgpass@$base" leak_env.communes            # no right
# Passwords in the address are refused, without being repeated.
run "$pgtool" publish g1.gpkg "postgresql://leak_env:$P3@$base?schema=leak_env"
run "$pgtool" read "postgresql://leak_env@$base?password=$P3" leak_env.communes
run "$pgtool" read "PG:host=127.0.0.1 port=$PGPORT dbname=tecsmap user=leak_env password=$P3" leak_env.communes
run "$pgtool" publish g1.gpkg "postgresql://leak_env:$P3@$base?schema=Mauvais"

cat outputs.log
grep -q "published postgresql://leak_env@127.0.0.1:$PGPORT/tecsmap?schema=leak_env" outputs.log ||
    fail "la publication avec PGPASSWORD n'a pas abouti"
grep -q "published postgresql://leak_pgpass@" outputs.log || fail "la publication avec ~/.pgpass n'a pas abouti"
grep -q "authentification refusée pour le rôle « leak_pgpass »" outputs.log || fail "échec d'authentification non signalé"
[ "$(grep -c "~/.pgpass" outputs.log)" -ge 4 ] || fail "refus des mots de passe dans l'adresse non expliqué"

# Everything tecsmap printed or wrote, and everything it published.
"$TECSMAP_PG_BIN/pg_dump" -h "$TECSMAP_PG_SOCKET" -p "$PGPORT" -U postgres -d tecsmap --data-only \
    -n leak_env -n leak_pgpass -t public.layer_styles >published.sql
[ -s published.sql ] || fail "pg_dump vide"
for secret in "$P1" "$P2" "$P3"; do
    if grep -rlaF --exclude=.pgpass "$secret" . ; then
        fail "mot de passe trouvé ci-dessus"
    fi
done
echo "credentials_never_leak: aucun mot de passe dans $(find . -type f ! -name .pgpass | wc -l) fichiers de sortie"
