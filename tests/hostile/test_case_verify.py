"""Case 10 of issue 19: ``case verify`` on a small archive whose member inflates to hundreds of megabytes
hashes it as a stream under a cap (no memory spike) and names it, and a manifest of the wrong shape is a
clear problem, not a crash."""

from __future__ import annotations

import json
import tracemalloc
import zipfile

from desktop.reports.case_export import FORMAT, MANIFEST_NAME, verify_manifest

INFLATED = 200 * 1024 * 1024


def _case_file(path, manifest, big: bool = True):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest) if not isinstance(manifest, str) else manifest)
        if big:
            with archive.open("evidence/photo.jpg", "w", force_zip64=True) as member:
                zeros = bytes(1024 * 1024)
                for _ in range(INFLATED // len(zeros)):
                    member.write(zeros)
    return path


def test_a_member_inflating_to_hundreds_of_megabytes_is_named_without_reading_it_whole(tmp_path):
    manifest = {"format": FORMAT, "records": [], "files": [{"name": "evidence/photo.jpg", "sha256": "0" * 64}]}
    archive = _case_file(tmp_path / "case.zip", manifest)
    assert archive.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        problems = verify_manifest(archive)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024, f"verify held {peak // 2**20} MB"
    assert len(problems) == 1 and "evidence/photo.jpg" in problems[0] and "far larger" in problems[0]


def test_a_manifest_of_the_wrong_shape_is_reported_not_crashed_on(tmp_path):
    for number, manifest in enumerate([
        {"format": FORMAT, "records": ["x", 5], "files": []},
        {"format": FORMAT, "records": [], "files": [5]},
        {"format": FORMAT, "records": {}, "files": "abc"},
        "[" * 50_000 + "]" * 50_000,
    ]):
        problems = verify_manifest(_case_file(tmp_path / f"odd{number}.zip", manifest, big=False))
        assert problems, manifest
