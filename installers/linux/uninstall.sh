#!/usr/bin/env bash
# Remove Jikimi installed by install.sh (same PREFIX). Your Jikimi data (people, scans, reports) is NOT
# deleted: it stays in ~/.local/share/Jikimi (or $JIKIMI_HOME); delete it in the app (Settings) or by hand.
set -euo pipefail
prefix="${PREFIX:-$HOME/.local}"
libdir="$prefix/lib/jikimi"
here="$(cd "$(dirname "$0")" && pwd)"
# Run from inside the installed copy, the install is where this script lives.
if [ -f "$here/install-manifest.txt" ]; then
  libdir="$here"
fi
if [ ! -d "$libdir" ]; then
  echo "uninstall.sh: Jikimi is not installed in $libdir (set PREFIX if you installed it elsewhere)." >&2
  exit 1
fi
if [ -f "$libdir/install-manifest.txt" ]; then
  while IFS= read -r path; do
    [ -n "$path" ] && rm -f -- "$path"
  done <"$libdir/install-manifest.txt"
fi
rm -rf -- "$libdir"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data_home/applications" || true
echo "Jikimi was removed from $libdir. Your data was kept."
