#!/usr/bin/env bash
# Charge les référentiels partagés dans le schéma `ref` (après sql/01_reference.sql) :
#   ref.cog_communes, ref.cog_epci, ref.cog_old_codes  (COG, depuis data/geo du paquet ou du dépôt)
#   ref.communes                                       (contours, depuis le miroir france-geojson)
# Usage : sql/load-reference.sh "PG:dbname=tecsmap host=… user=…" [DATA_DIR] [MIROIR]
# Le rôle utilisé doit pouvoir écrire dans ref (superutilisateur, ou membre de tecsmap_ref_admin
# avec SET ROLE) ; le mot de passe vient de ~/.pgpass, d'un fichier de service ou de PGPASSWORD.
set -euo pipefail
pg=${1:?usage : load-reference.sh "PG:dbname=… host=… user=…" [DATA_DIR] [MIROIR]}
here=$(cd "$(dirname "$0")" && pwd)
data=${2:-${TECSMAP_DATA_DIR:-$here/../data/geo}}
[ -d "$data" ] || data=/usr/share/tecsmap/data/geo
mirror=${3:-${TECSMAP_GEO_MIRROR:-}}
common=(-f PostgreSQL -overwrite -lco LAUNDER=NO -lco FID=fid -lco PRECISION=NO
        --config PG_USE_COPY YES)
for t in cog_communes cog_epci cog_old_codes; do
    ogr2ogr "${common[@]}" -nln "ref.$t" -oo AUTODETECT_TYPE=NO "$pg" "$data/$t.csv"
    echo "ref.$t chargée"
done
# Contours : tous les départements du miroir (ou ceux de DEPARTEMENTS="26 07"), dans ref.communes.
if [ -n "$mirror" ] && [ -d "$mirror/departements" ]; then
    mode=(-overwrite)
    for f in "$mirror"/departements/*/communes-*.geojson; do
        dep=$(basename "$f" | cut -d- -f2)
        if [ -n "${DEPARTEMENTS:-}" ] && ! [[ " $DEPARTEMENTS " == *" $dep "* ]]; then continue; fi
        ogr2ogr -f PostgreSQL "${mode[@]}" -lco LAUNDER=NO -lco FID=fid \
            -lco PRECISION=NO -lco GEOMETRY_NAME=geom --config PG_USE_COPY YES -nln ref.communes \
            -nlt PROMOTE_TO_MULTI -t_srs EPSG:2154 "$pg" "$f"
        mode=(-append)
        echo "ref.communes : $(basename "$f")"
    done
fi
# Les tables appartiennent à tecsmap_ref_admin et tecsmap_lecture_ref les lit, quel que soit le
# rôle qui les a chargées.
for t in cog_communes cog_epci cog_old_codes communes; do
    ogrinfo -q "$pg" -sql "DO \$\$ BEGIN IF to_regclass('ref.$t') IS NOT NULL THEN
        ALTER TABLE ref.$t OWNER TO tecsmap_ref_admin;
        GRANT SELECT ON ref.$t TO tecsmap_lecture_ref; END IF; END \$\$" >/dev/null
done
