#!/usr/bin/env bash
# CLI behaviour: --help everywhere, exit codes, atomic outputs, French error messages.
# Usage: cli_tests.sh TECSMAP DATA_DIR TEST_DATA_DIR MAKE_BAD_GEOMETRY
set -u
tecsmap=$1 data=$2 make_bad_geometry=${4:-}
unset TECSMAP_HUGE_PAGES # the default is checked below, whatever the caller's environment
source "$(dirname "$0")/checks.sh"

check "global help" 0 "$tecsmap" --help
contains "global help lists analyse" "$work/out" "analyse"
for cmd in info analyse; do
    check "$cmd --help" 0 "$tecsmap" "$cmd" --help
    contains "$cmd help is French" "$work/out" "Usage : tecsmap $cmd"
done
check "no command" 2 "$tecsmap"
check "version" 0 "$tecsmap" --version
contains "version names the allocator" "$work/out" "allocateur mémoire"
# Built with tcmalloc (CMake says so): the program must really allocate through it.
if [ "${TECSMAP_EXPECT_TCMALLOC:-0}" = 1 ]; then
    contains "the program allocates through tcmalloc" "$work/out" "allocateur mémoire : tcmalloc"
    # Its heap in 2 MiB pages (src/allocator/huge_page_heap.cpp), unless TECSMAP_HUGE_PAGES=0.
    contains "the heap asks for 2 MiB pages" "$work/out" "tas demandé en pages de 2 Mio"
    TECSMAP_HUGE_PAGES=0 check "version, 4 KiB pages asked" 0 "$tecsmap" --version
    lacks "TECSMAP_HUGE_PAGES=0 keeps tcmalloc's own pages" "$work/out" "pages de 2 Mio"
    contains "TECSMAP_HUGE_PAGES=0 keeps tcmalloc" "$work/out" "allocateur mémoire : tcmalloc"
fi
check "unknown command" 2 "$tecsmap" frobnicate
check "unknown option" 2 "$tecsmap" analyse "$data/drome.toml" --out "$work/x.gpkg" --bogus
check "missing --out" 2 "$tecsmap" analyse "$data/drome.toml"
check "negative --radius-km" 2 "$tecsmap" analyse "$data/drome.toml" --out "$work/x.gpkg" --radius-km -1
check "bad --radius-km" 2 "$tecsmap" analyse "$data/drome.toml" --out "$work/x.gpkg" --radius-km dix
check "missing study" 3 "$tecsmap" info "$work/none.toml"
contains "missing study is named" "$work/err" "none.toml"

printf '[territory]\ndepartement = "26"\nfoo = 1\n' >"$work/bad.toml"
check "unknown study key" 3 "$tecsmap" info "$work/bad.toml"
contains "unknown key named with line" "$work/err" "ligne 3"

check "info on the default" 0 "$tecsmap" info "$data/drome.toml" --quiet
contains "info counts" "$work/out" "362 communes"

check "analyse the default" 0 "$tecsmap" analyse "$data/drome.toml" --out "$work/drome.gpkg" --quiet
contains "summary table" "$work/out" "CA Valence Romans Agglo"
[ -s "$work/drome-ctg_indicators.csv" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: no CSV"; }
check "override radius" 0 "$tecsmap" analyse "$data/drome.toml" --out "$work/r5.gpkg" --radius-km 5 --quiet
contains "radius echoed" "$work/out" "$(printf 'rayon 5\u202Fkm')"

# A failing run must leave the previous output byte-for-byte intact and no temporary file.
cp "$work/drome.gpkg" "$work/before.gpkg"
printf '[territory]\ndepartement = "26"\n[layers]\nstructures = "missing.csv"\n' >"$work/broken.toml"
check "broken layer fails" 3 "$tecsmap" analyse "$work/broken.toml" --out "$work/drome.gpkg" --quiet
contains "broken layer names the file" "$work/err" "missing.csv"
cmp -s "$work/before.gpkg" "$work/drome.gpkg" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: output changed"; }
ls -a "$work" | grep -q '\.tmp-' && { failed=$((failed + 1)); echo "FAIL: temporary left"; } || passed=$((passed + 1))

# Interrupted mid-write (SIGTERM as soon as the temporary output exists): previous output
# byte-for-byte intact, temporary removed. A run that finished before the signal landed proves
# nothing, so try again (up to 10 times).
interrupted=no
for attempt in $(seq 1 10); do
    "$tecsmap" analyse "$data/drome.toml" --out "$work/drome.gpkg" --quiet >/dev/null 2>&1 &
    pid=$!
    tmp="$work/.drome.tmp-$pid.gpkg"
    for _ in $(seq 1 200000); do [ -e "$tmp" ] && break; kill -0 $pid 2>/dev/null || break; done
    kill -TERM $pid 2>/dev/null
    wait $pid 2>/dev/null
    status=$?
    if [ "$status" != 0 ]; then interrupted=yes; break; fi
    cp "$work/drome.gpkg" "$work/before.gpkg" # it completed: that is the new reference
done
echo "interrupted while writing: $interrupted (attempt $attempt, exit $status)"
[ "$status" = 143 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: SIGTERM exit $status, expected 143 (128 + 15)"; }
[ "$interrupted" = yes ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: could not interrupt a run"; }
cmp -s "$work/before.gpkg" "$work/drome.gpkg" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: interrupted run changed the output"; }
ls -a "$work" | grep -q '\.tmp-' && { failed=$((failed + 1)); echo "FAIL: temporary left after SIGTERM"; } || passed=$((passed + 1))

chmod 500 "$work"
if [ "$(id -u)" != 0 ]; then
    check "read-only destination" 4 "$tecsmap" analyse "$data/drome.toml" --out "$work/ro.gpkg" --quiet
fi
chmod 700 "$work"
check "destination directory missing" 4 "$tecsmap" analyse "$data/drome.toml" --out "$work/nope/x.gpkg" --quiet

# Outputs never clobber inputs (issue 16): an --out naming a study input is refused, exit 2.
mkdir -p "$work/clobber"
cp "$data"/drome_*.csv "$work/clobber/"
ogr2ogr -q -f GPKG "$work/clobber/pat.gpkg" "$work/clobber/drome_perimeters.csv" -oo SEPARATOR=SEMICOLON
printf '[layers]\nstructures = "drome_structures.csv"\nperimeters = ["pat.gpkg"]\n' >"$work/clobber/s.toml"
sum_before=$(sha256sum "$work/clobber/pat.gpkg")
check "output over an input" 2 "$tecsmap" analyse "$work/clobber/s.toml" --out "$work/clobber/pat.gpkg" --quiet
contains "output over an input named" "$work/err" "layers.perimeters[0]"
[ "$(sha256sum "$work/clobber/pat.gpkg")" = "$sum_before" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: input destroyed"; }
ln -s "$work/clobber/drome_structures.csv" "$work/clobber/link.png"
check "render over an input through a link" 2 "$tecsmap" render "$work/clobber/s.toml" --theme gaps --out "$work/clobber/link.png" --quiet
contains "link resolved" "$work/err" "layers.structures"
check "the study itself" 2 "$tecsmap" atlas "$work/clobber/s.toml" --out "$work/clobber/s.toml" --quiet

# The GeoPackage and its CSV are committed together: when the CSV cannot be written, the
# previous pair is intact and the message says so truthfully.
check "pair: first run" 0 "$tecsmap" analyse "$data/drome.toml" --out "$work/pair.gpkg" --quiet
cp "$work/pair.gpkg" "$work/pair.before"
rm -f "$work/pair-ctg_indicators.csv"
mkdir "$work/pair-ctg_indicators.csv" # a directory where the CSV should go
check "pair: CSV target is a directory" 4 "$tecsmap" analyse "$data/drome.toml" --out "$work/pair.gpkg" --quiet --radius-km 3
cmp -s "$work/pair.before" "$work/pair.gpkg" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: GeoPackage replaced although the CSV failed"; }
contains "pair: message says intact" "$work/err" "intacts"
ls -a "$work" | grep -q '\.tmp-\|\.bak-' && { failed=$((failed + 1)); echo "FAIL: temporary or backup left"; } || passed=$((passed + 1))
rmdir "$work/pair-ctg_indicators.csv"

# Output names too long for the temporary scheme: a clear message before any work.
long=$(printf 'x%.0s' $(seq 1 240))
check "output name too long" 4 "$tecsmap" analyse "$data/drome.toml" --out "$work/$long.gpkg" --quiet
contains "too long named" "$work/err" "trop long"

# SIGHUP and SIGPIPE remove the temporaries too; exit 128 + signal.
for sig in HUP PIPE INT; do
    "$tecsmap" atlas "$data/drome.toml" --out "$work/sig.pdf" --quiet >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 200000); do [ -e "$work/.sig.tmp-$pid.pdf" ] && break; kill -0 $pid 2>/dev/null || break; done
    kill -"$sig" $pid 2>/dev/null
    wait $pid 2>/dev/null
    status=$?
    want=$((128 + $(kill -l "$sig")))
    [ "$status" = "$want" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: SIG$sig exit $status, expected $want"; }
    ls -a "$work" | grep -q "\.sig\.tmp-" && { failed=$((failed + 1)); echo "FAIL: temporary left after SIG$sig"; } || passed=$((passed + 1))
done

# Output hygiene: control characters from inputs never reach the terminal raw; CSV cells that a
# spreadsheet would run as formulas are neutralised.
mkdir -p "$work/hyg"
printf 'titre;longitude;latitude\n\033[2J\033[31mPirate\007;999;999\n' >"$work/hyg/i.csv"
printf 'epci_siren;ctg_code;ctg_name\n200068781;VR;=HYPERLINK("http://x";"y")\n' >"$work/hyg/ctg.csv"
printf '[territory]\nctg = "ctg.csv"\n[layers]\nstructures = "%s"\ninitiatives = "i.csv"\n' "$data/drome_structures.csv" >"$work/hyg/s.toml"
check "hygiene: analyse" 0 "$tecsmap" analyse "$work/hyg/s.toml" --out "$work/hyg/o.gpkg" --quiet
if grep -q $'\033' "$work/out" "$work/err"; then failed=$((failed + 1)); echo "FAIL: escape sequence printed raw"; else passed=$((passed + 1)); fi
check "hygiene: validate" 0 "$tecsmap" validate "$work/hyg/s.toml"
if grep -q $'\033' "$work/out" "$work/err"; then failed=$((failed + 1)); echo "FAIL: escape sequence printed raw by validate"; else passed=$((passed + 1)); fi
contains "formula neutralised" "$work/hyg/o-ctg_indicators.csv" "\"'=HYPERLINK("

# Maps and atlas.
for cmd in render atlas validate; do
    check "$cmd --help" 0 "$tecsmap" "$cmd" --help
done
# Every command's help lists the analysis parameters where it takes them (no placeholder left).
for cmd in analyse render atlas suggest; do
    check "$cmd --help lists the parameters" 0 "$tecsmap" "$cmd" --help
    contains "$cmd help has --radius-km" "$work/out" "--radius-km"
    lacks "$cmd help has no placeholder" "$work/out" "@PARAMETERS@"
done
check "render unknown theme" 2 "$tecsmap" render "$data/drome.toml" --theme heatmap --out "$work/m.png"
check "render bad extension" 2 "$tecsmap" render "$data/drome.toml" --theme gaps --out "$work/m.jpg"
check "render unknown CTG" 2 "$tecsmap" render "$data/drome.toml" --theme gaps --ctg 999 --out "$work/m.png" --quiet
check "render gaps PDF" 0 "$tecsmap" render "$data/drome.toml" --theme gaps --out "$work/gaps.pdf" --quiet
[ -s "$work/gaps.pdf" ] && head -c 5 "$work/gaps.pdf" | grep -q '%PDF-' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: gaps.pdf"; }
check "render --dpi too low is a usage error" 2 "$tecsmap" render "$data/drome.toml" --theme gaps --dpi 5 --out "$work/m.png" --quiet
check "render --size unknown is a usage error" 2 "$tecsmap" render "$data/drome.toml" --theme gaps --size A5 --out "$work/m.png" --quiet
check "radius NaN on the command line" 2 "$tecsmap" analyse "$data/drome.toml" --out "$work/x.gpkg" --radius-km nan
check "min-points not whole" 2 "$tecsmap" analyse "$data/drome.toml" --out "$work/x.gpkg" --min-points 2.5
contains "min-points message names the flag" "$work/err" "--min-points"
check "render CTG PNG at 72 dpi, A3 landscape" 0 "$tecsmap" render "$data/drome.toml" --theme clusters --ctg 200068781 --dpi 72 --size A3 --landscape --out "$work/c.png" --quiet
file "$work/c.png" 2>/dev/null | grep -q "1191 x 842" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: c.png size: $(file "$work/c.png")"; }
check "atlas" 0 "$tecsmap" atlas "$data/drome.toml" --out "$work/atlas.pdf" --quiet
contains "atlas pages" "$work/out" "(19 pages)"

# Site suggestions (issue 13): exit codes, bad input, nothing lost.
check "suggest --help" 0 "$tecsmap" suggest --help
contains "suggest help is French" "$work/out" "Usage : tecsmap suggest"
check "suggest without --out" 2 "$tecsmap" suggest "$data/drome.toml" --new 2
check "suggest without --new (study has none)" 2 "$tecsmap" suggest "$data/drome.toml" --out "$work/s.gpkg" --quiet
contains "suggest asks for --new" "$work/err" "--new"
check "suggest --new 0" 2 "$tecsmap" suggest "$data/drome.toml" --new 0 --out "$work/s.gpkg" --quiet
contains "--new 0 explained" "$work/err" "au moins 1"
check "suggest --new above the candidates" 2 "$tecsmap" suggest "$data/drome.toml" --new 1000 --out "$work/s.gpkg" --quiet
contains "--new too large explained" "$work/err" "plus de nouveaux sites que de sites candidats"
check "suggest --new not whole" 2 "$tecsmap" suggest "$data/drome.toml" --new 1.5 --out "$work/s.gpkg" --quiet
check "suggest 3 sites" 0 "$tecsmap" suggest "$data/drome.toml" --new 3 --out "$work/s.gpkg" --quiet
contains "suggest ranks" "$work/out" "Nouveaux sites proposés (3, méthode exacte"
contains "suggest best per CTG" "$work/out" "Meilleur site unique par CTG"
[ -s "$work/s.gpkg" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: no s.gpkg"; }
cp "$work/s.gpkg" "$work/s-before.gpkg"
check "suggest --new 1000 leaves the previous output" 2 "$tecsmap" suggest "$data/drome.toml" --new 1000 --out "$work/s.gpkg" --quiet
cmp -s "$work/s-before.gpkg" "$work/s.gpkg" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: suggest output changed"; }
check "suggest greedy" 0 "$tecsmap" suggest "$data/drome.toml" --new 2 --greedy --out "$work/g.gpkg" --quiet
contains "greedy bound said" "$work/out" "Méthode gloutonne"
mkdir -p "$work/cand"
printf 'nom;x;y\nLocal;850000;6420000\n' >"$work/cand/nocrs.csv"
printf '[territory]\ndepartement = "26"\n[layers]\nstructures = "%s"\n[suggest]\ncandidates = "nocrs.csv"\n' "$data/drome_structures.csv" >"$work/cand/nocrs.toml"
check "candidates without CRS" 3 "$tecsmap" suggest "$work/cand/nocrs.toml" --new 1 --out "$work/cand/o.gpkg" --quiet
contains "candidates without CRS named" "$work/err" "nocrs.csv"
printf 'nom;longitude;latitude\nParis;2.35;48.85\n' >"$work/cand/outside.csv"
sed 's/nocrs.csv/outside.csv/' "$work/cand/nocrs.toml" >"$work/cand/outside.toml"
check "candidates outside the territory" 3 "$tecsmap" suggest "$work/cand/outside.toml" --new 1 --out "$work/cand/o.gpkg" --quiet
contains "candidates outside explained" "$work/err" "aucun site candidat dans le territoire"
printf 'nom;x;y\nMairie de Die;887560;6408470\nMairie de Nyons;870540;6364640\nParis;652000;6862000\n' >"$work/cand/l93.csv"
printf '[territory]\ndepartement = "26"\n[layers]\nstructures = "%s"\n[suggest]\nnew = 1\ncandidates = { path = "l93.csv", crs = "EPSG:2154" }\n' "$data/drome_structures.csv" >"$work/cand/l93.toml"
check "candidates in Lambert-93, one outside" 0 "$tecsmap" suggest "$work/cand/l93.toml" --out "$work/cand/o.gpkg" --quiet
contains "candidates layer used" "$work/out" "sites de la couche [suggest] candidates"
contains "outside candidate reported" "$work/out" "hors du territoire"
check "suggest --new 3 on 2 candidates" 2 "$tecsmap" suggest "$work/cand/l93.toml" --new 3 --out "$work/cand/o.gpkg" --quiet
contains "count of candidates said" "$work/err" "(2 dans la couche [suggest] candidates)"
# [suggest] new and scenarios in a study run by analyse.
printf '[territory]\ndepartement = "26"\n[layers]\nstructures = "%s"\n[suggest]\nnew = 2\n[[scenario]]\nname = "EVS à Die"\nadd = [{ commune = "26113" }]\n' "$data/drome_structures.csv" >"$work/cand/scen.toml"
check "analyse with suggestions and a scenario" 0 "$tecsmap" analyse "$work/cand/scen.toml" --out "$work/cand/a.gpkg" --quiet
contains "analyse prints suggestions" "$work/out" "Nouveaux sites proposés (2"
contains "analyse prints scenarios" "$work/out" "EVS à Die"
# Suggestions saved as a scenario: appended to the study (the rest kept), then compared.
printf '# Commission du Diois\n[territory]\ndepartement = "26"\n[layers]\nstructures = "%s"\n' "$data/drome_structures.csv" >"$work/cand/save.toml"
check "suggest --scenario" 0 "$tecsmap" suggest "$work/cand/save.toml" --new 2 --scenario "Deux sites proposés" --out "$work/cand/save.gpkg" --quiet
contains "scenario saved said" "$work/out" "Scénario « Deux sites proposés » ajouté"
contains "study keeps its comment" "$work/cand/save.toml" "# Commission du Diois"
contains "scenario appended" "$work/cand/save.toml" "[[scenario]]"
contains "scenario sites named" "$work/cand/save.toml" "Suggestion 2 : "
cp "$work/cand/save.toml" "$work/cand/save-before.toml"
check "suggest --scenario, name taken" 2 "$tecsmap" suggest "$work/cand/save.toml" --new 2 --scenario "Deux sites proposés" --out "$work/cand/save.gpkg" --quiet
contains "name taken explained" "$work/err" "déjà un scénario « Deux sites proposés »"
cmp -s "$work/cand/save.toml" "$work/cand/save-before.toml" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: study changed by a refused --scenario"; }
check "analyse compares the saved scenario" 0 "$tecsmap" analyse "$work/cand/save.toml" --out "$work/cand/save-a.gpkg" --no-csv --quiet
contains "saved scenario compared" "$work/out" "Deux sites proposés"
printf '[territory]\ndepartement = "26"\n[layers]\nstructures = "%s"\n[[scenario]]\nname = "Fermeture"\nremove = ["Centre qui n existe pas"]\n' "$data/drome_structures.csv" >"$work/cand/gone.toml"
check "scenario naming a missing structure" 3 "$tecsmap" analyse "$work/cand/gone.toml" --out "$work/cand/b.gpkg" --quiet
contains "missing structure explained" "$work/err" "introuvable dans la couche des structures"
[ ! -e "$work/cand/b.gpkg" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: half-written output"; }
# An extended agreement under the distance rule adds nothing: validate, analyse and atlas say so.
printf '[territory]\ndepartement = "26"\n[layers]\nstructures = "%s"\n[[scenario]]\nname = "Agrément étendu"\nextend = [{ structure = "Centre Multimédia MJC Centre Social", communes = ["26184"] }]\n' "$data/drome_structures.csv" >"$work/cand/ext.toml"
check "validate an ignored extension" 0 "$tecsmap" validate "$work/cand/ext.toml"
once "validate says the extension is ignored, once" "$work/out" "l'extension de zone est sans effet"
check "atlas with an ignored extension" 0 "$tecsmap" atlas "$work/cand/ext.toml" --out "$work/cand/ext.pdf" --quiet
once "atlas says the extension is ignored, once" "$work/out" "l'extension de zone est sans effet"
check "analyse with an ignored extension" 0 "$tecsmap" analyse "$work/cand/ext.toml" --out "$work/cand/ext.gpkg" --no-csv --quiet
once "analyse says the extension is ignored, once" "$work/out" "l'extension de zone est sans effet"
# Hot spots: the permutations are seeded; the same seed gives the same p-values whatever the
# number of threads, another seed other p-values.
TECSMAP_THREADS=1 check "analyse --seed 7, 1 thread" 0 "$tecsmap" analyse "$data/drome.toml" --seed 7 --out "$work/seed1.gpkg" --no-csv --quiet
TECSMAP_THREADS=2 check "analyse --seed 7, 2 threads" 0 "$tecsmap" analyse "$data/drome.toml" --seed 7 --out "$work/seed2.gpkg" --no-csv --quiet
check "analyse --seed 8" 0 "$tecsmap" analyse "$data/drome.toml" --seed 8 --out "$work/seed3.gpkg" --no-csv --quiet
for n in 1 2 3; do ogrinfo -q -ro "$work/seed$n.gpkg" -sql "SELECT insee, gi_p_sim, gi_q, hotspot FROM communes ORDER BY insee" >"$work/seed$n.txt"; done
[ "$(grep -c gi_p_sim "$work/seed1.txt")" -ge 300 ] && cmp -s "$work/seed1.txt" "$work/seed2.txt" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: same seed, different p-values with 1 and 2 threads"; }
cmp -s "$work/seed1.txt" "$work/seed3.txt" && { failed=$((failed + 1)); echo "FAIL: another seed gives the same p-values"; } || passed=$((passed + 1))
# Year over year.
check "render evolution" 0 "$tecsmap" render "$data/drome.toml" --theme evolution --out "$work/evo.png" --dpi 72 --quiet
check "render --year without evolution" 2 "$tecsmap" render "$data/drome.toml" --theme gaps --year 2024 --out "$work/evo.png" --quiet
check "render evolution, year without data" 2 "$tecsmap" render "$data/drome.toml" --theme evolution --year 1950 --out "$work/evo.png" --quiet
check "render hotspots" 0 "$tecsmap" render "$data/drome.toml" --theme hotspots --out "$work/hot.png" --dpi 72 --quiet
# Bad input, second campaign (issue 16). Every case: a clear answer, exit 3 when the input
# cannot be used at all, the run going on when only rows or features are bad.
b2="$work/bad2"
mkdir -p "$b2"
count() { # count GPKG SQL -> the integer of "SELECT count(*) AS n ..."
    ogrinfo -q -ro "$1" -sql "$2" 2>/dev/null | sed -n 's/^ *n (Integer[0-9]*) = //p'
}
equals() { # equals DESCRIPTION GOT WANT
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1: got '$2', expected '$3'"; fi
}
mkdir "$b2/dossier.toml"
check "study is a directory: validate" 3 timeout 60 "$tecsmap" validate "$b2/dossier.toml"
contains "directory named" "$work/out" "dossier.toml : c'est un répertoire"
check "study is a directory: analyse" 3 timeout 60 "$tecsmap" analyse "$b2/dossier.toml" --out "$b2/o.gpkg" --quiet
contains "directory: analyse says why" "$work/err" "répertoire"
mkfifo "$b2/tube.toml"
check "study is a FIFO" 3 timeout 60 "$tecsmap" validate "$b2/tube.toml"
contains "FIFO named" "$work/out" "FIFO"
check "study is /dev/zero: validate" 3 timeout 60 "$tecsmap" validate /dev/zero
check "study is /dev/zero: info" 3 timeout 60 "$tecsmap" info /dev/zero
contains "/dev/zero is a device" "$work/err" "périphérique"
truncate -s 50G "$b2/enorme.toml"
check "study of 50 GB" 3 timeout 60 "$tecsmap" analyse "$b2/enorme.toml" --out "$b2/o.gpkg" --quiet
contains "50 GB study refused with its size" "$work/err" "50 Gio"
mkfifo "$b2/tube.csv"
printf '[territory]\ndepartement = "26"\n[layers]\ninitiatives = "tube.csv"\n' >"$b2/fifo_layer.toml"
check "a layer that is a FIFO" 3 timeout 60 "$tecsmap" analyse "$b2/fifo_layer.toml" --out "$b2/o.gpkg" --quiet
contains "FIFO layer named" "$work/err" "tube.csv"
truncate -s 50G "$b2/enorme.csv"
printf '[territory]\ndepartement = "26"\n[layers]\ninitiatives = "enorme.csv"\n' >"$b2/huge_layer.toml"
check "a CSV layer of 50 GB" 3 timeout 60 "$tecsmap" analyse "$b2/huge_layer.toml" --out "$b2/o.gpkg" --quiet
contains "huge layer: the cap is named" "$work/err" "256 Mio"

# A TOML table header 50,000 levels deep: refused before parsing, no stack overflow.
{ printf '[territory]\ndepartement = "26"\n['; printf 'a.%.0s' $(seq 1 49999); printf 'a]\n'; } >"$b2/profond.toml"
check "deep TOML: validate" 3 timeout 60 "$tecsmap" validate "$b2/profond.toml"
contains "deep TOML: line named" "$work/out" "profond.toml, ligne 3 : imbrication trop profonde"
check "deep TOML: analyse" 3 timeout 60 "$tecsmap" analyse "$b2/profond.toml" --out "$b2/o.gpkg" --quiet
check "deep TOML: info" 3 timeout 60 "$tecsmap" info "$b2/profond.toml"
{ printf 'a = '; printf '{ b = %.0s' $(seq 1 30000); printf '1'; printf ' }%.0s' $(seq 1 30000); printf '\n'; } >"$b2/profond_inline.toml"
check "deep inline tables" 3 timeout 60 "$tecsmap" validate "$b2/profond_inline.toml"

# "*" mixed with codes: an error naming the study line.
printf '[territory]\ndepartement = ["26", "*"]\n' >"$b2/etoile.toml"
check "departement 26 and *" 3 "$tecsmap" analyse "$b2/etoile.toml" --out "$b2/o.gpkg" --quiet
contains "departement star: file and line" "$work/err" "etoile.toml, ligne 2"

# A perimeter with a NaN vertex (and others with +inf, 1e308): those are rejects, the run goes on.
if [ -n "$make_bad_geometry" ]; then
    "$make_bad_geometry" "$b2/per_nan.gpkg" 845000 6420000 10000
    printf '[territory]\ndepartement = "26"\n[layers]\nperimeters = "per_nan.gpkg"\n' >"$b2/per_nan.toml"
    check "perimeter with a NaN vertex: analyse goes on" 0 "$tecsmap" analyse "$b2/per_nan.toml" --out "$b2/per_nan_out.gpkg" --quiet
    equals "perimeters rejected" "$(count "$b2/per_nan_out.gpkg" "SELECT count(*) AS n FROM rejects WHERE layer = 'perimeters'")" 3
    equals "NaN vertex reason" "$(count "$b2/per_nan_out.gpkg" "SELECT count(*) AS n FROM rejects WHERE reason LIKE '%x = nan%' AND feature = 2")" 1
    equals "valid perimeter kept" "$(count "$b2/per_nan_out.gpkg" "SELECT count(*) AS n FROM perimeters")" 1
    check "perimeter with a NaN vertex: validate" 0 "$tecsmap" validate "$b2/per_nan.toml" --json
    contains "validate names the NaN vertex" "$work/out" "coordonnée non finie (x = nan"
else
    failed=$((failed + 1)); echo "FAIL: tecsmap-make-bad-geometry not given (4th argument)"
fi

# CSV: an inch mark in a title is a character, the following rows are separate initiatives.
printf '[territory]\ndepartement = "26"\n[layers]\ninitiatives = "%s"\n' "$3/bad/inch_mark.csv" >"$b2/inch.toml"
check "inch mark: analyse" 0 "$tecsmap" analyse "$b2/inch.toml" --out "$b2/inch.gpkg" --quiet
equals "inch mark: 5 initiatives" "$(count "$b2/inch.gpkg" "SELECT count(*) AS n FROM initiatives")" 5
equals "inch mark: title kept" "$(count "$b2/inch.gpkg" "SELECT count(*) AS n FROM initiatives WHERE title = 'Atelier vélo 28\" – Valence'")" 1
# An unterminated quote: its row is set aside, the 5 rows around it are read.
printf '[territory]\ndepartement = "26"\n[layers]\ninitiatives = "%s"\n' "$3/bad/unterminated_quote.csv" >"$b2/unterminated.toml"
check "unterminated quote: analyse" 0 "$tecsmap" analyse "$b2/unterminated.toml" --out "$b2/unterminated.gpkg" --quiet
equals "unterminated quote: the rows after it are read" "$(count "$b2/unterminated.gpkg" "SELECT count(*) AS n FROM initiatives WHERE title LIKE 'Après%'")" 3
equals "unterminated quote: no row swallowed" "$(count "$b2/unterminated.gpkg" "SELECT count(*) AS n FROM initiatives")" 5
# A 10 MB line: the rows after it are read.
{
    printf 'titre;longitude;latitude\nAvant;4,89;44,93\n'
    head -c 10485760 /dev/zero | tr '\0' x
    printf ';4,89;44,93\n'
    for i in $(seq 1 20); do printf 'Après %s;4,89;44,93\n' "$i"; done
} >"$b2/long.csv"
printf '[territory]\ndepartement = "26"\n[layers]\ninitiatives = "long.csv"\n' >"$b2/long.toml"
check "10 MB line: analyse" 0 timeout 120 "$tecsmap" analyse "$b2/long.toml" --out "$b2/long.gpkg" --quiet
equals "10 MB line: the 21 other rows read" "$(count "$b2/long.gpkg" "SELECT count(*) AS n FROM initiatives")" 21
equals "10 MB line: the last row at its physical line" "$(count "$b2/long.gpkg" "SELECT count(*) AS n FROM initiatives WHERE title = 'Après 20' AND source LIKE '%, ligne 23'")" 1

# The bad-input corpus: each study gets its diagnosis from `validate --json`.
bad=$3/bad
while read -r study want text; do
    check "validate $study" "$want" "$tecsmap" validate "$bad/$study" --json
    contains "validate $study diagnosis" "$work/out" "$text"
done <"$bad/expected.txt"
check "validate text report" 0 "$tecsmap" validate "$data/drome.toml"
contains "validate says analysable" "$work/out" "peut être analysée"

# Issue 11: the default study is honest (no warning about its own data, the programme's
# counts), placement statistics are printed, ctg_indicators_by_year has the contract's fields.
contains "default study: no warning" "$work/out" "(0 erreur(s), 0 avertissement(s))"
contains "validate prints placement" "$work/out" "initiatives : 86 lignes, 82 par coordonnées, 0 par adresse, 4 par commune, 0 non placée"
check "analyse prints placement" 0 "$tecsmap" analyse "$data/drome.toml" --out "$work/avs.gpkg" --quiet
contains "analyse placement line" "$work/out" "Placement des structures : 30 lignes"
contains "analyse says what is demonstration data" "$work/out" "Données de démonstration"
contains "coverage wording follows coverage_types" "$work/out" "d'un centre social ou d'un EVS"
head -1 "$work/avs-ctg_indicators_by_year.csv" | tr -d '\r' >"$work/by_year_header"
printf '\xef\xbb\xbfctg_code;year;initiatives;initiatives_change;bonus_interne;bonus_externe;bonus_transversale;ambassadors\n' >"$work/by_year_expected"
cmp -s "$work/by_year_header" "$work/by_year_expected" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: ctg_indicators_by_year header: $(cat "$work/by_year_header")"; }
# 44 initiatives in 2021, 42 in 2022, summed over the CTGs of the CSV.
sums=$(awk -F';' 'NR > 1 { n[$2] += $3 } END { printf "%d,%d", n[2021], n[2022] }' "$work/avs-ctg_indicators_by_year.csv")
[ "$sums" = "44,42" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: initiatives per year $sums, expected 44,42"; }
reg=$(cd "$3/registers" && pwd)
check "register study: XLSX sheet and BAN" 0 "$tecsmap" validate "$reg/etude-registre.toml"
contains "register placement statistics" "$work/out" "structures : 118 lignes, 15 par coordonnées, 70 par adresse, 29 par commune, 4 non placées"
contains "unplaced row named with its line" "$work/out" "registre-structures-drome.xlsx, ligne 117"
mkdir -p "$work/sheet" && sed -e 's/sheet = "Structures"/sheet = "Registre CAF"/' -e "s|\"registre-structures-drome.xlsx\"|\"$reg/registre-structures-drome.xlsx\"|" -e "s|\"adresses-26-extrait.csv.gz\"|\"$reg/adresses-26-extrait.csv.gz\"|" "$reg/etude-registre.toml" >"$work/sheet/s.toml"
check "missing sheet" 3 "$tecsmap" validate "$work/sheet/s.toml"
contains "missing sheet names the file" "$work/out" "registre-structures-drome.xlsx"
contains "missing sheet lists the sheets" "$work/out" "« Structures »"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
