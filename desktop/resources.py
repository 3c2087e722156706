"""Bundled assets: fonts, content, translations, icons, demo material.

Looks in ``sys._MEIPASS/assets`` when frozen by PyInstaller, else ``<repo>/assets``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def assets_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"


def asset(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)


def font_files() -> list[Path]:
    return sorted(asset("fonts").glob("*.ttf"))


REGULAR_FONT = "NanumGothic.ttf"
BOLD_FONT = "NanumGothicBold.ttf"
FONT_FAMILY = "NanumGothic"
