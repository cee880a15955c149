#!/usr/bin/env bash
# Reproduces docs/performance.md in one command: builds tecsmap, generates the seeded national
# synthetic study (outside the sources, in $OUT, default build/bench-national), runs tecsmap's
# per-stage benchmark and its end-to-end `analyse`, then the GeoPandas peer pipeline on the
# same study (installing its Debian packages), and prints the side-by-side figures: `analyse`
# cold and warm (territory cache), per stage, the map view's live re-analysis (national and
# Drôme), and the peer. `analyse` runs RUNS times cold and RUNS times warm (default 3, in turn:
# cold, warm, cold, warm...): one run is not enough on a noisy machine (docs/performance.md,
# "Issue 15"); the median, the range and the highest peak are printed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-$root/build/bench-national}"
cd "$root"
scripts/install-deps.sh
scripts/build.sh >/dev/null
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
peer_packages=(python3-geopandas python3-sklearn python3-scipy python3-rtree time)
for p in "${peer_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${peer_packages[@]}"
        break
    }
done
mkdir -p "$out"
[ -f "$out/national.toml" ] || build/bench/tecsmap-make-national-study "$out"

measure() { # measure LABEL COMMAND... -> "LABEL seconds peak_MiB"
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/$label.log" 2>&1
    read -r seconds kib <"$out/time.txt"
    echo "$label $seconds $((kib / 1024))"
}

# Cold and warm runs use a territory cache of their own, emptied first: cold builds the
# territory (and writes the cache), warm reads it back.
cache="$out/territory-cache"
export TECSMAP_CACHE_DIR="$cache"
runs="${RUNS:-3}"
echo "== end to end, side by side (same machine, same study, one after the other)"
: >"$out/cold.times"
: >"$out/warm.times"
for ((i = 1; i <= runs; i++)); do
    rm -rf "$cache"
    measure tecsmap-cold build/src/cli/tecsmap analyse "$out/national.toml" \
        --out "$out/tecsmap-cold.gpkg" --quiet >>"$out/cold.times"
    measure tecsmap build/src/cli/tecsmap analyse "$out/national.toml" \
        --out "$out/tecsmap.gpkg" --quiet >>"$out/warm.times"
done
summary() { # summary FILE -> "median min max peak_max" of the "LABEL seconds peak" lines
    python3 - "$1" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
wall = sorted(float(r[1]) for r in rows)
print(f"{wall[len(wall) // 2]:.2f} {wall[0]:.2f} {wall[-1]:.2f} {max(int(r[2]) for r in rows)}")
PY
}
cold=$(summary "$out/cold.times")
ours=$(summary "$out/warm.times")
echo
echo "== tecsmap: per-stage benchmark (warm territory)"
build/bench/tecsmap-bench "$out/national.toml" --out "$out" --markdown "$out/tecsmap-stages.md" 2>/dev/null
cat "$out/tecsmap-stages.md"
echo
echo "== live re-analysis: a parameter change re-analysed and redrawn as the map view does it"
build/bench/tecsmap-bench-reanalyse "$out/national.toml" --repeat 2 2>/dev/null
build/bench/tecsmap-bench-reanalyse data/geo/drome.toml --repeat 7 2>/dev/null
echo
mirror="${TECSMAP_GEO_MIRROR:-$root/../shared/geo/france-geojson}"
[ -d "$mirror" ] || mirror="${TECSMAP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tecsmap}/france-geojson/5d34ee6d0140c29f785fdb047d9329f1aab58833"
peer=$(measure geopandas /usr/bin/python3 bench/peer_geopandas.py "$out" "$mirror" data/geo "$out/peer.gpkg")
read -r cs cmin cmax cm <<<"$cold"
read -r ts tmin tmax tm <<<"$ours"
read -r _ ps pm <<<"$peer"
printf '| pipeline | wall time (s): median of %s (range) | peak RSS (MiB): highest |\n| --- | ---: | ---: |\n' "$runs"
printf '| tecsmap analyse, cold (territory built and cached) | %s (%s–%s) | %s |\n' "$cs" "$cmin" "$cmax" "$cm"
printf '| tecsmap analyse, warm (territory from the cache) | %s (%s–%s) | %s |\n' "$ts" "$tmin" "$tmax" "$tm"
printf '| GeoPandas peer (one run) | %s | %s |\n' "$ps" "$pm"
python3 -c "print(f'speed-up: {float($ps)/float($ts):.1f}x; memory: {float($tm)/float($pm):.2f} of the peer\'s peak')"
echo "peer stages: $(grep -o '{"total_seconds.*' "$out/geopandas.log" | head -c 2000)"
