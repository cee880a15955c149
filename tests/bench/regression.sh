#!/usr/bin/env bash
# Results stay exact: a reduced national synthetic set (3 départements, seeded) is analysed with
# 1 and with 2 threads; every feature must be identical between the two, and the totals must
# equal those of expected_totals.txt, which were computed by the INDEPENDENT GeoPandas peer
# (bench/peer_geopandas.py) on the same study — not by tecsmap (regenerate them with
# tests/bench/expected_from_peer.sh after a deliberate change of the spec).
# Usage: regression.sh GENERATOR TECSMAP EXPECTED
set -u
gen=$1 tecsmap=$2 expected=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$gen" "$work/study" --departements 26,07,38 --structures 300 --initiatives 8000 >/dev/null 2>&1 || { echo "generator failed"; exit 1; }
for t in 1 2; do
    TECSMAP_THREADS=$t "$tecsmap" analyse "$work/study/national.toml" --out "$work/t$t.gpkg" --quiet --no-csv >/dev/null || { echo "analyse failed ($t threads)"; exit 1; }
done
passed=0 failed=0
# Every feature's figures, not only totals: dump the layers in full and compare.
for layer in communes initiatives coverage_gaps initiative_clusters ctg_indicators; do
    for t in 1 2; do ogrinfo -q -ro "$work/t$t.gpkg" "$layer" | grep -v "^INFO\|source" >"$work/$layer.$t"; done
    cmp -s "$work/$layer.1" "$work/$layer.2" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: $layer differs between 1 and 2 threads"; }
done
"$here/totals.sh" "$work/t1.gpkg" >"$work/totals.txt"
if [ "$(wc -l <"$work/totals.txt")" -lt 15 ]; then echo "FAIL: totals not read"; cat "$work/totals.txt"; exit 1; fi
/usr/bin/python3 "$here/compare_totals.py" "$expected" "$work/totals.txt" && passed=$((passed + 1)) || failed=$((failed + 1))
echo "regression: $passed passed, $failed failed"
[ "$failed" = 0 ]
