#!/usr/bin/env bash
# The README's main job: analyses the bundled Drôme default study into drome.gpkg (and
# drome-ctg_indicators.csv). Installs and builds first when needed. Extra arguments go to
# `tecsmap analyse` (e.g. --radius-km 8).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -x "$root/build/src/cli/tecsmap" ]; then
    "$root/scripts/install-deps.sh"
    "$root/scripts/build.sh"
fi
exec "$root/build/src/cli/tecsmap" analyse "$root/data/geo/drome.toml" --out "${OUT:-drome.gpkg}" "$@"
