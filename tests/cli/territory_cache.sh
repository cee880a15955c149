#!/usr/bin/env bash
# The territory cache end to end: a second `tecsmap analyse` of the Drôme study reads the
# territory from the cache and gives byte-identical totals (tests/bench/totals.sh); --no-cache
# and TECSMAP_NO_CACHE=1 bypass it; a truncated cache file is rebuilt with a warning, with the
# same totals again.
# Usage: territory_cache.sh TECSMAP DATA_DIR TOTALS_SH
set -u
tecsmap=$1 data=$2 totals=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TECSMAP_CACHE_DIR="$work/cache"
unset TECSMAP_NO_CACHE
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }
run() { # run NAME [options]: analyse into NAME.gpkg, stdout/stderr into NAME.out/NAME.err
    local name=$1
    shift
    if "$tecsmap" analyse "$data/drome.toml" --out "$work/$name.gpkg" --no-csv "$@" \
        >"$work/$name.out" 2>"$work/$name.err"; then ok; else
        ko "analyse $name exited $?"; sed 's/^/    /' "$work/$name.err" | tail -5; fi
    bash "$totals" "$work/$name.gpkg" >"$work/$name.totals"
}
has() { if grep -qF -- "$3" "$work/$2"; then ok; else ko "$1: '$3' not in $2"; fi; }
hasnt() { if grep -qF -- "$3" "$work/$2"; then ko "$1: '$3' in $2"; else ok; fi; }
same_totals() {
    if [ -s "$work/$1.totals" ] && cmp -s "$work/$1.totals" "$work/$2.totals"; then ok; else
        ko "totals of $1 and $2 differ"; diff "$work/$1.totals" "$work/$2.totals" | head; fi
}

run cold
has "cold run stores the territory" cold.err "territoire mis en cache"
hasnt "cold run does not read a cache" cold.err "territoire lu du cache"
n=$(ls "$TECSMAP_CACHE_DIR/territory" | wc -l)
[ "$n" = 1 ] && ok || ko "one cache file expected, found $n"

run warm
has "warm run reads the territory from the cache" warm.err "territoire lu du cache"
hasnt "warm run does not build" warm.err "harmonisation COG"
same_totals cold warm
grep -q '^communes\.' "$work/warm.totals" && ok || ko "totals of warm are empty"

run flag --no-cache
hasnt "--no-cache does not read the cache" flag.err "territoire lu du cache"
hasnt "--no-cache does not write the cache" flag.err "territoire mis en cache"
same_totals cold flag

TECSMAP_NO_CACHE=1 run env
hasnt "TECSMAP_NO_CACHE=1 does not read the cache" env.err "territoire lu du cache"
same_totals cold env

file=$(ls "$TECSMAP_CACHE_DIR"/territory/*.bin)
size=$(stat -c %s "$file")
truncate -s $((size / 2)) "$file"
run truncated
has "a truncated cache is reported" truncated.out "cache du territoire inutilisable"
has "a truncated cache is rebuilt" truncated.err "harmonisation COG"
same_totals cold truncated
[ "$(stat -c %s "$file")" = "$size" ] && ok || ko "the truncated cache file was not replaced"

run again
has "the replaced cache is read" again.err "territoire lu du cache"
hasnt "no warning once replaced" again.out "cache du territoire inutilisable"
same_totals cold again

# The other commands that build the territory go through the cache too.
"$tecsmap" info "$data/drome.toml" >"$work/info.out" 2>"$work/info.err" && ok || ko "info"
has "info reads the territory from the cache" info.err "territoire lu du cache"
"$tecsmap" info "$data/drome.toml" --no-cache >"$work/info2.out" 2>"$work/info2.err" && ok || ko "info --no-cache"
hasnt "info --no-cache does not read the cache" info2.err "territoire lu du cache"
cmp -s "$work/info.out" "$work/info2.out" && ok || ko "info differs with and without the cache"
"$tecsmap" suggest "$data/drome.toml" --new 2 --out "$work/suggest.gpkg" >"$work/suggest.out" 2>"$work/suggest.err" && ok || ko "suggest"
has "suggest reads the territory from the cache" suggest.err "territoire lu du cache"
"$tecsmap" validate "$data/drome.toml" --no-cache >"$work/validate.out" 2>&1 && ok || ko "validate --no-cache"
"$tecsmap" validate "$data/drome.toml" >"$work/validate2.out" 2>&1 && ok || ko "validate with cache"

echo "territory cache: $passed passed, $failed failed"
[ "$failed" = 0 ]
