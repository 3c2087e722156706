"""The installer sources that cannot be built on every machine stay consistent: icon, scripts, metadata."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
INSTALLERS = REPO / "installers"
sys.path.insert(0, str(INSTALLERS))

import make_icon  # noqa: E402


def test_icon_is_a_navy_shield_with_amber_rim_on_transparent_corners():
    image = make_icon.draw_icon()
    assert image.size == (512, 512) and image.mode == "RGBA"
    assert image.getpixel((4, 4))[3] == 0, "corners must be transparent"
    assert image.getpixel((256, 450))[:3] == make_icon.NAVY[:3]  # low in the shield, below the glyph
    colours = {rgba[:3] for _, rgba in image.getcolors(maxcolors=1_000_000) if rgba[3] == 255}
    assert make_icon.AMBER[:3] in colours and make_icon.WHITE[:3] in colours


def test_committed_icon_is_the_drawn_one():
    with Image.open(REPO / "assets" / "icons" / "jikimi.png") as committed:
        assert committed.size == (512, 512)
        drawn = make_icon.draw_icon()
        difference = sum(abs(a - b) for a, b in zip(committed.convert("RGBA").tobytes(), drawn.tobytes(),
                                                       strict=True))
        assert difference / (512 * 512 * 4) < 1.0, "assets/icons/jikimi.png is stale: run installers/make_icon.py"


def test_windows_and_macos_icons_hold_every_size(tmp_path):
    make_icon.main(["--png", str(tmp_path / "i.png"), "--ico", str(tmp_path / "i.ico"),
                    "--icns", str(tmp_path / "i.icns")])
    with Image.open(tmp_path / "i.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "i.icns") as icns:
        assert icns.format == "ICNS" and icns.size == (1024, 1024)  # 512 pt @2x, the largest entry


@pytest.mark.parametrize("script", ["build", "linux/install.sh", "linux/uninstall.sh", "linux/appimage/AppRun",
                                    "linux/appimage/make_appimage.sh", "macos/make_dmg.sh"])
def test_shell_scripts_parse_and_are_executable(script):
    path = INSTALLERS / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    shell = "sh" if script.endswith("AppRun") else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_linux_menu_entry_is_valid():
    result = subprocess.run(["desktop-file-validate", str(INSTALLERS / "linux" / "jikimi.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_windows_installer_offers_korean_and_english_and_installs_per_user():
    script = (INSTALLERS / "windows" / "jikimi.iss").read_text(encoding="utf-8")
    assert 'MessagesFile: "compiler:Languages\\Korean.isl"' in script
    assert 'MessagesFile: "compiler:Default.isl"' in script
    assert "PrivilegesRequired=lowest" in script and "{autoprograms}" in script
    # Every custom message exists in both languages.
    custom = [line.split("=", 1)[0] for line in script.splitlines() if line.startswith(("ko.", "en."))]
    assert sorted(n[3:] for n in custom if n.startswith("ko.")) == sorted(n[3:] for n in custom if n.startswith("en."))


def test_version_has_one_source():
    with open(REPO / "pyproject.toml", "rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    spec = (INSTALLERS / "jikimi.spec").read_text(encoding="utf-8")
    assert 'tomllib.load(handle)["project"]["version"]' in spec
    from desktop import __version__

    assert __version__ == version
