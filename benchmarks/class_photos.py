"""Synthetic class photos with the truth of who sits where, built from real faces.

    uv run python benchmarks/class_photos.py [--photos 8] [--seed 14] [--out benchmarks/out/class]

Reads ``../shared/data/faces-lfw/`` (12 identities, 250x250 photos) and ``../shared/data/faces/`` (the
face_recognition project's photos); exits with a reason when they are absent. Writes, under ``--out``:

- ``known/``: the first three LFW photos of every LFW identity, named ``<Identity>_1.jpg`` … ``_3.jpg`` (the
  enrolment; Jikimi groups names that differ by a trailing number, the peer prints each file);
- ``photos-4000/``: class photos at 4000x3000 (JPEG quality 90, as a camera writes them);
- ``photos-1080/``: the same photos at 1080x810, re-encoded at quality 80 (as a school site or SNS serves them);
- ``truth.json``: per photo, every seated face: identity (``stranger:<name>`` for the people of
  ``faces/`` who are not enrolled), source photo, box ``[x, y, w, h]`` in each copy's pixels, row, and whether
  it is partly covered (a raised hand, a glass) or cut by the photo's edge.

A photo holds 20–25 people in four rows on a classroom-like background (wall, board, windows, floor). Face widths
(dlib's face box, the measure every benchmark here uses) by row, back to front: 60–80, 85–115, 115–150 and
150–200 px at 4000 px (so 16–22, 23–31, 31–41 and 41–54 px at 1080). One or two faces per photo are partly
covered, and one sits half outside the left or right edge. Each person's head-and-shoulders is cut out of its
photo with a soft oval mask and set on a body (a school uniform), rows drawn back to front.

The seats use the LFW photos not in ``known/`` and the photos of ``faces/`` (strangers), at most two photos of
one identity per class photo, so a photo holds several people the matcher must tell apart.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
LFW = DATA / "faces-lfw"
FACES = DATA / "faces"
OUT = ROOT / "benchmarks" / "out" / "class"

SIZE = (4000, 3000)
SMALL = (1080, 810)
KNOWN_PER_IDENTITY = 3
# Rows back to front: (face width range at 4000 px, y of the face centre as a fraction of the height).
ROWS = (((60, 80), 0.36), ((85, 115), 0.46), ((115, 150), 0.59), ((150, 200), 0.77))
STRANGERS = {
    "biden": ["examples/biden.jpg", "examples/knn_examples/train/biden/biden2.jpg"],
    "kit_harington": ["examples/knn_examples/train/kit_harington/john1.jpeg",
                      "examples/knn_examples/train/kit_harington/john2.jpeg"],
    "rose_leslie": ["examples/knn_examples/train/rose_leslie/img1.jpg",
                    "examples/knn_examples/train/rose_leslie/img2.jpg"],
    "alex_lacamoire": ["examples/knn_examples/train/alex_lacamoire/img1.jpg", "examples/alex-lacamoire.png"],
    "obama": ["examples/obama.jpg", "examples/obama2.jpg", "tests/test_images/obama3.jpg"],
    "lin_manuel_miranda": ["examples/lin-manuel-miranda.png"],
}


@dataclass
class Portrait:
    identity: str
    source: str  # path relative to ../shared/data
    image: Image.Image  # RGB
    box: tuple[int, int, int, int]  # dlib face box in the source: left, top, right, bottom


def data_present() -> str | None:
    """None when the shared photos are there, else the reason to skip."""
    if not LFW.is_dir() or not FACES.is_dir():
        return f"needs {LFW} and {FACES} (../shared/data, see its README)"
    return None


def _face_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """dlib's face box nearest the centre (upsampled once: LFW faces are ~100 px)."""
    import dlib

    detector = _face_box.detector = getattr(_face_box, "detector", None) or dlib.get_frontal_face_detector()
    pixels = np.asarray(image)
    rects = detector(pixels, 1)
    if not rects:
        return None
    cx, cy = image.width / 2, image.height / 2
    best = min(rects, key=lambda r: ((r.left() + r.right()) / 2 - cx) ** 2 + ((r.top() + r.bottom()) / 2 - cy) ** 2)
    return best.left(), best.top(), best.right(), best.bottom()


def load_portraits() -> tuple[dict[str, list[Path]], list[Portrait]]:
    """The enrolment photos per LFW identity, and every seat portrait (with its face box)."""
    known: dict[str, list[Path]] = {}
    seats: list[Portrait] = []
    for folder in sorted(p for p in LFW.iterdir() if p.is_dir()):
        photos = sorted(folder.glob("*.jpg"))
        known[folder.name] = photos[:KNOWN_PER_IDENTITY]
        for path in photos[KNOWN_PER_IDENTITY:]:
            seats.append(_portrait(folder.name, path))
    for name, paths in STRANGERS.items():
        for relative in paths:
            path = FACES / relative
            if path.is_file():
                seats.append(_portrait(f"stranger:{name}", path))
    return known, [s for s in seats if s is not None]


def _portrait(identity: str, path: Path) -> Portrait | None:
    image = Image.open(path)
    image.load()
    image = image.convert("RGB")
    if max(image.size) > 1000:
        image.thumbnail((1000, 1000), Image.Resampling.LANCZOS)
    box = _face_box(image)
    if box is None:
        return None
    return Portrait(identity, str(path.relative_to(DATA)), image, box)


def _background(rng: np.random.Generator) -> Image.Image:
    width, height = SIZE
    wall = np.array(rng.choice([[214, 204, 180], [190, 205, 190], [205, 200, 210], [225, 220, 205]]), float)
    floor = np.array(rng.choice([[150, 110, 80], [120, 120, 125], [170, 140, 100]]), float)
    horizon = int(height * rng.uniform(0.62, 0.7))
    small_w, small_h = width // 8, height // 8
    shade = np.linspace(0.85, 1.05, small_h)[:, None, None]
    base = np.ones((small_h, small_w, 3)) * wall * shade
    base[horizon // 8:] = floor * np.linspace(0.9, 1.1, small_h - horizon // 8)[:, None, None]
    base += rng.normal(0, 4, base.shape)
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)).resize(SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    # A board, windows and a few posters on the wall.
    board_left = int(width * rng.uniform(0.15, 0.35))
    draw.rectangle([board_left, 180, board_left + 1800, 900], fill=(40, 70, 55), outline=(120, 90, 60), width=30)
    for number in range(int(rng.integers(2, 4))):
        x = int(rng.uniform(0, width - 500)) if number else width - 620
        draw.rectangle([x, 120, x + 480, 760], fill=(200, 225, 245), outline=(240, 240, 240), width=24)
        draw.line([x + 240, 120, x + 240, 760], fill=(240, 240, 240), width=16)
    for _ in range(4):
        x, y = int(rng.uniform(0, width - 300)), int(rng.uniform(80, 900))
        colour = tuple(int(c) for c in rng.integers(60, 240, 3))
        draw.rectangle([x, y, x + int(rng.uniform(150, 300)), y + int(rng.uniform(200, 380))], fill=colour)
    return image


def _oval_mask(size: tuple[int, int], feather: float) -> Image.Image:
    width, height = size
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse([width * 0.06, height * 0.02, width * 0.94, height * 1.25], fill=255)
    return mask.filter(ImageFilter.GaussianBlur(max(1.0, feather)))


def _place(canvas: Image.Image, portrait: Portrait, face_width: float, centre: tuple[float, float],
           rng: np.random.Generator) -> tuple[float, float, float, float]:
    """Paste the portrait's head and shoulders with its face box ``face_width`` wide, centred at ``centre``, on a
    body. Returns the face box (x, y, w, h) in canvas pixels (not clipped)."""
    left, top, right, bottom = portrait.box
    box_w, box_h = right - left, bottom - top
    scale = face_width / box_w
    # Head and shoulders: 2.1 face widths across, from 0.8 face heights above the box to 1.2 below it.
    crop = (left - 0.55 * box_w, top - 0.8 * box_h, right + 0.55 * box_w, bottom + 1.2 * box_h)
    region = portrait.image.crop(tuple(int(round(v)) for v in crop))  # outside the photo: black, masked below
    size = (max(2, round(region.width * scale)), max(2, round(region.height * scale)))
    region = region.resize(size, Image.Resampling.LANCZOS)
    cx, cy = centre
    face_x = cx - face_width / 2
    face_y = cy - box_h * scale / 2
    paste_x = round(face_x - 0.55 * box_w * scale)
    paste_y = round(face_y - 0.8 * box_h * scale)
    # The body: a uniform under the head, wider than the shoulders.
    colour = tuple(int(c) for c in rng.choice([[30, 40, 90], [235, 235, 240], [60, 60, 65], [120, 30, 40]]))
    body_top = face_y + box_h * scale * 1.05
    ImageDraw.Draw(canvas).rounded_rectangle(
        [cx - face_width * 1.25, body_top, cx + face_width * 1.25, body_top + face_width * 3.2],
        radius=int(face_width * 0.5), fill=colour)
    inside = Image.new("L", portrait.image.size, 255).crop(tuple(int(round(v)) for v in crop)).resize(size)
    mask = Image.fromarray(np.minimum(np.asarray(_oval_mask(size, face_width * 0.05)), np.asarray(inside)))
    canvas.paste(region, (paste_x, paste_y), mask)
    return face_x, face_y, face_width, box_h * scale


def _cover(canvas: Image.Image, box, kind: str, rng: np.random.Generator) -> None:
    """A raised hand over one side of the face, or a glass held in front of its lower half."""
    x, y, w, h = box
    draw = ImageDraw.Draw(canvas, "RGBA")
    if kind == "hand":
        side = rng.choice([-1, 1])
        hx = x + w * (0.62 if side > 0 else -0.22)
        skin = tuple(int(c) for c in rng.choice([[224, 180, 150], [200, 150, 120], [170, 120, 90]]))
        draw.rounded_rectangle([hx, y + h * 0.15, hx + w * 0.6, y + h * 1.6], radius=int(w * 0.2), fill=skin)
    else:
        draw.rectangle([x + w * 0.15, y + h * 0.55, x + w * 0.85, y + h * 1.5], fill=(200, 230, 255, 110),
                       outline=(240, 250, 255, 200), width=max(2, int(w * 0.04)))


def build(count: int, seed: int, out: Path) -> dict:
    reason = data_present()
    if reason:
        raise SystemExit(f"skipped: {reason}")
    rng = np.random.default_rng(seed)
    known, seats = load_portraits()
    if out.exists():
        shutil.rmtree(out)
    (out / "known").mkdir(parents=True)
    big_dir, small_dir = out / "photos-4000", out / "photos-1080"
    big_dir.mkdir()
    small_dir.mkdir()
    for identity, paths in known.items():
        for number, path in enumerate(paths, start=1):
            shutil.copy(path, out / "known" / f"{identity}_{number}.jpg")
    truth: dict = {"sizes": {"4000": list(SIZE), "1080": list(SMALL)}, "photos": {}}
    ratio = SMALL[0] / SIZE[0]
    for index in range(count):
        canvas = _background(rng)
        per_row = [int(rng.integers(6, 8)), int(rng.integers(5, 7)), int(rng.integers(5, 7)), int(rng.integers(4, 6))]
        order = rng.permutation(len(seats))
        used: dict[str, int] = {}
        chosen: list[Portrait] = []
        for i in order:
            portrait = seats[i]
            if used.get(portrait.identity, 0) >= 2:
                continue
            used[portrait.identity] = used.get(portrait.identity, 0) + 1
            chosen.append(portrait)
            if len(chosen) == sum(per_row):
                break
        faces = []
        edge_row = int(rng.integers(1, 4))
        covered = set(rng.choice(sum(per_row), size=int(rng.integers(1, 3)), replace=False).tolist())
        seat = 0
        for row, ((low, high), y_frac) in enumerate(ROWS):
            n = per_row[row]
            # Shoulder to shoulder: about three face widths from one face to the next.
            span = min(SIZE[0] * 0.92, (n - 1) * (low + high) / 2 * float(rng.uniform(2.6, 3.4)))
            xs = np.linspace((SIZE[0] - span) / 2, (SIZE[0] + span) / 2, n)
            if row == edge_row:  # this row's outermost person sits half outside the photo
                side = rng.choice([0, n - 1])
                xs[side] = 0 if side == 0 else SIZE[0]
            for col in range(n):
                portrait = chosen[seat]
                width = float(rng.uniform(low, high))
                centre = (xs[col] + rng.uniform(-0.15, 0.15) * width if xs[col] not in (0, SIZE[0]) else xs[col],
                          SIZE[1] * y_frac + rng.uniform(-0.3, 0.3) * width)
                box = _place(canvas, portrait, width, centre, rng)
                cover = None
                if seat in covered and xs[col] not in (0, SIZE[0]):
                    cover = str(rng.choice(["hand", "glass"]))
                    _cover(canvas, box, cover, rng)
                x, y, w, h = box
                clipped_x0, clipped_x1 = max(0.0, x), min(float(SIZE[0]), x + w)
                faces.append({
                    "identity": portrait.identity,
                    "source": portrait.source,
                    "row": row,
                    "width_4000": round(w, 1),
                    "box_4000": [round(clipped_x0), round(y), round(clipped_x1 - clipped_x0), round(h)],
                    "box_1080": [round(clipped_x0 * ratio), round(y * ratio), round((clipped_x1 - clipped_x0) * ratio),
                                 round(h * ratio)],
                    "covered": cover,
                    "edge": bool(clipped_x1 - clipped_x0 < w * 0.95),
                    "visible": round((clipped_x1 - clipped_x0) / w, 2),
                })
                seat += 1
        noisy = np.asarray(canvas, dtype=np.float32) + rng.normal(0, 2.5, (SIZE[1], SIZE[0], 3)).astype(np.float32)
        canvas = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
        name = f"class{index:02d}.jpg"
        canvas.save(big_dir / name, quality=90)
        canvas.resize(SMALL, Image.Resampling.LANCZOS).save(small_dir / name, quality=80)
        truth["photos"][name] = faces
        print(f"{name}: {len(faces)} faces", file=sys.stderr)
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    reason = data_present()
    if reason:
        print(f"skipped: {reason}")
        return 0
    build(args.photos, args.seed, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
