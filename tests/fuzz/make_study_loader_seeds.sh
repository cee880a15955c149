#!/usr/bin/env bash
# Regenerates corpus/study_loader/: seeds for fuzz_study_loader in its input format, a repeat
# count R (2 bytes, little endian) then five parts P B M E S separated by NUL bytes; the study
# text is P + R×B + M + R×E + S.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/corpus/study_loader"
mkdir -p "$out"
seed() { # seed NAME R P B M E S
    local name=$1 r=$2
    {
        printf "\\x$(printf %02x $((r & 255)))\\x$(printf %02x $((r >> 8)))"
        printf '%s\0%s\0%s\0%s\0%s' "$3" "$4" "$5" "$6" "$7"
    } >"$out/$name"
}
nl=$'\n'
seed header 40000 '[' 'a.' 'a' '' "]$nl"
seed array_of_tables 40000 '[[' 'b.' 'b' '' "]]$nl"
seed dotted_key 40000 "[territory]${nl}departement = \"26\"$nl" 'x.' 'x = 1' '' "$nl"
seed arrays 40000 'a = ' '[' '1' ']' "$nl"
seed inline_tables 20000 'a = ' '{ b = ' '1' ' }' "$nl"
seed mixed 5000 'p = [' '{ c = [' '1' '] }' "]$nl"
seed string_of_dots 30000 'title = "' '[a.' '' '' "\"$nl"
seed multiline_string 10000 "[study]${nl}note = '''" "[[{{.$nl" '' '' "'''$nl"
seed comment 30000 '# ' 'a.[{' '' '' "${nl}x = 1$nl"
seed at_the_bound 31 '[' 'a.' 'a' '' "]$nl"
seed over_the_bound 32 '[' 'a.' 'a' '' "]$nl"
seed study 0 "[territory]${nl}departement = [\"26\", \"07\"]$nl[layers]${nl}perimeters = [{ path = \"p.csv\", columns = { kind = \"type\" } }]$nl[analysis]${nl}cluster_eps_km = 4$nl" '' '' '' ''
seed departement_star 0 "[territory]${nl}departement = [\"26\", \"*\"]$nl" '' '' '' ''
