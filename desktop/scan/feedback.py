"""A parent's answers about a finding: "yes, this is my child", "not my child", "I removed it".

Yes/no answers also teach the matcher: the face's encoding becomes a confirmed or rejected reference for the
person, so the next scan is more accurate.
"""

from __future__ import annotations

from desktop.store.scans import ScanRepository


def record_review(workspace, person_id: int, finding_id: int, review: str) -> None:
    repo = ScanRepository(workspace.db, workspace.vault)
    repo.set_review(finding_id, review)
    _teach_matcher(workspace, repo, person_id, finding_id, review)
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


def _teach_matcher(workspace, repo, person_id: int, finding_id: int, review: str) -> None:
    if review not in ("confirmed", "not_me"):
        return
    finding = next((f for f in repo.findings(person_id, include_gone=True) if f.id == finding_id), None)
    sha = finding.photo_meta.get("sha256") if finding else None
    if not sha:
        return
    from desktop.faces.matching import record_feedback
    from desktop.store.face_cache import FaceCache

    analysis = FaceCache(workspace.db, workspace.vault).get(sha)
    if analysis is None or finding.face_number >= len(analysis.faces):
        return
    encoding = analysis.faces[finding.face_number].encoding
    if encoding is not None:
        record_feedback(workspace, person_id, encoding, confirmed=review == "confirmed")
