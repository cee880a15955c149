#!/usr/bin/env bash
# Builds the Debian package (cpack -G DEB), checks its name, metadata and contents, extracts it
# into a throwaway root (dpkg-deb -x) and runs the installed programs from there only: the
# source tree is hidden (a private mount namespace with an empty directory over it) so that a
# binary that still reached for its compiled-in source paths would fail.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build=$1 src=$2 version=$3
fail() { echo "ÉCHEC : $*"; exit 1; }
cd "$build"
rm -f tecsmap_*.deb
cpack -G DEB >cpack.log 2>&1 || { cat cpack.log; fail "cpack"; }
deb=$build/tecsmap_${version}_amd64.deb
[ -f "$deb" ] || { ls; fail "paquet $deb absent"; }
echo "ok : $(basename "$deb") ($(du -h "$deb" | cut -f1))"

info=$(dpkg-deb -I "$deb")
depends=$(echo "$info" | sed -n 's/^ Depends: //p')
echo "Depends: $depends"
for d in libgdal libgeos-c proj-data gdal-data fonts-dejavu-core libpq5 libc6; do
    [[ $depends == *"$d"* ]] || fail "Depends sans $d"
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/tecsmap ./usr/share/tecsmap/data/geo/drome.toml \
    ./usr/share/tecsmap/data/geo/cog_communes.csv ./usr/share/tecsmap/styles/tecsmap.toml \
    ./usr/share/tecsmap/sql/01_reference.sql ./usr/share/tecsmap/sql/02_caf.sql \
    ./usr/share/man/man1/tecsmap.1.gz ./usr/share/icons/hicolor/scalable/apps/tecsmap.svg \
    ./usr/share/doc/tecsmap/docs/postgis.md; do
    grep -q " $f\$" <<<"$contents" || fail "$f absent du paquet"
done
gui=0
if grep -q " ./usr/bin/tecsmap-gui$" <<<"$contents"; then
    gui=1
    for f in ./usr/share/applications/tecsmap-gui.desktop ./usr/share/man/man1/tecsmap-gui.1.gz \
        ./usr/share/icons/hicolor/48x48/apps/tecsmap.png; do
        grep -q " $f\$" <<<"$contents" || fail "$f absent du paquet"
    done
fi
echo "ok : contenu (interface graphique : $gui)"

root=$(mktemp -d /tmp/tecsmap-pkg.XXXXXX)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
[ "$gui" = 0 ] || grep -q "^Name\[fr\]=" "$root/usr/share/applications/tecsmap-gui.desktop"
zcat "$root/usr/share/man/man1/tecsmap.1.gz" | grep -q "^.SH NOM" || fail "page de manuel"

mirror=${TECSMAP_GEO_MIRROR:-$(cd "$src/.." && pwd)/shared/geo/france-geojson}
[ -d "$mirror" ] || fail "miroir des contours absent : $mirror"
mkdir -p "$root/work" "$root/home"
cat >"$root/work/run.sh" <<SH
set -euo pipefail
cd "$root/work"
export HOME="$root/home" TECSMAP_GEO_MIRROR="$mirror" TECSMAP_CACHE_DIR="$root/cache"
unset TECSMAP_DATA_DIR TECSMAP_STYLES_DIR
[ -e "$src/CMakeLists.txt" ] && echo "(arbre source visible)" || echo "(arbre source masqué)"
"$root/usr/bin/tecsmap" info "$root/usr/share/tecsmap/data/geo/drome.toml"
"$root/usr/bin/tecsmap" analyse "$root/usr/share/tecsmap/data/geo/drome.toml" --out drome.gpkg --quiet
ogrinfo -q -sql "SELECT count(*) AS n FROM communes" drome.gpkg | grep -q "n (Integer) = 362"
ogrinfo -q -sql "SELECT count(*) AS n FROM layer_styles" drome.gpkg | grep -q "n (Integer) = 8"
if [ "$gui" = 1 ]; then
    QT_QPA_PLATFORM=offscreen "$root/usr/bin/tecsmap-gui" --help | head -3
fi
echo "ok : programmes installés"
SH
# Hide the source tree (and so its build directories) when we may.
if unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private bash -c "mount -t tmpfs tmpfs '$src' && bash '$root/work/run.sh'" |
        tee run.log
    grep -q "arbre source masqué" run.log || fail "arbre source non masqué"
else
    echo "(unshare indisponible : l'arbre source reste visible)"
    bash "$root/work/run.sh"
fi
echo "package_test: tout est bon"
