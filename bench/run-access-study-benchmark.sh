#!/usr/bin/env bash
# End-to-end benchmark of a study with travel times (issue 12): the bundled Drôme study with a
# seeded synthetic road network over the whole département (~290 000 nodes, 150 × 150 km of
# Lambert-93; nothing committed) and coverage by time. Times `tecsmap analyse` cold (road graph
# built from the extract) and warm (graph from the cache), and `render --theme acces`.
# Run it holding the build lock (docs/performance.md, "Accessibility in a study").
#   bench/run-access-study-benchmark.sh [BUILD_DIR=build]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TECSMAP_CACHE_DIR="$work/cache"

"$build/bench/tecsmap-make-road-network" "$work/drome-roads.osm.pbf" 290000 26 560 790000 6340000
data=$src/data/geo
cat >"$work/drome-temps.toml" <<TOML
[study]
title = "Drôme, couverture en temps de trajet (réseau synthétique)"
[territory]
departement = "26"
[layers]
structures = "$data/drome_structures.csv"
initiatives = "$data/drome_initiatives_illustratives.csv"
perimeters = ["$data/drome_perimeters.csv"]
[analysis]
coverage = "temps"
coverage_minutes = 15
[accessibility]
roads = "$work/drome-roads.osm.pbf"
TOML

run() { # run LABEL COMMAND...
    local label=$1
    shift
    /usr/bin/time -f "$label: %e s wall, %M KiB peak" "$@" >"$work/out" 2>"$work/err" ||
        { cat "$work/err"; exit 1; }
    tail -1 "$work/err"
}
run "analyse, cold (graph built)" "$build/src/cli/tecsmap" analyse "$work/drome-temps.toml" --out "$work/a.gpkg" --quiet
run "analyse, warm (graph cached)" "$build/src/cli/tecsmap" analyse "$work/drome-temps.toml" --out "$work/b.gpkg" --quiet
run "analyse by distance, no roads (reference)" "$build/src/cli/tecsmap" analyse "$data/drome.toml" --out "$work/c.gpkg" --quiet
run "render --theme acces, warm" "$build/src/cli/tecsmap" render "$work/drome-temps.toml" --theme acces --out "$work/acces.png" --quiet
ogrinfo -q -ro "$work/a.gpkg" -sql "SELECT key, value FROM run_info WHERE key IN ('roads.graph_nodes', 'roads.graph_edges', 'roads.structures_far')" | grep value
