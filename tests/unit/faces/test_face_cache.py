"""The content cache: a photo seen before is not analysed again, and nothing in it is readable without the key."""

from __future__ import annotations

import hashlib

from desktop.faces.types import ImageAnalysis
from desktop.store.face_cache import FaceCache
from tests.unit.faces.conftest import fixture_bytes


def test_round_trip_keeps_every_detail(workspace, portrait_analyses):
    cache = FaceCache(workspace.db, workspace.vault)
    digest = hashlib.sha256(fixture_bytes("obama.jpg")).hexdigest()
    assert cache.get(digest) is None
    cache.put(digest, portrait_analyses["obama.jpg"])
    again = cache.get(digest)
    assert again == portrait_analyses["obama.jpg"]
    assert (cache.hits, cache.misses) == (1, 1)


def test_cache_is_keyed_by_content_and_sealed(workspace, portrait_analyses):
    cache = FaceCache(workspace.db, workspace.vault)
    digest = hashlib.sha256(b"some photo").hexdigest()
    cache.put(digest, ImageAnalysis(width=10, height=20, gps=(37.5, 127.0)))
    row = workspace.db.query_one("SELECT content_index, analysis_enc FROM face_cache")
    assert bytes(row["content_index"]) == workspace.vault.index(digest, "content")
    assert b"37.5" not in bytes(row["analysis_enc"]) and digest.encode() not in bytes(row["content_index"])
    assert cache.get(digest).gps == (37.5, 127.0)


def test_a_new_engine_version_analyses_again(workspace):
    digest = hashlib.sha256(b"x").hexdigest()
    FaceCache(workspace.db, workspace.vault, engine_version="old").put(digest, ImageAnalysis(width=1, height=1))
    assert FaceCache(workspace.db, workspace.vault, engine_version="new").get(digest) is None
    assert FaceCache(workspace.db, workspace.vault, engine_version="old").get(digest) is not None
