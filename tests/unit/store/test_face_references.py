"""The repositories that took over the queries other packages used to run: the faces a person is known by, how
far along a person is (the Family page), the photos a source would take with it, the photos shown in two places,
and the demo class's finished scans."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import numpy as np
import pytest

from desktop.faces.matching import forget_rejected, record_feedback
from desktop.store.demo_rows import add_finished_scan
from desktop.store.scan_writer import ScanWriter


@pytest.fixture
def minji(workspace):
    return workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])


def face(seed: float) -> np.ndarray:
    return np.full(128, seed, dtype=np.float64)


def test_an_enrolment_is_kept_whole_and_read_back_by_origin(workspace, minji):
    refs = workspace.face_references
    assert not refs.has_any(minji.id) and refs.enrolment_count(minji.id) == 0
    refs.add_enrolment(minji.id, [(b"photo-1", face(0.1), {"size_px": 120}), (b"photo-2", face(0.2), None)])
    record_feedback(workspace, minji.id, face(0.3), confirmed=True)

    assert refs.has_any(minji.id) and workspace.persons.enrolled_ids() == [minji.id]
    assert refs.enrolment_count(minji.id) == 2  # the answer is not an enrolled photo
    assert refs.enrolment_photo_indexes(minji.id) == {b"photo-1", b"photo-2"}
    kept = refs.by_origin(minji.id)
    assert [v[0] for v in kept["enrolment"]] == [0.1, 0.2] and [v[0] for v in kept["confirmed"]] == [0.3]
    assert kept["rejected"] == []


def test_an_enrolment_that_fails_half_way_keeps_none_of_its_faces(workspace, minji):
    refs = workspace.face_references
    with pytest.raises(ValueError):
        refs.add_enrolment(minji.id, [(b"photo-1", face(0.1), None), (b"photo-2", ["not", "a", "face"], None)])
    assert not refs.has_any(minji.id)


def test_answering_again_about_a_face_replaces_the_answer_and_undoing_a_yes_forgets_it(workspace, minji):
    refs = workspace.face_references
    refs.add(minji.id, "enrolment", b"photo-1", face(0.1))
    record_feedback(workspace, minji.id, face(0.5), confirmed=False)
    record_feedback(workspace, minji.id, face(0.5), confirmed=True)  # the parent changed their mind
    kept = refs.by_origin(minji.id)
    assert (len(kept["enrolment"]), len(kept["confirmed"]), len(kept["rejected"])) == (1, 1, 0)

    refs.forget_confirmed(minji.id, face(0.5))
    kept = refs.by_origin(minji.id)
    assert (len(kept["enrolment"]), len(kept["confirmed"]), len(kept["rejected"])) == (1, 0, 0)


def test_undoing_not_my_child_forgets_the_rejected_faces_near_it_only(workspace, minji):
    for seed in (0.50, 0.51, 0.90):
        record_feedback(workspace, minji.id, face(seed), confirmed=False)
    near = float(np.linalg.norm(face(0.51) - face(0.50)))
    assert forget_rejected(workspace, minji.id, face(0.50), within=near) == 2
    assert [v[0] for _, v in workspace.face_references.rejected(minji.id)] == [0.9]
    assert forget_rejected(workspace, minji.id, face(0.50), within=near) == 0


def test_progress_counts_enrolled_faces_and_sources_and_gives_the_last_finished_score(workspace, minji):
    persons = workspace.persons
    progress = persons.progress(minji.id)
    assert (progress.faces_enrolled, progress.sources_linked, progress.scanned) == (0, 0, False)

    workspace.face_references.add_enrolment(minji.id, [(b"a", face(0.1), None), (b"b", face(0.2), None)])
    record_feedback(workspace, minji.id, face(0.3), confirmed=False)
    source = workspace.sources.add(person_id=minji.id, kind="bluesky", target="minji.bsky.social")
    writer = ScanWriter(workspace.db, workspace.vault)
    writer.finish(writer.start(minji.id, [source.id]).id, "done", 35, "medium", {"recommendations": []})
    writer.finish(writer.start(minji.id, [source.id]).id, "cancelled")  # not finished: the score stays

    progress = persons.progress(minji.id)
    assert (progress.faces_enrolled, progress.sources_linked) == (2, 1)
    assert (progress.scanned, progress.risk_score, progress.risk_level) == (True, 35, "medium")


def test_the_demo_class_scans_are_written_whole_and_counted_per_source(workspace, minji):
    add_finished_scan(workspace.db, workspace.vault, minji.id, {"demo": True}, ("public", "private"),
                      [("match", ("clear_face",)), ("possible", ())])
    first, second = workspace.sources.list_for_person(minji.id)
    assert workspace.sources.photos_with_findings(first.id) == 2  # what removing the source takes with it
    assert workspace.sources.photos_with_findings(second.id) == 0
    scans = ScanWriter(workspace.db, workspace.vault)
    latest = scans.latest(minji.id)
    assert latest is not None and latest.summary == {"demo": True}
    assert scans.source_states(latest.id)[second.id]["visibility"] == "private"
    findings = scans.findings(minji.id)
    assert [(f.level, f.detail["signals"], f.source_id) for f in findings] == [
        ("match", ["clear_face"], first.id), ("possible", [], first.id)]

    # The last finding cannot be written (no such level): nothing of that scan is left, not its scan or source.
    with pytest.raises(sqlite3.IntegrityError):
        add_finished_scan(workspace.db, workspace.vault, minji.id, {}, ("public",), [("match", ()), ("bogus", ())])
    assert len(scans.history(minji.id)) == 1 and len(workspace.sources.list_for_person(minji.id)) == 2
    assert len(scans.findings(minji.id)) == 2


def test_the_photos_a_stranger_may_see_are_given_with_their_content(workspace, minji):
    """The same content at two sources is the same photo shown in two places (the summary's signal)."""
    blog = workspace.sources.add(person_id=minji.id, kind="web", target="https://blog.example.kr/a")
    album = workspace.sources.add(person_id=minji.id, kind="web", target="https://school.example.kr/album")
    writer = ScanWriter(workspace.db, workspace.vault)
    scan = writer.start(minji.id, [blog.id, album.id])
    placed = {}
    for source, name, visibility, sha in ((blog, "same", "public", "aa"), (album, "same", "unlisted", "aa"),
                                          (album, "private", "private", "bb"), (album, "denied", "public", "cc")):
        ref = SimpleNamespace(image_url=f"https://x.example/{name}-{source.id}.jpg", post_url=None, caption=None,
                              taken_at=None, role="post", location=None)
        writer.record_listing(scan.id, source.id, [ref], lambda _ref, v=visibility: v)
        photo = writer.pending_photos(scan.id, source.id)[-1]
        writer.complete_photo(photo.id, sha256_hex=sha * 32, meta={}, scan_id=scan.id, person_id=minji.id,
                              findings=[{"face_number": 0, "level": "match", "distance": 0.4, "detail": {}}])
        placed[(source.id, name)] = photo.id
    denied = next(f for f in writer.findings(minji.id) if f.photo_id == placed[(album.id, "denied")])
    writer.set_review(denied.id, "not_me")

    shown = writer.shown_photo_contents(minji.id)
    assert sorted((photo_id, source_id) for photo_id, source_id, _ in shown) == sorted(
        [(placed[(blog.id, "same")], blog.id), (placed[(album.id, "same")], album.id)])
    assert len({content for _, _, content in shown}) == 1
