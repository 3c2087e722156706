#!/usr/bin/env bash
# Turn the one-folder bundle (dist/jikimi, from installers/build.py) into dist/Jikimi-<version>-<arch>.AppImage.
#
# Needs appimagetool (https://github.com/AppImage/appimagetool, a single AppImage binary) on PATH or in
# $APPIMAGETOOL. It is not packaged by Debian and cannot be downloaded on the project's build machines, so there
# this script stops after laying out the AppDir and says so; on a machine that has the tool it finishes.
#
# AppDir layout (the AppImage specification's required files):
#   Jikimi.AppDir/AppRun                       -> runs usr/lib/jikimi/jikimi "$@"
#   Jikimi.AppDir/jikimi.desktop               -> the menu entry (Exec=jikimi, Icon=jikimi)
#   Jikimi.AppDir/jikimi.png, .DirIcon         -> the 512x512 icon
#   Jikimi.AppDir/usr/lib/jikimi/              -> the PyInstaller bundle
#   Jikimi.AppDir/usr/share/applications/jikimi.desktop, usr/share/icons/hicolor/512x512/apps/jikimi.png
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
bundle="$repo/dist/jikimi"
appdir="$repo/dist/Jikimi.AppDir"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -n1)"
arch="$(uname -m)"

if [ ! -x "$bundle/jikimi" ]; then
  echo "make_appimage.sh: $bundle/jikimi is missing; run installers/build first." >&2
  exit 1
fi

rm -rf "$appdir"
mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" "$appdir/usr/share/icons/hicolor/512x512/apps"
cp -a "$bundle" "$appdir/usr/lib/jikimi"
install -m 755 "$repo/installers/linux/appimage/AppRun" "$appdir/AppRun"
# Inside an AppImage the program is not on PATH: drop TryExec, keep Exec=jikimi (AppImage launchers rewrite it).
sed '/^TryExec=/d' "$repo/installers/linux/jikimi.desktop" >"$appdir/jikimi.desktop"
cp "$appdir/jikimi.desktop" "$appdir/usr/share/applications/jikimi.desktop"
install -m 644 "$repo/assets/icons/jikimi.png" "$appdir/jikimi.png"
install -m 644 "$repo/assets/icons/jikimi.png" "$appdir/usr/share/icons/hicolor/512x512/apps/jikimi.png"
ln -sfn jikimi.png "$appdir/.DirIcon"
echo "AppDir ready: $appdir"

tool="${APPIMAGETOOL:-$(command -v appimagetool || command -v appimagetool-${arch}.AppImage || true)}"
if [ -z "$tool" ]; then
  echo "appimagetool was not found (set APPIMAGETOOL=/path/to/appimagetool-${arch}.AppImage)." >&2
  echo "The AppDir is complete; the tarball from installers/build is the Linux download meanwhile." >&2
  exit 3
fi
out="$repo/dist/Jikimi-${version}-${arch}.AppImage"
ARCH="$arch" "$tool" --no-appstream "$appdir" "$out"
echo "AppImage: $out"
