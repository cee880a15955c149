#!/usr/bin/env bash
# kill -9 of a publication in the middle of its copy: the previous result stays complete and
# nothing of the new one is visible, then a new publication goes through (no lock left).
source "$(dirname "$0")/common.sh"
make_gpkgs
su_sql "DROP SCHEMA IF EXISTS kill_test CASCADE" >/dev/null 2>&1
"$pgtool" publish g1.gpkg "$(su_uri kill_test)" >/dev/null
check_eq "premier résultat" "$(signature kill_test)" "$G1"
styles_before=$(su_sql "SELECT count(*) || ':' || md5(string_agg(styleqml::text, '' ORDER BY f_table_name)) FROM public.layer_styles WHERE f_table_schema = 'kill_test'")
tables_before=$(su_sql "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'kill_test'")

# The second publication stops (and says so) once half of its rows are sent, in its transaction.
"$pgtool" publish g2.gpkg "$(su_uri kill_test)" --pause-at 0.5 paused.marker >publish.log 2>&1 &
pid=$!
for _ in $(seq 1 300); do [ -f paused.marker ] && break; sleep 0.1; done
[ -f paused.marker ] || fail "la publication n'a pas atteint la moitié de la copie"
# Mid-copy: rows already sent are invisible to everyone else.
check_eq "pendant la copie, résultat visible" "$(signature kill_test)" "$G1"
check_eq "pendant la copie, couche nouvelle invisible" \
    "$(su_sql "SELECT to_regclass('kill_test.extra_layer') IS NULL")" t
inflight=$(su_sql "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND usename = 'postgres' AND pid <> pg_backend_pid()")
[ "$inflight" -ge 1 ] || fail "aucune transaction en cours côté serveur pendant la pause"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
# The server notices the dropped connection and rolls back.
for _ in $(seq 1 100); do
    [ "$(su_sql "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()")" = 0 ] && break
    sleep 0.1
done
check_eq "après kill -9, résultat" "$(signature kill_test)" "$G1"
check_eq "après kill -9, tables" "$(su_sql "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'kill_test'")" "$tables_before"
check_eq "après kill -9, styles QGIS" "$(su_sql "SELECT count(*) || ':' || md5(string_agg(styleqml::text, '' ORDER BY f_table_name)) FROM public.layer_styles WHERE f_table_schema = 'kill_test'")" "$styles_before"
check_eq "après kill -9, identifiants des communes" "$(su_sql "SELECT min(fid) || '-' || max(fid) FROM kill_test.communes")" "1-362"

# Nothing is left locked: the next publication completes.
"$pgtool" publish g2.gpkg "$(su_uri kill_test)" >/dev/null
check_eq "publication suivante" "$(signature kill_test)" "$G2"
check_eq "couche nouvelle publiée" "$(su_sql "SELECT count(*) FROM kill_test.extra_layer")" \
    "$(ogrinfo -q -sql 'SELECT count(*) FROM run_info' g1.gpkg | grep -o '= [0-9]*' | tr -d '= ')"
echo "kill_mid_publish: tout est bon"
