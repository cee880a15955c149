#!/usr/bin/env bash
# tecsmap-gui's options from the command line: usage errors exit 2 at once with a French
# message, a screenshot is written atomically and its failure gives the cause (exit 4).
# Usage: gui_cli_tests.sh TECSMAP_GUI DATA_DIR
set -uo pipefail
gui=$1 data=$2
study=$data/drome.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export QT_QPA_PLATFORM=offscreen HOME=$work
failures=0 checks=0
# expect CODE PATTERN -- ARGS...: exit code CODE and PATTERN (grep -E) in stderr+stdout.
expect() {
    local code=$1 pattern=$2
    shift 3
    local out
    checks=$((checks + 1))
    out=$(timeout 120 "$gui" "$@" 2>&1)
    local rc=$?
    if [ "$rc" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$out"; then
        echo "FAIL: tecsmap-gui $* -> exit $rc (expected $code), output: $out"
        failures=$((failures + 1))
    else
        echo "ok: tecsmap-gui $* -> $rc"
    fi
}
# A huge window is refused before anything is drawn (it used to hang).
expect 2 "de 200 à 8000" -- "$study" --screenshot a.png --size 100000x100000
expect 2 "LARGEURxHAUTEUR" -- "$study" --screenshot a.png --size 1600
expect 2 "gaps, clusters, hotspots, perimeters, structures" -- "$study" --screenshot a.png --theme couverture
expect 2 "« .xyz »" -- "$study" --screenshot a.xyz
expect 2 "demande un fichier d'étude" -- --screenshot a.png
expect 2 "CTG inconnue.*de 0 à" -- "$study" --screenshot a.png --ctg 999
checks=$((checks + 1))
[ ! -e a.png ] || { echo "FAIL: a refused run wrote a.png"; failures=$((failures + 1)); }
expect 4 "n'existe pas" -- "$study" --screenshot absent/a.png --size 400x300
# A directory as the study: refused with a message (exit 3), nothing written.
mkdir etude.toml
expect 3 "répertoire" -- "$PWD/etude.toml" --screenshot b.png --size 400x300
checks=$((checks + 1))
[ ! -e b.png ] || { echo "FAIL: a directory study wrote b.png"; failures=$((failures + 1)); }
# A CTG by code (CC du Diois) and by index; the new screenshot replaces the old atomically.
printf 'previous' >c.png
expect 0 "Écrit" -- "$study" --screenshot c.png --size 1000x700 --ctg 242600534
checks=$((checks + 1))
file c.png | grep -q '1000 x 700' || { echo "FAIL: c.png is not the 1000x700 screenshot"; failures=$((failures + 1)); }
expect 0 "Écrit" -- "$study" --screenshot d.png --size 640x480 --ctg 1 --theme clusters
checks=$((checks + 1))
leftovers=$(find . -name '.*tmp-*' | wc -l)
[ "$leftovers" -eq 0 ] || { echo "FAIL: temporary files left"; failures=$((failures + 1)); }
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
