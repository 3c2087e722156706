"""Shared, module-scoped face work so the models load once and the tests stay fast."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "faces"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def jpeg_bytes(image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


@pytest.fixture(scope="session")
def portrait_analyses():
    """The shipped portraits, analysed once for the whole run."""
    from desktop.faces.engine import analyse_image

    return {name: analyse_image(fixture_bytes(name)) for name in ("obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg")}


@pytest.fixture(scope="session")
def face_engine():
    from desktop.faces.engine import FaceEngine

    engine = FaceEngine(workers=2)
    yield engine
    engine.close()
