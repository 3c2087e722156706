#!/usr/bin/env bash
# Install Jikimi for the current user (no root needed):
#   ./install.sh            -> ~/.local/lib/jikimi, ~/.local/bin/jikimi, a menu entry and the icon
#   PREFIX=/opt/x ./install.sh   -> somewhere else (root only if that place needs it)
# Run ~/.local/lib/jikimi/uninstall.sh (or ./uninstall.sh) to remove it again; your data is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
[ -n "${PREFIX:-}" ] && data_home="$prefix/share"

libdir="$prefix/lib/jikimi"
bindir="$prefix/bin"
appdir="$data_home/applications"
icondir="$data_home/icons/hicolor/512x512/apps"

if [ ! -x "$here/jikimi/jikimi" ]; then
  echo "install.sh: $here/jikimi/jikimi is missing; run this script from the unpacked Jikimi folder." >&2
  exit 1
fi

echo "Installing Jikimi into $libdir"
mkdir -p "$prefix/lib" "$bindir" "$appdir" "$icondir"
rm -rf "$libdir.new"
cp -a "$here/jikimi" "$libdir.new"
cp "$here/uninstall.sh" "$libdir.new/uninstall.sh"
chmod 755 "$libdir.new/uninstall.sh"
rm -rf "$libdir"
mv "$libdir.new" "$libdir"
ln -sfn "$libdir/jikimi" "$bindir/jikimi"
cp "$here/jikimi.png" "$icondir/jikimi.png"
# The menu entry names the installed program by its full path, so it works even where ~/.local/bin is not on PATH.
sed -e "s|^Exec=.*|Exec=\"$libdir/jikimi\"|" -e "s|^TryExec=.*|TryExec=$libdir/jikimi|" \
  "$here/jikimi.desktop" >"$appdir/jikimi.desktop"
chmod 644 "$appdir/jikimi.desktop"
# Remember where everything went, for uninstall.sh.
cat >"$libdir/install-manifest.txt" <<MANIFEST
$bindir/jikimi
$appdir/jikimi.desktop
$icondir/jikimi.png
MANIFEST

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$appdir" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data_home/icons/hicolor" || true

echo "Done. Start Jikimi from your applications menu, or run: $bindir/jikimi"
case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "($bindir is not on your PATH; the menu entry works regardless.)" ;;
esac
echo "To remove it: $libdir/uninstall.sh"
