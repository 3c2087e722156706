"""Finding and encoding faces: in-process for one photo, in a worker pool for many."""

from __future__ import annotations

import numpy as np
from PIL import Image

from desktop.core.tasks import Cancelled, TaskContext
from desktop.faces.engine import analyse_image
from tests.unit.faces.conftest import fixture_bytes, jpeg_bytes


def test_a_portrait_gives_one_face_with_an_encoding(portrait_analyses):
    analysis = portrait_analyses["obama.jpg"]
    assert analysis.error is None
    assert (analysis.width, analysis.height) == (512, 640)
    assert len(analysis.identifiable_faces) == 1
    face = analysis.faces[0]
    assert len(face.encoding) == 128
    assert 100 < face.size_px < 400 and face.box.left < face.box.right <= 512
    assert face.frontality > 0.6 and face.sharpness > 0.8


def test_same_person_is_near_and_another_person_is_far(portrait_analyses):
    def enc(name):
        return np.array(portrait_analyses[name].faces[0].encoding)

    assert np.linalg.norm(enc("obama.jpg") - enc("obama2.jpg")) < 0.5
    assert np.linalg.norm(enc("obama.jpg") - enc("biden.jpg")) > 0.6


def test_a_photo_without_a_face_has_no_faces():
    analysis = analyse_image(jpeg_bytes(Image.new("RGB", (400, 300), (120, 160, 200))))
    assert analysis.error is None and analysis.faces == () and analysis.too_small == 0


def test_a_tiny_face_is_found_and_either_identified_or_counted_too_small_with_its_box(monkeypatch):
    from desktop.faces import engine

    tiny = Image.open(__import__("io").BytesIO(fixture_bytes("obama.jpg")))
    tiny.thumbnail((120, 150))
    canvas = Image.new("RGB", (480, 600), (230, 230, 230))
    canvas.paste(tiny, (180, 220))
    data = jpeg_bytes(canvas, quality=95)
    analysis = analyse_image(data)
    assert len(analysis.identifiable_faces) == 1 and analysis.too_small == 0  # ~36 px: identified
    assert analysis.faces[0].size_px < 48
    monkeypatch.setattr(engine, "MIN_FACE_PX", 48)
    small = analyse_image(data)
    assert small.identifiable_faces == () and small.too_small == 1
    (box,) = small.small_faces
    assert 180 <= box.left < box.right <= 300 and 220 <= box.top < box.bottom <= 370
    assert not small.fully_checked


def test_bad_bytes_never_raise():
    assert analyse_image(b"").error == "faces.image_empty"
    assert analyse_image(b"GIF89a-broken").error in ("faces.image_corrupt", "faces.image_unsupported")
    data = fixture_bytes("biden.jpg")
    assert analyse_image(data[:4000]).error == "faces.image_corrupt"


def test_pool_analyses_many_and_returns_every_key(face_engine):
    items = [(name, fixture_bytes(name)) for name in ("obama.jpg", "obama2.jpg", "biden.jpg")]
    items.append(("broken", b"\x00" * 50))
    results = dict(face_engine.analyse_many(items))
    assert set(results) == {"obama.jpg", "obama2.jpg", "biden.jpg", "broken"}
    assert all(len(results[n].identifiable_faces) == 1 for n in ("obama.jpg", "obama2.jpg", "biden.jpg"))
    assert results["broken"].error == "faces.image_unsupported"


def test_pool_stops_when_cancelled(face_engine):
    ctx = TaskContext()
    seen = []
    items = ((i, fixture_bytes("obama.jpg")) for i in range(40))
    try:
        for key, _analysis in face_engine.analyse_many(items, ctx):
            seen.append(key)
            ctx.cancel()
    except Cancelled:
        pass
    else:
        raise AssertionError("cancel was ignored")
    assert 1 <= len(seen) < 40


def test_engine_import_does_not_load_dlib():
    import subprocess
    import sys

    code = "import sys, desktop.faces.engine, desktop.faces.matching; print('dlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
