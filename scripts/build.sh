#!/usr/bin/env bash
# Configures and builds tecsmap (Release, Ninja, ccache) into build/. Usage: scripts/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build build --parallel "$(nproc)"
