"""A parent's answers about a finding: "yes, this is my child", "not my child", "I removed it", and undoing a
"not my child".

Yes/no answers are about a face, so they apply to every place the same photo was found (same content hash),
and they teach the matcher: the face's encoding becomes a confirmed reference, or a rejected one that covers
that face and its near-duplicates in later scans (``desktop/faces/calibration.py``). "I removed it" is about
one place. Undoing "not my child" forgets the rejected face, so the photo counts again at once.
"""

from __future__ import annotations

from desktop.store.scans import ScanRepository

FACE_ANSWERS = ("confirmed", "not_me")


def record_review(workspace, person_id: int, finding_id: int, review: str) -> None:
    repo = ScanRepository(workspace.db, workspace.vault)
    finding = _finding(repo, person_id, finding_id)
    if review == "removed":
        # Not believed at once: the photo still counts (score, trend, recommendations) until a scan no longer
        # finds it there; the grid shows it as "you said removed", and the answer can be undone.
        repo.mark_removed(finding_id, True)
        return
    targets = [finding_id]
    if finding is not None and review in FACE_ANSWERS:
        targets = [f.id for f in _same_face(repo, person_id, finding)]
    for target in targets:
        repo.set_review(target, review)
    if finding is not None:
        _teach_matcher(workspace, person_id, finding, review)
    refresh_latest_summary(workspace, person_id)


def undo_removed(workspace, person_id: int, finding_id: int) -> None:
    """Take back "I removed it": the photo is an open finding again."""
    repo = ScanRepository(workspace.db, workspace.vault)
    finding = _finding(repo, person_id, finding_id)
    if finding is not None and finding.review == "removed":
        repo.mark_removed(finding_id, False)


def undo_confirmed(workspace, person_id: int, finding_id: int) -> None:
    """Take back "yes, this is my child": the face is no longer a confirmed example of the child (the matcher
    forgets it), and the photo is open again wherever it is found."""
    repo = ScanRepository(workspace.db, workspace.vault)
    finding = _finding(repo, person_id, finding_id)
    if finding is None or finding.review != "confirmed":
        return
    encoding = _encoding(workspace, finding)
    if encoding is not None:  # the reference "yes" stored is keyed by the face's encoding (record_feedback)
        workspace.face_references.forget_confirmed(person_id, encoding)
    for other in _same_face(repo, person_id, finding):
        if other.review == "confirmed":
            repo.set_review(other.id, "open")
    refresh_latest_summary(workspace, person_id)


def undo_not_me(workspace, person_id: int, finding_id: int) -> None:
    """Take back "not my child" about a face: the photo (every place it was found, and the copies the answer
    covered) counts again at once, and the next scan no longer skips the face."""
    import numpy as np

    from desktop.faces.calibration import NEAR_DUPLICATE
    from desktop.faces.matching import forget_rejected

    repo = ScanRepository(workspace.db, workspace.vault)
    finding = _finding(repo, person_id, finding_id)
    if finding is None or finding.review != "not_me":
        return
    answered = [f for f in repo.findings(person_id, include_gone=True) if f.review == "not_me"]
    reopen = {f.id for f in _same_face(repo, person_id, finding)}
    encoding = _encoding(workspace, finding)
    if encoding is not None:
        vector = np.asarray(encoding, dtype=np.float64)
        for other in answered:
            theirs = _encoding(workspace, other) if other.id not in reopen else None
            if theirs is not None and np.linalg.norm(np.asarray(theirs) - vector) <= NEAR_DUPLICATE:
                reopen.add(other.id)
        forget_rejected(workspace, person_id, vector, NEAR_DUPLICATE)
    for other in answered:
        if other.id in reopen:
            repo.set_review(other.id, "open")
    refresh_latest_summary(workspace, person_id)


def refresh_latest_summary(workspace, person_id: int) -> None:
    """The score and recommendations follow the parent's answers at once, without waiting for a re-scan."""
    from desktop.scan import summary

    repo = ScanRepository(workspace.db, workspace.vault)
    latest = repo.latest(person_id)
    if latest is None:
        return
    result = summary.summarise(workspace, workspace.persons.get(person_id), latest.id)
    repo.update_summary(latest.id, result.score, result.level, result.summary)


def _finding(repo, person_id: int, finding_id: int):
    return next((f for f in repo.findings(person_id, include_gone=True) if f.id == finding_id), None)


def _same_face(repo, person_id: int, finding) -> list:
    """The finding, and the same face in the same photo at the other places it is still found (except where
    the parent said "I removed it": that answer is about its place)."""
    return [f for f in repo.findings(person_id, include_gone=True)
            if f.id == finding.id or (f.gone_since_scan is None and f.review != "removed"
                                      and f.photo_key == finding.photo_key and f.face_number == finding.face_number)]


def _encoding(workspace, finding):
    sha = finding.photo_meta.get("sha256")
    if not sha:
        return None
    from desktop.store.face_cache import FaceCache

    analysis = FaceCache(workspace.db, workspace.vault).get(sha)
    if analysis is None or finding.face_number >= len(analysis.faces):
        return None
    return analysis.faces[finding.face_number].encoding


def _teach_matcher(workspace, person_id: int, finding, review: str) -> None:
    if review not in FACE_ANSWERS:
        return
    from desktop.faces.matching import record_feedback

    encoding = _encoding(workspace, finding)
    if encoding is not None:
        record_feedback(workspace, person_id, encoding, confirmed=review == "confirmed")
