#!/usr/bin/env bash
# Accessibility by road through the CLI (issue 12), on the hand-made study of
# tests/core/access/hand_study.hpp (written by make_access_fixtures): analyse, render --theme
# acces, atlas, and the French errors. Figures are the hand-computed ones of
# tests/core/access/test_access_study.cpp (here with the real COG populations of the codes).
# Usage: access_cli_tests.sh TECSMAP MAKE_ACCESS_FIXTURES
set -u
tecsmap=$1 make_fixtures=$2
source "$(dirname "$0")/checks.sh"
export TECSMAP_CACHE_DIR="$work/cache"
ok() { # ok DESCRIPTION COMMAND...: the command succeeds
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

"$make_fixtures" "$work/hand" || { echo "FAIL: fixtures"; exit 1; }
h=$work/hand

check "analyse by time" 0 "$tecsmap" analyse "$h/acces-temps.toml" --out "$work/temps.gpkg"
contains "time rule in the summary" "$work/out" "$(printf '15\u202Fmin par la route')"
contains "road network summary" "$work/out" "Réseau routier : 27 nœuds"
contains "grid summary" "$work/out" "Population par carreaux"
contains "far structure reported" "$work/out" "1 structure(s) à plus de 5 km d'une route"
ok "communes minutes by ogrinfo" sh -c "ogrinfo -q -ro '$work/temps.gpkg' -sql \"SELECT minutes_nearest FROM communes WHERE insee = '26003'\" | grep -q 'minutes_nearest (Real) = 22'"
ok "cells layer" sh -c "ogrinfo -ro -so '$work/temps.gpkg' cells | grep -q 'Feature Count: 6'"
ok "isochrones layer" sh -c "ogrinfo -ro -so '$work/temps.gpkg' isochrones | grep -q 'Feature Count: 4'"
ok "run_info records the rule" sh -c "ogrinfo -q -ro '$work/temps.gpkg' -sql \"SELECT value FROM run_info WHERE key = 'coverage'\" | grep -q 'value (String) = temps'"

check "the second run uses the cached graph" 0 "$tecsmap" analyse "$h/acces-temps.toml" --out "$work/temps2.gpkg"
contains "cache used" "$work/out" "(cache)"

check "render acces" 0 "$tecsmap" render "$h/acces-temps.toml" --theme acces --out "$work/acces.png" --quiet
ok "render acces wrote a PNG" sh -c "file '$work/acces.png' | grep -q PNG"
check "render e2sfca" 0 "$tecsmap" render "$h/acces-temps.toml" --theme e2sfca --out "$work/e2sfca.svg" --quiet
contains "e2sfca legend" "$work/e2sfca.svg" "pour 10 000 hab."
check "render gaps by time" 0 "$tecsmap" render "$h/acces-temps.toml" --theme gaps --out "$work/gaps.svg" --quiet
contains "gaps legend by time" "$work/gaps.svg" "par la route"
check "atlas with access" 0 "$tecsmap" atlas "$h/acces-temps.toml" --out "$work/atlas.pdf" --quiet
ok "atlas is a PDF" sh -c "head -c 5 '$work/atlas.pdf' | grep -q '%PDF'"

check "render acces without roads" 3 "$tecsmap" render "$h/acces-sans.toml" --theme acces --out "$work/sans.png" --quiet
contains "render acces asks for roads" "$work/err" "[accessibility] roads"
check "render e2sfca without roads" 3 "$tecsmap" render "$h/acces-sans.toml" --theme e2sfca --out "$work/sans2.png" --quiet
contains "render e2sfca asks for roads" "$work/err" "[accessibility] roads"
ok "no output left" test ! -e "$work/sans.png"

# Without roads nor grid: no access field, no cells or isochrones layer.
check "analyse without roads" 0 "$tecsmap" analyse "$h/acces-sans.toml" --out "$work/sans.gpkg" --quiet
ok "minutes field with roads" sh -c "ogrinfo -ro -so '$work/temps.gpkg' communes | grep -q 'minutes_nearest: Real'"
ok "no minutes field" sh -c "! ogrinfo -ro -so '$work/sans.gpkg' communes | grep -q minutes_nearest"
ok "no cells layer" sh -c "! ogrinfo -q -ro '$work/sans.gpkg' | grep -q cells"

# Bad input: a truncated extract fails with a French message naming it, the output untouched.
head -c 200 "$h/roads.osm.pbf" >"$h/truncated.osm.pbf"
sed 's/roads.osm.pbf/truncated.osm.pbf/' "$h/acces-temps.toml" >"$h/trunc.toml"
cp "$work/temps.gpkg" "$work/before.gpkg"
check "truncated extract" 3 "$tecsmap" analyse "$h/trunc.toml" --out "$work/temps.gpkg" --quiet
contains "truncated extract named" "$work/err" "truncated.osm.pbf"
ok "previous output intact" cmp -s "$work/before.gpkg" "$work/temps.gpkg"
ok "no temporary left" sh -c "! ls -a '$work' | grep -q '\.tmp-'"

sed 's/coverage = "temps"/coverage = "tempo"/' "$h/acces-temps.toml" >"$h/rule.toml"
check "unknown coverage rule" 3 "$tecsmap" validate "$h/rule.toml"

echo "access cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
