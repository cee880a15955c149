#!/usr/bin/env bash
# Results stay exact: a reduced national synthetic set (3 départements, seeded) is analysed with
# 1 and with 2 threads; every figure must be identical between the two, and the totals must
# equal those stored in expected_totals.txt (regenerate with --update after a deliberate change).
# Usage: regression.sh GENERATOR TECSMAP EXPECTED [--update]
set -u
gen=$1 tecsmap=$2 expected=$3 update=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$gen" "$work/study" --departements 26,07,38 --structures 300 --initiatives 8000 >/dev/null 2>&1 || { echo "generator failed"; exit 1; }
for t in 1 2; do
    TECSMAP_THREADS=$t "$tecsmap" analyse "$work/study/national.toml" --out "$work/t$t.gpkg" --quiet --no-csv >/dev/null || { echo "analyse failed ($t threads)"; exit 1; }
done
totals() {
    local f=$1
    ogrinfo -q -ro "$f" -sql "SELECT printf('%.6f', sum(pop_uncovered)) AS a, printf('%.6f', sum(covered_share)) AS b, printf('%.6f', sum(gi_star_z)) AS c, sum(hotspot) AS d, printf('%.3f', sum(dist_nearest_m)) AS e FROM communes" | grep -E '^\s+[a-e] \(' | sed 's/ (.*) = /=/;s/^ *//' | sed 's/^/communes./'
    ogrinfo -q -ro "$f" -sql "SELECT count(*) AS n, printf('%.6f', sum(pop_est)) AS pop, printf('%.6f', sum(area_km2)) AS km2 FROM coverage_gaps" | grep -E '^\s+[a-z0-9]+ \(' | sed 's/ (.*) = /=/;s/^ *//' | sed 's/^/gaps./'
    ogrinfo -q -ro "$f" -sql "SELECT count(*) AS n, sum(n_initiatives) AS members FROM initiative_clusters" | grep -E '^\s+[a-z]+ \(' | sed 's/ (.*) = /=/;s/^ *//' | sed 's/^/clusters./'
    ogrinfo -q -ro "$f" -sql "SELECT count(*) AS n, sum(cluster_id) AS ids, sum(in_pat) AS pat, sum(in_pcaet) AS pcaet, sum(in_cte) AS cte, sum(in_territory) AS inside FROM initiatives" | grep -E '^\s+[a-z]+ \(' | sed 's/ (.*) = /=/;s/^ *//' | sed 's/^/initiatives./'
    ogrinfo -q -ro "$f" -sql "SELECT count(*) AS n, printf('%.6f', sum(pat_share)) AS pat, printf('%.6f', sum(pcaet_share)) AS pcaet, printf('%.6f', sum(cte_share)) AS cte, sum(population) AS pop FROM ctg_indicators" | grep -E '^\s+[a-z]+ \(' | sed 's/ (.*) = /=/;s/^ *//' | sed 's/^/ctg./'
}
totals "$work/t1.gpkg" >"$work/t1.txt"
totals "$work/t2.gpkg" >"$work/t2.txt"
passed=0 failed=0
if [ "$(wc -l <"$work/t1.txt")" -lt 15 ]; then echo "FAIL: totals not read"; cat "$work/t1.txt"; exit 1; fi
# Every feature's figures, not only totals: dump communes and initiatives in full and compare.
for layer in communes initiatives coverage_gaps initiative_clusters ctg_indicators; do
    for t in 1 2; do ogrinfo -q -ro "$work/t$t.gpkg" "$layer" | grep -v "^INFO\|source" >"$work/$layer.$t"; done
    cmp -s "$work/$layer.1" "$work/$layer.2" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: $layer differs between 1 and 2 threads"; }
done
if [ "$update" = "--update" ]; then
    cp "$work/t1.txt" "$expected"
    echo "expected totals written to $expected"
fi
if diff "$expected" "$work/t1.txt"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: totals differ from $expected"; fi
echo "regression: $passed passed, $failed failed"
[ "$failed" = 0 ]
