# Shared by the PostGIS shell tests: arguments, the cluster's environment, helpers.
# Arguments: STATE TECSMAP PG_TOOL DATA_DIR SQL_DIR WORK
set -euo pipefail
state=$1 tecsmap=$2 pgtool=$3 data_dir=$4 sql_dir=$5 work_root=$6
[ -f "$state" ] || { echo "cluster PostGIS absent (fixture postgis_cluster_start)"; exit 1; }
# shellcheck disable=SC1090
source "$state"
work=$work_root/$(basename "$0" .sh)
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$TECSMAP_PG_BIN/psql" -X -q -tA -v ON_ERROR_STOP=1 -d tecsmap)
su_sql() { "${PSQL[@]}" -h "$TECSMAP_PG_SOCKET" -U postgres -c "$1"; }
su_uri() { echo "postgresql://postgres@/tecsmap?host=$PGHOST&port=$PGPORT&schema=$1"; }
fail() { echo "ÉCHEC : $*"; exit 1; }
check_eq() { # WHAT GOT EXPECTED
    [ "$2" == "$3" ] || fail "$1 : obtenu « $2 », attendu « $3 »"
    echo "ok : $1 = $3"
}
# g1.gpkg: the Drôme study; g2.gpkg: a distinguishable second result (fewer rows in three
# layers, one more layer).
make_gpkgs() {
    "$tecsmap" analyse "$data_dir/drome.toml" --out g1.gpkg --quiet >/dev/null
    cp g1.gpkg g2.gpkg
    ogrinfo -q g2.gpkg -sql "DELETE FROM communes WHERE fid > 100" >/dev/null
    ogrinfo -q g2.gpkg -sql "DELETE FROM ctg_indicators WHERE fid > 5" >/dev/null
    ogrinfo -q g2.gpkg -sql "DELETE FROM initiatives WHERE fid > 5" >/dev/null
    ogr2ogr -update g2.gpkg g2.gpkg run_info -nln extra_layer >/dev/null
}
# communes,ctg_indicators,initiatives counts of a schema, in one snapshot.
signature() {
    su_sql "SELECT (SELECT count(*) FROM $1.communes) || ',' || (SELECT count(*) FROM $1.ctg_indicators) || ',' || (SELECT count(*) FROM $1.initiatives)"
}
G1=362,16,90
G2=100,5,5
# drome_study_in_postgis SCHEMA STUDY: the bundled Drôme layers loaded as PostGIS tables of
# SCHEMA (points get a geometry, decimal commas of the French CSV handled in SQL; perimeters
# stay an attribute table of EPCI/commune lists), and STUDY, a study file reading them (a
# table, a query, an attribute table).
drome_study_in_postgis() {
    local schema=$1 study=$2 layer file
    local conn="host=$PGHOST port=$PGPORT dbname=tecsmap user=postgres"
    local src="postgresql://postgres@/tecsmap?host=$PGHOST&port=$PGPORT"
    su_sql "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
    for layer in structures initiatives perimeters; do
        file=$(ls "$data_dir"/drome_"$layer"*.csv | head -1)
        ogr2ogr -f PostgreSQL "PG:$conn" "$file" -nln "$schema.$layer" -lco GEOMETRY_NAME=geom \
            -oo AUTODETECT_TYPE=NO >/dev/null
    done
    for layer in structures initiatives; do
        su_sql "ALTER TABLE $schema.$layer ADD COLUMN geom geometry(Point, 4326);
                UPDATE $schema.$layer SET geom = ST_SetSRID(ST_MakePoint(replace(longitude, ',', '.')::float8,
                       replace(latitude, ',', '.')::float8), 4326) WHERE longitude <> ''" >/dev/null
    done
    cat >"$study" <<TOML
[study]
note = "Initiatives et périmètres PAT : données illustratives."
[territory]
departement = "26"
[layers]
structures = { path = "$src", layer = "$schema.structures" }
initiatives = { path = "$src", sql = "SELECT * FROM $schema.initiatives ORDER BY ogc_fid" }
perimeters = [{ path = "$src", layer = "$schema.perimeters" }]
TOML
}
