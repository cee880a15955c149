#!/usr/bin/env bash
# The README's test command: installs the Debian packages, builds (Release) and runs the whole
# test suite with ctest on every core. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure --parallel "$(nproc)"
