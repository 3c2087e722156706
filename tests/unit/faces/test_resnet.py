"""dlib's face-recognition ResNet run in numpy (desktop/faces/resnet.py) gives dlib's descriptors.

A descriptor that differed from dlib's would silently change who is named, so each check runs dlib's own
encoder beside the numpy one on the same faces and compares every component."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop.faces import resnet
from desktop.faces.engine import _Models, encode_faces
from desktop.faces.models import load_face_net, model_paths
from tests.conftest import REPO_ROOT

# Observed on the portraits below: 4.6e-7 per component at most, 1.6e-6 in distance (float32 rounding; the
# faces' descriptors have a norm of ~1.4 and the matcher's thresholds are ~0.4-0.6 apart).
MAX_COMPONENT = 1e-5
MAX_DISTANCE = 1e-4

PORTRAITS = sorted([*(REPO_ROOT / "assets" / "demo" / "enrol").glob("*.jpg"),
                    *(REPO_ROOT / "tests" / "fixtures" / "faces").glob("*.jpg")])


@pytest.fixture(scope="module")
def models() -> _Models:
    return _Models.get()


def _faces(models: _Models, path: Path):
    pixels = np.asarray(Image.open(path).convert("RGB"))
    shapes = models.dlib.full_object_detections()
    for rect in models.detector(pixels, 1):
        shapes.append(models.landmarks(pixels, rect))
    return pixels, shapes


def _dlib_descriptors(models: _Models, pixels, shapes) -> np.ndarray:
    return np.array([list(d) for d in models.encoder.compute_face_descriptor(pixels, shapes, 1)])


def _assert_same(ours: np.ndarray, theirs: np.ndarray) -> None:
    assert ours.shape == theirs.shape and ours.dtype == np.float64
    assert np.abs(ours - theirs).max() < MAX_COMPONENT
    assert np.linalg.norm(ours - theirs, axis=1).max() < MAX_DISTANCE


def test_the_engine_encodes_with_the_numpy_network(models):
    assert isinstance(models.net, resnet.FaceNet)
    convolutions = [op for op in models.net.ops if op.kind == "conv"]
    assert len(convolutions) == 1 + 2 * 14  # the first, then two in each of the 14 residual blocks
    assert sum(op.kind == "add_prev" for op in models.net.ops) == 14


def test_the_model_reads_quickly():
    start = time.perf_counter()
    resnet.FaceNet(model_paths()["encoder"])
    assert time.perf_counter() - start < 2.0  # ~0.1 s, the check included; generous for a loaded CI machine


@pytest.mark.parametrize("path", PORTRAITS, ids=lambda p: p.name)
def test_descriptors_are_dlibs_on_the_shipped_portraits(models, path):
    pixels, shapes = _faces(models, path)
    assert len(shapes) == 1
    _assert_same(encode_faces(models, pixels, shapes), _dlib_descriptors(models, pixels, shapes))


def test_many_chips_in_several_batches_are_each_dlibs(models):
    """More faces than one batch, the chips all different (each portrait, mirrored, darker): the batching
    changes nothing."""
    chips = []
    for path in PORTRAITS:
        pixels, shapes = _faces(models, path)
        chip = np.asarray(models.dlib.get_face_chip(pixels, shapes[0], size=150, padding=0.25))
        chips += [chip, chip[:, ::-1].copy(), (chip * 0.7).astype(np.uint8)]
    assert len(chips) > 16
    theirs = np.array([list(d) for d in models.encoder.compute_face_descriptor(chips, 1)])
    _assert_same(models.net.describe(chips, batch=8), theirs)
    _assert_same(models.net.describe(np.stack(chips), batch=5), theirs)


def test_no_face_gives_no_descriptor(models):
    pixels = np.zeros((60, 80, 3), np.uint8)
    assert encode_faces(models, pixels, models.dlib.full_object_detections()).shape == (0, 128)
    assert models.net.describe([]).shape == (0, 128)


def test_the_reference_descriptor_is_dlibs(models):
    """The load-time check compares with these values: they are what dlib gives with the shipped model (when
    face_recognition_models ships another file, this fails: the numpy network then falls back to dlib until
    REFERENCE_DESCRIPTOR is regenerated)."""
    theirs = np.array(list(models.encoder.compute_face_descriptor(resnet.reference_chip(), 1)))
    assert np.abs(theirs - np.array(resnet.REFERENCE_DESCRIPTOR)).max() < 1e-7
    assert np.abs(models.net.describe([resnet.reference_chip()])[0] - theirs).max() < MAX_COMPONENT


@pytest.mark.shared
def test_descriptors_are_dlibs_on_the_shared_faces(models, shared_data):
    """Every face of the shared example photos (group photos included, all faces of a photo in one call)."""
    paths = sorted(p for p in (shared_data / "faces").rglob("*") if p.suffix.lower() in (".jpg", ".png"))
    checked = 0
    for path in paths:
        pixels, shapes = _faces(models, path)
        if max(pixels.shape) > 2000 or not len(shapes):
            continue
        _assert_same(encode_faces(models, pixels, shapes), _dlib_descriptors(models, pixels, shapes))
        checked += len(shapes)
    assert checked >= 20


# ---------------------------------------------------------------------------------------------------------------
# A model file that cannot be read


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return model_paths()["encoder"].read_bytes()


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "dlib_face_recognition_resnet_model_v1.dat"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("cut", [0, 10, 300, 5_000_000, -1])
def test_a_truncated_model_file_is_a_clear_error(tmp_path, model_bytes, cut):
    path = _write(tmp_path, model_bytes[:cut])
    with pytest.raises(resnet.EncoderModelError, match="truncated|ends early"):
        resnet.read_model(path)


def test_a_missing_or_foreign_model_file_is_a_clear_error(tmp_path, model_bytes):
    with pytest.raises(resnet.EncoderModelError, match="cannot be read"):
        resnet.read_model(tmp_path / "absent.dat")
    with pytest.raises(resnet.EncoderModelError, match="found layer 'loss_mmod_'"):
        resnet.read_model(_write(tmp_path, model_bytes[:2] + b"\x01\x0aloss_mmod_" + model_bytes[17:]))
    with pytest.raises(resnet.EncoderModelError, match="more data after the network"):
        resnet.read_model(_write(tmp_path, model_bytes + b"\0"))
    landmarks = model_paths()["landmarks_5"]  # another dlib file altogether
    with pytest.raises(resnet.EncoderModelError):
        resnet.read_model(landmarks)


def _with_fc_weight_changed(model_bytes: bytes) -> bytes:
    """The model with one weight of the last layer changed: dlib reads it as well as ever."""
    start = model_bytes.rindex(b"\x01\x04fc_2") + len(b"\x01\x04fc_2")
    reader = resnet._Reader(model_bytes, "model")
    reader.pos = start
    reader.integer(), reader.integer()  # outputs, inputs
    reader.version("tensor", (2,))
    for _ in range(4):
        reader.integer()
    data = bytearray(model_bytes)
    offset = reader.pos + 4 * 7
    value = np.frombuffer(bytes(data[offset:offset + 4]), "<f4")[0]
    data[offset:offset + 4] = np.array([value + 0.5], "<f4").tobytes()
    return bytes(data)


def test_a_model_that_gives_other_descriptors_than_dlibs_reference_is_refused(tmp_path, model_bytes):
    path = _write(tmp_path, _with_fc_weight_changed(model_bytes))
    resnet.read_model(path)  # it reads …
    with pytest.raises(resnet.EncoderModelError, match="reference chip's descriptor is off dlib's"):
        resnet.FaceNet(path)  # … but the check on the reference chip refuses it


def test_the_engine_falls_back_to_dlibs_encoder(tmp_path, model_bytes, monkeypatch, caplog, models):
    """A model file the numpy network refuses: the engine encodes with dlib's own encoder, as before."""
    path = _write(tmp_path, _with_fc_weight_changed(model_bytes))
    paths = {**model_paths(), "encoder": path}
    monkeypatch.setattr("desktop.faces.models.model_paths", lambda: paths)
    with caplog.at_level(logging.WARNING, logger="jikimi.faces"):
        fallback = _Models()
    assert fallback.net is None
    assert "dlib's encoder is used" in caplog.text and "off dlib's" in caplog.text
    pixels, shapes = _faces(models, PORTRAITS[0])
    theirs = np.array([list(d) for d in fallback.encoder.compute_face_descriptor(pixels, shapes, 1)])
    assert np.array_equal(encode_faces(fallback, pixels, shapes), theirs)
    # the changed weight moves the descriptor: the fallback really ran the file it was given
    assert np.abs(theirs - encode_faces(models, pixels, shapes)).max() > 1e-3


def test_load_face_net_gives_none_for_a_truncated_file(tmp_path, model_bytes, caplog):
    with caplog.at_level(logging.WARNING, logger="jikimi.faces"):
        assert load_face_net(_write(tmp_path, model_bytes[: len(model_bytes) // 2])) is None
    assert "truncated" in caplog.text


def test_workers_get_one_blas_thread_unless_told_otherwise(monkeypatch):
    from desktop.faces import pool_start

    for name in pool_start.BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    pool_start.limit_blas_threads()
    import os

    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"  # an explicit setting is kept
    assert os.environ["VECLIB_MAXIMUM_THREADS"] == "1"
