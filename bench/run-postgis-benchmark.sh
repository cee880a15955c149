#!/usr/bin/env bash
# N concurrent publications (N = 1, 4, 16; each into its own schema) of the same GeoPackage to
# one throwaway PostgreSQL 15 + PostGIS 3 server (tests/postgis/pg_cluster.sh), for the Drôme
# study and for the national synthetic study (tecsmap-make-national-study + tecsmap analyse).
# Prints, per case: wall time of the round, publications per minute, median and max latency
# of one publication, server memory (sum of the backends' and postmaster's RSS, peak sampled
# every 0.2 s), and the size of one published schema. Results are a Markdown table on stdout.
# Usage: bench/run-postgis-benchmark.sh [BUILD_DIR]   (OUT=dir for the work files)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=${1:-$root/build}
out="${OUT:-$build/bench-postgis}"
mkdir -p "$out"
tecsmap=$build/src/cli/tecsmap
pgtool=$build/tests/postgis/tecsmap-pg-tool
gen=$build/bench/tecsmap-make-national-study
for b in "$tecsmap" "$pgtool" "$gen"; do [ -x "$b" ] || { echo "absent : $b (construisez d'abord)"; exit 1; }; done

[ -f "$out/drome.gpkg" ] || "$tecsmap" analyse "$root/data/geo/drome.toml" --out "$out/drome.gpkg" --quiet --no-csv >/dev/null
if [ ! -f "$out/national.gpkg" ]; then
    [ -f "$out/national/national.toml" ] || "$gen" "$out/national" >/dev/null
    "$tecsmap" analyse "$out/national/national.toml" --out "$out/national.gpkg" --quiet --no-csv >/dev/null
fi

run_bench() {
    source "$PGSTATE_FILE" 2>/dev/null || true
    local uri_base="postgresql://postgres@/tecsmap?host=$PGHOST&port=$PGPORT"
    local psql=("$TECSMAP_PG_BIN/psql" -X -q -tA -h "$PGHOST" -p "$PGPORT" -U postgres -d tecsmap)
    echo "| étude | N simultanées | durée de la vague (s) | publications/min | latence médiane (s) | latence max (s) | mémoire serveur max (Mio) | taille d'un schéma (Mio) |"
    echo "|---|---|---|---|---|---|---|---|"
    for study in drome national; do
        for n in 1 4 16; do
            # Warm state: each schema already holds a previous result (the weekly case).
            for i in $(seq 1 "$n"); do
                "$pgtool" publish "$out/$study.gpkg" "$uri_base&schema=b_${study}_$i" >/dev/null
            done
            rm -f "$out"/lat-*.txt "$out/mem.txt"
            (
                while true; do
                    ps -o rss= -u postgres 2>/dev/null | awk '{s+=$1} END {print int(s/1024)}' >>"$out/mem.txt"
                    sleep 0.2
                done
            ) &
            local sampler=$!
            local start end
            start=$(date +%s.%N)
            for i in $(seq 1 "$n"); do
                "$pgtool" publish "$out/$study.gpkg" "$uri_base&schema=b_${study}_$i" |
                    sed -n 's/.* seconds=//p' >"$out/lat-$i.txt" &
            done
            wait $(jobs -p | grep -v "^$sampler$") 2>/dev/null || true
            end=$(date +%s.%N)
            kill "$sampler" 2>/dev/null || true
            wait "$sampler" 2>/dev/null || true
            local wall median max mem size
            wall=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
            median=$(cat "$out"/lat-*.txt | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
            max=$(cat "$out"/lat-*.txt | sort -g | tail -1)
            mem=$(sort -n "$out/mem.txt" | tail -1)
            size=$("${psql[@]}" -c "SELECT round(sum(pg_total_relation_size(c.oid)) / 1048576.0, 1) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'b_${study}_1' AND c.relkind = 'r'")
            printf '| %s | %d | %.2f | %.1f | %.2f | %.2f | %s | %s |\n' "$study" "$n" "$wall" \
                "$(awk -v n="$n" -v w="$wall" 'BEGIN {print n * 60 / w}')" "$median" "$max" "$mem" "$size"
        done
    done
}
export -f run_bench
export out pgtool PGSTATE_FILE=""
"$root/tests/postgis/pg_cluster.sh" run bash -c run_bench
