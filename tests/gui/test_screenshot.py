"""``--screenshot`` renders a page offscreen: used by the docs and by the installer smoke test."""

import subprocess
import sys

import pytest
from PIL import Image


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screenshot_renders_the_home_screen(tmp_path, lang):
    target = tmp_path / f"home-{lang}.png"
    subprocess.run(
        [sys.executable, "-m", "desktop.app", "--lang", lang, "--demo", "--screenshot", str(target)],
        check=True,
        timeout=60,
    )
    image = Image.open(target)
    assert image.size == (1280, 860)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text and cards, not a blank window


def test_a_classroom_tv_sized_screenshot_of_the_classroom_page(tmp_path):
    target = tmp_path / "classroom-720.png"
    subprocess.run([sys.executable, "-m", "desktop.app", "--lang", "ko", "--demo", "--screenshot", str(target),
                    "--page", "classroom", "--size", "1280x720"], check=True, timeout=60)
    with Image.open(target) as image:
        assert image.size == (1280, 720)
