#!/usr/bin/env bash
# Installs the Debian 12 packages tecsmap needs to build and test. Idempotent; needs root
# (or sudo). Nothing is downloaded from anywhere but Debian's archive.
set -euo pipefail
packages=(
    build-essential cmake ninja-build ccache pkg-config
    libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data libsqlite3-dev
    libtomlplusplus-dev libssl-dev catch2
    libgoogle-perftools-dev  # tcmalloc for the programs (src/core/memory_allocator.hpp)
    clang libclang-rt-14-dev
    qt6-base-dev qt6-svg-dev fonts-dejavu-core file
    python3-openpyxl python3-odf  # regenerate tests/data/registers fixtures (make_fixtures.py)
    coinor-libcbc-dev python3-numpy
    libpq-dev postgresql-15 postgresql-15-postgis-3 postgresql-client-15
    dpkg-dev help2man librsvg2-bin gdal-data
    libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev
    python3-networkx python3-pyproj python3-gdal  # independent checks (access, suggest)
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all Debian packages already installed"
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
