#!/usr/bin/env bash
# Before/after timing on a noisy machine: runs `analyse` with two (or more) tecsmap binaries in
# turn, run after run, on the same study, so that a slow spell of the machine falls on all of
# them alike; prints the min, median and max wall time and the peak RSS of each, and every run.
# A single run is not enough here: the same binary can take 7.5 s one minute and 9.3 s the next
# (docs/performance.md, "Issue 15").
#
# Usage: bench/alternate-runs.sh [--cold] [--runs N] [--study FILE] BIN...
#   --cold    empty the territory cache before each run (default: warm, the cache is filled once)
#   --runs N  runs per binary (default 5)
#   --study   default build/bench-national/national.toml (bench/run-national-benchmark.sh makes it)
# Example: keep the binary of the commit before a change, then compare with the new build:
#   git stash; scripts/build.sh; cp build/src/cli/tecsmap /tmp/tecsmap-before; git stash pop
#   scripts/build.sh; bench/alternate-runs.sh /tmp/tecsmap-before build/src/cli/tecsmap
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cold=0 runs=5 study="$root/build/bench-national/national.toml"
while [ $# -gt 0 ]; do
    case "$1" in
    --cold) cold=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --study) study=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--cold] [--runs N] [--study FILE] BIN..." >&2; exit 2; }
[ -f "$study" ] || { echo "$study: no such study (run bench/run-national-benchmark.sh first)" >&2; exit 2; }
for b in "$@"; do [ -x "$b" ] || { echo "$b: not an executable" >&2; exit 2; }; done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TECSMAP_CACHE_DIR="$work/cache"
[ "$cold" -eq 1 ] || "$1" analyse "$study" --out "$work/fill.gpkg" --quiet >/dev/null 2>&1
for ((i = 1; i <= runs; i++)); do
    for k in $(seq 1 $#); do
        bin=${!k}
        [ "$cold" -eq 0 ] || rm -rf "$TECSMAP_CACHE_DIR"
        /usr/bin/time -f "%e %M" -o "$work/one" "$bin" analyse "$study" --out "$work/out$k.gpkg" \
            --quiet >/dev/null 2>&1 || { echo "$bin: analyse failed" >&2; exit 1; }
        cat "$work/one" >>"$work/times$k"
    done
done
echo "$( [ "$cold" -eq 1 ] && echo cold || echo warm ) analyse, $runs alternating runs: $study"
for k in $(seq 1 $#); do
    python3 - "${!k}" "$work/times$k" <<'PY'
import sys
runs = [tuple(map(float, line.split())) for line in open(sys.argv[2])]
wall = sorted(r[0] for r in runs)
print(f"{sys.argv[1]}: min {wall[0]:.2f} s, median {wall[len(wall) // 2]:.2f} s, max {wall[-1]:.2f} s;"
      f" peak RSS {min(r[1] for r in runs) / 1024:.0f}-{max(r[1] for r in runs) / 1024:.0f} MiB;"
      f" runs: {' '.join(f'{r[0]:.2f}' for r in runs)}")
PY
done
