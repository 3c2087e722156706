#!/usr/bin/env bash
# Pack dist/Jikimi.app (from installers/build.py on a Mac) into dist/Jikimi-<version>-macos-<arch>.dmg: a
# compressed disk image that opens to the app and an Applications shortcut to drag it onto.
#
#   bash installers/macos/make_dmg.sh          (or: uv run python installers/build.py --dmg)
#
# Signing (optional, needs an Apple Developer ID in the login keychain):
#   JIKIMI_CODESIGN_IDENTITY="Developer ID Application: Name (TEAMID)" bash installers/macos/make_dmg.sh
# signs the .app (hardened runtime) and the .dmg. Without it the app is ad-hoc signed, which runs on the
# Mac that built it; on other Macs users must right-click > Open the first time. Notarisation: see README.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
app="$repo/dist/Jikimi.app"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -n1)"
arch="$(uname -m)"
dmg="$repo/dist/Jikimi-${version}-macos-${arch}.dmg"

if [ "$(uname -s)" != "Darwin" ]; then
  echo "make_dmg.sh: hdiutil exists only on macOS; build the .dmg on a Mac." >&2
  exit 1
fi
if [ ! -d "$app" ]; then
  echo "make_dmg.sh: $app is missing; run 'uv run python installers/build.py' first." >&2
  exit 1
fi

identity="${JIKIMI_CODESIGN_IDENTITY:-}"
if [ -n "$identity" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$identity" "$app"
else
  codesign --force --deep --sign - "$app"
fi
codesign --verify --deep --strict "$app"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Jikimi ${version}" -srcfolder "$staging" -fs HFS+ -format UDZO -imagekey zlib-level=9 \
  -ov "$dmg"
if [ -n "$identity" ]; then
  codesign --force --timestamp --sign "$identity" "$dmg"
fi
hdiutil verify "$dmg"
echo "disk image: $dmg"
