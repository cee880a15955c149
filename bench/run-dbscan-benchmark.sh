#!/usr/bin/env bash
# DBSCAN time and peak memory (docs/performance.md, "DBSCAN in bounded memory"): builds
# tecsmap-bench-dbscan and runs each scenario in its own process (peak RSS per scenario).
# Targets of issue 16: 100,000 initiatives on one point <= 500 MiB and <= 10 s; 1,000,000 spread
# over the Drôme <= 1 GiB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -x build/bench/tecsmap-bench-dbscan ] || scripts/build.sh >/dev/null
bench=build/bench/tecsmap-bench-dbscan
echo "| scenario | implementation | points | eps (m) | min_points | clusters | cores | wall (s) | peak RSS (MiB) | of which the input (MiB) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
"$bench" one-point 100000
"$bench" one-point 1000000
"$bench" drome-uniform 1000000
"$bench" drome-clustered 1000000
"$bench" drome-clustered 100000
"$bench" drome-uniform 1000000 200 5
"$bench" drome-clustered 1000000 100 10
# The previous implementation, on sizes it survives: 10,000 points on one point store 10^8
# neighbour indices.
"$bench" one-point 10000 --reference
"$bench" drome-clustered 100000 --reference
echo
# Identical results on instances the previous implementation can hold in memory.
"$bench" drome-uniform 300000 200 5 --compare
"$bench" drome-clustered 200000 400 5 --compare
"$bench" drome-clustered 100000 500 4 --compare
