#!/usr/bin/env bash
# Prints the totals of one analysis GeoPackage, one "key=value" per line, computed with SQL over
# contract fields only, so that tecsmap's output and the independent GeoPandas peer's output
# (bench/peer_geopandas.py) are summed the same way. Usage: totals.sh FILE.gpkg
set -u
f=$1
q() { # q PREFIX SQL
    ogrinfo -q -ro "$f" -dialect SQLite -sql "$2" | grep -E '^\s+[a-z0-9_]+ \(' | sed 's/ (.*) = /=/;s/^ *//' | sed "s/^/$1./"
}
# c: Gi* z of the default variable (initiatives per 10 000 inhabitants); its sum, and the sum
# of the positive and of the negative z separately, so that a sign error cannot cancel out.
# The hot-spot classes themselves depend on seeded permutations: they are checked against the
# independent numpy reference in test_core_decisions, not here. i: islands (no neighbour).
q communes "SELECT printf('%.6f', sum(pop_uncovered)) AS a, printf('%.6f', sum(covered_share)) AS b, printf('%.6f', sum(gi_star_z)) AS c, printf('%.6f', sum(CASE WHEN gi_star_z > 0 THEN gi_star_z ELSE 0 END)) AS cpos, printf('%.3f', sum(dist_nearest_m)) AS e, sum(gi_island) AS i FROM communes"
q gaps "SELECT printf('%.6f', sum(pop_est)) AS pop, printf('%.6f', sum(area_km2)) AS km2, sum(area_km2 >= 10) AS big FROM coverage_gaps"
q clusters "SELECT count(*) AS n, sum(n_initiatives) AS members FROM initiative_clusters"
q initiatives "SELECT count(*) AS n, count(cluster_id) AS clustered, sum(in_pat) AS pat, sum(in_pcaet) AS pcaet, sum(in_cte) AS cte, sum(insee IS NOT NULL) AS inside FROM initiatives"
q ctg "SELECT count(*) AS n, printf('%.6f', sum(pat_share)) AS pat, printf('%.6f', sum(pcaet_share)) AS pcaet, printf('%.6f', sum(cte_share)) AS cte, sum(population) AS pop, sum(n_structures) AS structures FROM ctg_indicators"
