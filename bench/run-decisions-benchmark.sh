#!/usr/bin/env bash
# Reproduces the "Decision engines" figures of docs/performance.md: site suggestions (CBC, and
# GLPK for the comparison) and the 999-permutation Gi* with FDR, on the Drôme and on the
# seeded national synthetic study (written to $OUT, default build/bench-national).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-$root/build/bench-national}"
cd "$root"
scripts/install-deps.sh
# GLPK only for the comparison (tecsmap itself links CBC).
dpkg-query -W -f='${Status}' libglpk-dev 2>/dev/null | grep -q "install ok installed" || {
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libglpk-dev
}
scripts/build.sh >/dev/null
mkdir -p "$out"
[ -f "$out/national.toml" ] || build/bench/tecsmap-make-national-study "$out"
export TECSMAP_THREADS="${TECSMAP_THREADS:-2}"
build/bench/tecsmap-bench-decisions data/geo/drome.toml --k 1,2,3,4,5 --budget 60
build/bench/tecsmap-bench-decisions "$out/national.toml" --k 1,5,10 --budget 60
build/bench/tecsmap-bench-decisions "$out/national.toml" --k 10 --budget 60 --radius-km 5 --permutations 9999
# What-if: incremental coverage per move and scenario comparison (Drôme).
build/bench/tecsmap-bench-whatif data/geo/drome.toml --moves 500
