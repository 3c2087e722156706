"""Build Jikimi's desktop bundle for the OS this runs on.

    uv run python installers/build.py            # or: installers/build
    uv run python installers/build.py --appimage # Linux: also an AppImage (needs appimagetool on PATH)
    uv run python installers/build.py --installer  # Windows: also the Inno Setup installer (needs iscc)
    uv run python installers/build.py --dmg      # macOS: also the .dmg (hdiutil)

Everything lands in dist/ (git-ignored); PyInstaller's work files in build/.

- all OSes: the icons (build/icons/jikimi.ico, .icns from assets/icons/jikimi.png), then the one-folder bundle
  dist/jikimi/ from installers/jikimi.spec;
- Linux: dist/jikimi-<version>-linux-<arch>.tar.gz with the bundle, install.sh/uninstall.sh (per-user install
  to ~/.local with a menu entry and icon) and the .desktop file;
- macOS: dist/Jikimi.app (the spec's BUNDLE step);
- Windows: dist/jikimi/jikimi.exe (windowed) and jikimi-cli.exe (console).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DIST = REPO / "dist"
BUILD = REPO / "build"
BUNDLE_NAME = "jikimi"


def project_version() -> str:
    with open(REPO / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def bundle_dir() -> Path:
    return DIST / BUNDLE_NAME


def executable() -> Path:
    """The console executable of the bundle (what the tests and `self-test` run)."""
    if sys.platform == "win32":
        return bundle_dir() / f"{BUNDLE_NAME}-cli.exe"
    return bundle_dir() / BUNDLE_NAME


def linux_arch() -> str:
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())


def tarball_path() -> Path:
    return DIST / f"{BUNDLE_NAME}-{project_version()}-linux-{linux_arch()}.tar.gz"


def make_icons() -> None:
    sys.path.insert(0, str(HERE))
    import make_icon

    icons = BUILD / "icons"
    png = REPO / "assets" / "icons" / "jikimi.png"
    if not png.exists():
        make_icon.main(["--png", str(png)])
    make_icon.main(["--png", str(icons / "jikimi.png"), "--ico", str(icons / "jikimi.ico"),
                    "--icns", str(icons / "jikimi.icns")])


def write_windows_version_info(version: str) -> Path:
    """The VERSIONINFO resource Windows shows in Explorer's Properties > Details."""
    parts = [int(p) for p in version.split(".")[:4] if p.isdigit()]
    parts += [0] * (4 - len(parts))
    numbers = ", ".join(str(p) for p in parts)
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({numbers}), prodvers=({numbers}), mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'The Jikimi authors'),
      StringStruct('FileDescription', 'Jikimi (지킴이)'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'jikimi'),
      StringStruct('LegalCopyright', 'MIT licence'),
      StringStruct('OriginalFilename', 'jikimi.exe'),
      StringStruct('ProductName', 'Jikimi'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200, 1042, 1200])])
  ]
)
"""
    target = BUILD / "windows-version-info.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def run_pyinstaller(clean: bool) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"), str(HERE / "jikimi.spec")]
    if clean:
        command.insert(3, "--clean")
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=REPO)


def make_linux_tarball() -> Path:
    """dist/jikimi-<version>-linux-<arch>.tar.gz: jikimi-<version>/{jikimi/, install.sh, uninstall.sh, …}."""
    version = project_version()
    top = f"{BUNDLE_NAME}-{version}"
    linux = HERE / "linux"
    target = tarball_path()

    def executable_bits(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle_dir(), arcname=f"{top}/{BUNDLE_NAME}", filter=executable_bits)
        for name in ("install.sh", "uninstall.sh", "jikimi.desktop"):
            tar.add(linux / name, arcname=f"{top}/{name}", filter=executable_bits)
        tar.add(REPO / "assets" / "icons" / "jikimi.png", arcname=f"{top}/jikimi.png", filter=executable_bits)
        tar.add(linux / "README-linux.txt", arcname=f"{top}/README.txt", filter=executable_bits)
        tar.add(REPO / "LICENSE", arcname=f"{top}/LICENSE", filter=executable_bits)
    return target


def make_appimage() -> None:
    script = HERE / "linux" / "appimage" / "make_appimage.sh"
    subprocess.run(["bash", str(script)], check=True, cwd=REPO)


def make_windows_installer(version: str) -> None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if not iscc and default.exists():
        iscc = str(default)
    if not iscc:
        raise SystemExit("Inno Setup's ISCC.exe was not found: install Inno Setup 6 (see installers/README.md).")
    subprocess.run([iscc, f"/DAppVersion={version}", str(HERE / "windows" / "jikimi.iss")], check=True, cwd=REPO)


def make_dmg() -> None:
    subprocess.run(["bash", str(HERE / "macos" / "make_dmg.sh")], check=True, cwd=REPO)


def smoke_check() -> None:
    """The bundle starts and knows its version (the full checks are tests/installer/test_frozen_app.py)."""
    result = subprocess.run([str(executable()), "--version"], capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or project_version() not in result.stdout:
        raise SystemExit(f"the frozen app did not start: {result.stdout}{result.stderr}")
    print(result.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Jikimi's desktop bundle for this OS into dist/.")
    parser.add_argument("--clean", action="store_true", help="throw away PyInstaller's cache first")
    parser.add_argument("--no-archive", action="store_true", help="Linux: skip the tarball")
    parser.add_argument("--appimage", action="store_true", help="Linux: also build an AppImage (appimagetool)")
    parser.add_argument("--installer", action="store_true", help="Windows: also build the Inno Setup installer")
    parser.add_argument("--dmg", action="store_true", help="macOS: also build the disk image")
    args = parser.parse_args(argv)

    started = time.monotonic()
    version = project_version()
    make_icons()
    if sys.platform == "win32":
        write_windows_version_info(version)
    if bundle_dir().exists():
        shutil.rmtree(bundle_dir())
    run_pyinstaller(args.clean)
    smoke_check()
    if sys.platform.startswith("linux"):
        if not args.no_archive:
            print(f"tarball: {make_linux_tarball()}")
        if args.appimage:
            make_appimage()
    elif sys.platform == "win32" and args.installer:
        make_windows_installer(version)
    elif sys.platform == "darwin" and args.dmg:
        make_dmg()
    print(f"built Jikimi {version} in {time.monotonic() - started:.0f} s: {bundle_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
