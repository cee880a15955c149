#!/usr/bin/env bash
# Prints the totals of one analysis GeoPackage, one "key=value" per line, computed with SQL over
# contract fields only, so that tecsmap's output and the independent GeoPandas peer's output
# (bench/peer_geopandas.py) are summed the same way. Usage: totals.sh FILE.gpkg
set -u
f=$1
q() { # q PREFIX SQL
    ogrinfo -q -ro "$f" -dialect SQLite -sql "$2" | grep -E '^\s+[a-z0-9_]+ \(' | sed 's/ (.*) = /=/;s/^ *//' | sed "s/^/$1./"
}
q communes "SELECT printf('%.6f', sum(pop_uncovered)) AS a, printf('%.6f', sum(covered_share)) AS b, printf('%.6f', sum(gi_star_z)) AS c, sum(CASE WHEN gi_star_z >= 1.96 THEN 1 WHEN gi_star_z <= -1.96 THEN -1 ELSE 0 END) AS d, printf('%.3f', sum(dist_nearest_m)) AS e FROM communes"
q gaps "SELECT printf('%.6f', sum(pop_est)) AS pop, printf('%.6f', sum(area_km2)) AS km2, sum(area_km2 >= 10) AS big FROM coverage_gaps"
q clusters "SELECT count(*) AS n, sum(n_initiatives) AS members FROM initiative_clusters"
q initiatives "SELECT count(*) AS n, count(cluster_id) AS clustered, sum(in_pat) AS pat, sum(in_pcaet) AS pcaet, sum(in_cte) AS cte, sum(insee IS NOT NULL) AS inside FROM initiatives"
q ctg "SELECT count(*) AS n, printf('%.6f', sum(pat_share)) AS pat, printf('%.6f', sum(pcaet_share)) AS pcaet, printf('%.6f', sum(cte_share)) AS cte, sum(population) AS pop, sum(n_structures) AS structures FROM ctg_indicators"
