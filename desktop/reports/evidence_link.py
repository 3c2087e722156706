"""From a finding to an evidence record: the page and image addresses, the time, the server's answer and the
hashes, in the person's open case — without keeping the image."""

from __future__ import annotations

from desktop import i18n


def record_finding(workspace, person, finding_id: int, client) -> tuple[int, str]:
    """Capture the finding's image now into the person's open case (created if needed). Returns (case id,
    case title). Raises the HTTP client's ``SourceError`` when the image cannot be fetched any more."""
    from desktop.reports.evidence import capture_from_url
    from desktop.store.scans import ScanRepository

    finding = next(f for f in ScanRepository(workspace.db, workspace.vault).findings(person.id, include_gone=True)
                   if f.id == finding_id)
    source = workspace.sources.get(finding.source_id)
    cases = workspace.cases
    case = next((c for c in cases.list(person.id) if c.status != "closed"), None)
    if case is None:
        case = cases.create(i18n.tr("results.evidence_case_title", name=person.name), person_id=person.id)
    record = capture_from_url(finding.image_url, finding.post_url, client, allow_private=bool(source.allow_private),
                              finding_id=finding.id)
    cases.add_evidence(case.id, record.to_dict(), finding_id=finding.id)
    return case.id, case.title
