"""Draw Jikimi's app icon: a navy shield with a warm border and the Hangul syllable 지 (from 지킴이).

    uv run python installers/make_icon.py                 # writes assets/icons/jikimi.png (512×512, committed)
    uv run python installers/make_icon.py --ico X --icns Y  # also the Windows .ico / macOS .icns (build time)

Drawn at 4× and scaled down, so the edges are smooth at every size. The colours are the app's header navy
(#1f3a5f) and the Help button's amber (#f2b84b) from assets/style.qss.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
PNG_PATH = REPO / "assets" / "icons" / "jikimi.png"
FONT_PATH = REPO / "assets" / "fonts" / "NanumGothicBold.ttf"

NAVY = (31, 58, 95, 255)
AMBER = (242, 184, 75, 255)
WHITE = (255, 255, 255, 255)
SIZE = 512
SCALE = 4
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def _shield(size: int, inset: float) -> list[tuple[float, float]]:
    """A shield outline: flat top with rounded shoulders, straight sides, then curves meeting in a point."""
    left, right = size * (0.12 + inset), size * (0.88 - inset)
    top, bottom = size * (0.08 + inset), size * (0.94 - inset * 1.3)
    mid = size / 2
    shoulder = (right - left) * 0.12
    points: list[tuple[float, float]] = []
    # Top edge with a shallow dip in the middle, like a heraldic shield.
    steps = 24
    for i in range(steps + 1):
        t = i / steps
        x = left + shoulder + (right - left - 2 * shoulder) * t
        dip = (1 - (2 * t - 1) ** 2) * size * 0.025
        points.append((x, top + dip))
    # Right shoulder, side and lower curve to the point.
    side_end = top + (bottom - top) * 0.45
    points.append((right, top + shoulder))
    points.append((right, side_end))
    for i in range(1, steps + 1):
        t = i / steps
        # Quadratic Bézier from (right, side_end) via (right, bottom - …) to (mid, bottom).
        cx, cy = right, bottom - (bottom - side_end) * 0.25
        x = (1 - t) ** 2 * right + 2 * (1 - t) * t * cx + t**2 * mid
        y = (1 - t) ** 2 * side_end + 2 * (1 - t) * t * cy + t**2 * bottom
        points.append((x, y))
    for i in range(1, steps + 1):
        t = i / steps
        cx, cy = left, bottom - (bottom - side_end) * 0.25
        x = (1 - t) ** 2 * mid + 2 * (1 - t) * t * cx + t**2 * left
        y = (1 - t) ** 2 * bottom + 2 * (1 - t) * t * cy + t**2 * side_end
        points.append((x, y))
    points.append((left, top + shoulder))
    return points


def draw_icon(size: int = SIZE) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(_shield(big, 0.0), fill=AMBER)
    draw.polygon(_shield(big, 0.035), fill=NAVY)
    font = ImageFont.truetype(str(FONT_PATH), int(big * 0.46))
    # Centre the glyph's ink (not its advance box) a little above the shield's middle, where it looks centred.
    stroke = int(big * 0.008)  # a touch heavier than the font's bold, so it stays legible at 16 px
    box = draw.textbbox((0, 0), "지", font=font, stroke_width=stroke)
    width, height = box[2] - box[0], box[3] - box[1]
    x = (big - width) / 2 - box[0]
    y = big * 0.47 - height / 2 - box[1]
    draw.text((x, y), "지", font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_ico(image: Image.Image, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="ICO", sizes=ICO_SIZES)


def write_icns(target: Path) -> None:
    """Pillow writes .icns on every OS. Its largest entry is 512 pt @2x = 1024 px, so draw the master at 1024
    rather than upscale. On macOS `iconutil -c icns` from an .iconset folder would do the same."""
    target.parent.mkdir(parents=True, exist_ok=True)
    draw_icon(1024).save(target, format="ICNS")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", type=Path, default=PNG_PATH, help="where the 512×512 PNG goes")
    parser.add_argument("--ico", type=Path, help="also write a Windows .ico here")
    parser.add_argument("--icns", type=Path, help="also write a macOS .icns here")
    args = parser.parse_args(argv)
    image = draw_icon()
    args.png.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.png, format="PNG", optimize=True)
    print(f"wrote {args.png}")
    if args.ico:
        write_ico(image, args.ico)
        print(f"wrote {args.ico}")
    if args.icns:
        write_icns(args.icns)
        print(f"wrote {args.icns}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
