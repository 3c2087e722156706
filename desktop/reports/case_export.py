"""A case file for a case worker: a PDF they can read (Hangul embedded) and a ZIP with that PDF and a
machine-readable ``manifest.json``.

The manifest lists every evidence record with the SHA-256 of its canonical JSON (sorted keys, compact
separators, UTF-8, non-ASCII unescaped; see ``desktop.core.records``) and the SHA-256 of every other file in the
ZIP, so anyone can check later that nothing was changed (:func:`verify_manifest`). No image bytes are exported
except originals the user chose to keep, and then only when asked for (``include_kept_images``).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop import __version__, i18n
from desktop.core.records import record_sha256
from desktop.i18n import tr

MANIFEST_NAME = "manifest.json"
PDF_NAME = "case.pdf"
FORMAT = "jikimi-case-file"
FORMAT_VERSION = 1
CANONICALIZATION = "json-sorted-keys-compact-utf8"


class ExportError(Exception):
    def __init__(self, message_id: str, detail: str = "", **values: object):
        super().__init__(detail or message_id)
        self.message_id = message_id
        self.values = values


def _moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def both_times(value: str | None) -> str:
    """``2025-03-01 03:04:05 UTC (2025-03-01 12:04:05 +09:00)``: UTC for the record, local for the reader."""
    moment = _moment(value or "")
    if moment is None:
        return value or "—"
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    local = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    return tr("case_export.time_both", utc=utc, local=f"{local[:-2]}:{local[-2:]}")


def _target_name(target: str) -> str:
    return tr(f"cases.target.{target}")


def _status_name(status: str) -> str:
    return tr(f"cases.status.{status}")


def collect(workspace, case_id: int) -> dict[str, Any]:
    """Everything a case file shows, decrypted, in one structure (also the body of the manifest)."""
    cases = workspace.cases
    case = cases.get(case_id)
    person = workspace.persons.get(case.person_id).name if case.person_id is not None else None
    events = cases.events(case_id)
    evidence = cases.evidence(case_id)
    return {
        "case": {
            "id": case.id,
            "title": case.title,
            "description": case.description,
            "status": case.status,
            "person": person,
            "created_at": case.created_at,
            "updated_at": case.updated_at,
        },
        "events": [
            {"kind": e.kind, "occurred_at": e.occurred_at, "detail": e.detail}
            for e in events
            if e.kind in ("opened", "status", "note", "report")
        ],
        "records": [
            {
                "evidence_id": item.id,
                "record_sha256": item.record_sha256,
                "intact_when_exported": item.intact,
                "image_kept": item.has_kept_image,
                "record": item.record,
            }
            for item in evidence
        ],
    }


# --- PDF -------------------------------------------------------------------------------------------------
def _record_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [(tr("case_export.source"), tr(f"case_export.source.{record.get('source')}"))]
    for key, label in (
        ("page_url", "case_export.page_url"),
        ("image_url", "case_export.image_url"),
        ("final_url", "case_export.final_url"),
        ("file_name", "case_export.file_name"),
    ):
        if record.get(key):
            rows.append((tr(label), str(record[key])))
    rows.append((tr("case_export.captured"), both_times(record.get("captured_at_utc"))))
    if record.get("http_status") is not None:
        rows.append((tr("case_export.http_status"), str(record["http_status"])))
    media = tr(f"case_export.media.{record.get('media', 'other')}")
    if record.get("image_width"):
        media = tr("case_export.media_size", media=media, format=record.get("image_format") or "?",
                   width=record["image_width"], height=record["image_height"])
    rows.append((tr("case_export.media"), media))
    rows.append((tr("case_export.size"), tr("case_export.bytes", count=f"{record.get('size_bytes', 0):,}")))
    rows.append(("SHA-256", record.get("sha256") or "—"))
    rows.append(("MD5", record.get("md5") or "—"))
    if record.get("pdq"):
        rows.append(("PDQ", record["pdq"]))
        rows.append((tr("case_export.pdq_quality"), f"{record.get('pdq_quality')}/100"))
    else:
        rows.append(("PDQ", tr("case_export.no_pdq")))
    return rows


def build_pdf(data: dict[str, Any], lang: str | None = None) -> bytes:
    lang = lang or i18n.current_language()
    previous = i18n.current_language()
    i18n.set_language(lang)
    try:
        case = data["case"]
        from desktop.reports.pdf import JikimiPDF  # heavy imports only when exporting

        pdf = JikimiPDF(tr("case_export.doc_title", case_id=case["id"]), lang=lang)
        pdf.alias_nb_pages()
        pdf.heading(tr("case_export.heading", title=case["title"]))
        pdf.generated_line()
        summary = [
            (tr("case_export.case_number"), str(case["id"])),
            (tr("case_export.status"), _status_name(case["status"])),
        ]
        if case.get("person"):
            summary.append((tr("case_export.person"), case["person"]))
        summary += [
            (tr("case_export.opened"), both_times(case["created_at"])),
            (tr("case_export.updated"), both_times(case["updated_at"])),
            (tr("case_export.record_count"), str(len(data["records"]))),
        ]
        pdf.key_values(summary)
        if case.get("description"):
            pdf.paragraph(case["description"])
        pdf.paragraph(tr("case_export.no_images_notice"), size=9.5, muted=True)

        reports = [e for e in data["events"] if e["kind"] == "report"]
        pdf.heading(tr("case_export.reports_heading"), level=2)
        if reports:
            for event in reports:
                detail = event["detail"]
                line = tr("case_export.report_line", target=_target_name(detail["to"]),
                          when=both_times(event["occurred_at"]), reference=detail.get("reference") or "—")
                if detail.get("note"):
                    line = tr("case_export.with_note", text=line, note=detail["note"])
                pdf.bullets([line], size=9.5)
        else:
            pdf.paragraph(tr("case_export.no_reports"), size=9.5, muted=True)

        pdf.heading(tr("case_export.status_heading"), level=2)
        status_lines = []
        for event in data["events"]:
            if event["kind"] == "opened":
                status_lines.append(tr("case_export.status_opened", when=both_times(event["occurred_at"])))
            elif event["kind"] == "status":
                detail = event["detail"]
                line = tr("case_export.status_changed", when=both_times(event["occurred_at"]),
                          status=_status_name(detail["to"]))
                if detail.get("note"):
                    line = tr("case_export.with_note", text=line, note=detail["note"])
                status_lines.append(line)
        pdf.bullets(status_lines, size=9.5)

        notes = [e for e in data["events"] if e["kind"] == "note"]
        if notes:
            pdf.heading(tr("case_export.notes_heading"), level=2)
            for event in notes:
                pdf.paragraph(both_times(event["occurred_at"]), size=8.5, muted=True)
                pdf.paragraph(event["detail"]["text"], size=9.5)

        pdf.heading(tr("case_export.records_heading"), level=2)
        if not data["records"]:
            pdf.paragraph(tr("case_export.no_records"), size=9.5, muted=True)
        for number, item in enumerate(data["records"], start=1):
            record = item["record"]
            if pdf.get_y() > pdf.h - 90:
                pdf.add_page()
            pdf.heading(tr("case_export.record_heading", number=number, evidence_id=item["evidence_id"]), level=3)
            from desktop.reports.evidence import thumbnail_from_record

            thumbnail = thumbnail_from_record(record)
            if thumbnail:
                pdf.paragraph(tr("case_export.thumbnail_caption"), size=8, muted=True)
                pdf.image_bytes(thumbnail, width_mm=18)
            pdf.key_values(_record_rows(record), key_width=38, size=9)
            integrity = "case_export.integrity_ok" if item["intact_when_exported"] else "case_export.integrity_bad"
            pdf.key_values([(tr("case_export.record_sha256"), item["record_sha256"]), (tr("case_export.integrity"),
                            tr(integrity))], key_width=38, size=9)
            if item["image_kept"]:
                pdf.paragraph(tr("case_export.image_kept_warning"), size=9, muted=False)
            headers = record.get("http_headers") or {}
            if headers:
                pdf.paragraph(tr("case_export.headers_heading"), size=8.5, muted=True)
                pdf.key_values(sorted(headers.items()), key_width=38, size=7.5)
            pdf.ln(2)

        pdf.heading(tr("case_export.verify_heading"), level=2)
        pdf.paragraph(tr("case_export.verify_text"), size=9)
        return bytes(pdf.output())
    finally:
        i18n.set_language(previous)


def export_pdf(workspace, case_id: int, target: str | Path, lang: str | None = None) -> Path:
    return _write(Path(target), build_pdf(collect(workspace, case_id), lang), f"case-{case_id}.pdf")


def _write(target: Path, payload: bytes, example_name: str) -> Path:
    """All or nothing (no half-written file is left behind); an ``ExportError`` saying why it failed."""
    from desktop.reports.output import save_bytes, save_error

    try:
        return save_bytes(target, payload)
    except OSError as exc:
        raise save_error(exc, target, example_name, ExportError) from exc


# --- ZIP with manifest --------------------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_zip(workspace, case_id: int, lang: str | None = None, include_kept_images: bool = False) -> bytes:
    data = collect(workspace, case_id)
    pdf_bytes = build_pdf(data, lang)
    files: dict[str, bytes] = {PDF_NAME: pdf_bytes}
    if include_kept_images:
        for item in data["records"]:
            if item["image_kept"]:
                original = workspace.cases.kept_image(item["evidence_id"])
                if original:
                    files[f"kept/evidence-{item['evidence_id']}.bin"] = original
    now = datetime.now(UTC).replace(microsecond=0)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"Jikimi {__version__}",
        "generated_at_utc": now.isoformat().replace("+00:00", "Z"),
        "generated_at_local": now.astimezone().isoformat(),
        "record_hash": {"algorithm": "sha256", "canonicalization": CANONICALIZATION},
        **data,
        "files": [{"name": name, "sha256": _sha256(payload), "size": len(payload)} for name, payload in files.items()],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, payload in files.items():
            archive.writestr(name, payload)
    return out.getvalue()


def export_zip(workspace, case_id: int, target: str | Path, lang: str | None = None,
               include_kept_images: bool = False) -> Path:
    return _write(Path(target), build_zip(workspace, case_id, lang, include_kept_images), f"case-{case_id}.zip")


# A case file holds PDFs, JSON and kept images (each ≤ 20 MB): a member declaring or inflating to more is not read.
VERIFY_MEMBER_CAP = 64 * 1024 * 1024
VERIFY_MANIFEST_CAP = 16 * 1024 * 1024


def _member_sha256(archive: zipfile.ZipFile, name: str, cap: int = VERIFY_MEMBER_CAP) -> str | None:
    """The member's SHA-256, read in a stream (never whole in memory); None when it is larger than ``cap``."""
    info = archive.getinfo(name)
    if info.file_size > cap:
        return None
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as handle:
        while chunk := handle.read(1024 * 1024):
            size += len(chunk)
            if size > cap:  # a header that lies about the size
                return None
            digest.update(chunk)
    return digest.hexdigest()


def verify_manifest(zip_path: str | Path) -> list[str]:
    """What no longer matches in an exported case file (an empty list when everything verifies). Members are
    hashed as a stream under a size cap, so a small archive declaring gigabytes costs no memory."""
    problems: list[str] = []
    try:
        with zipfile.ZipFile(zip_path) as archive:
            names = set(archive.namelist())
            if MANIFEST_NAME not in names:
                return [tr("case_export.problem_no_manifest")]
            try:
                if archive.getinfo(MANIFEST_NAME).file_size > VERIFY_MANIFEST_CAP:
                    return [tr("case_export.problem_bad_manifest")]
                with archive.open(MANIFEST_NAME) as handle:
                    manifest = json.loads(handle.read(VERIFY_MANIFEST_CAP + 1))
            except (ValueError, UnicodeDecodeError, RecursionError):
                return [tr("case_export.problem_bad_manifest")]
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                return [tr("case_export.problem_bad_manifest")]
            records, files = manifest.get("records", []), manifest.get("files", [])
            if not isinstance(records, list) or not isinstance(files, list):
                return [tr("case_export.problem_bad_manifest")]
            for item in records:
                record = item.get("record") if isinstance(item, dict) else None
                if not isinstance(record, dict) or record_sha256(record) != item.get("record_sha256"):
                    evidence_id = item.get("evidence_id", "?") if isinstance(item, dict) else "?"
                    problems.append(tr("case_export.problem_record", evidence_id=evidence_id))
            listed = set()
            for entry in files:
                name = entry.get("name") if isinstance(entry, dict) else None
                if not isinstance(name, str):
                    return [tr("case_export.problem_bad_manifest")]
                listed.add(name)
                if name not in names:
                    problems.append(tr("case_export.problem_file_missing", name=name))
                    continue
                digest = _member_sha256(archive, name)
                if digest is None:
                    problems.append(tr("case_export.problem_file_too_large", name=name))
                elif digest != entry.get("sha256"):
                    problems.append(tr("case_export.problem_file_changed", name=name))
            for name in sorted(names - listed - {MANIFEST_NAME}):
                problems.append(tr("case_export.problem_file_extra", name=name))
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, NotImplementedError):
        return [tr("case_export.problem_not_zip")]
    return problems
