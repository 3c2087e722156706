"""Per-student reports for a class: one PDF per scanned student, for that student's family only.

Each file is the family report (``family_report.write``) of the student's latest finished scan, named by the
student number only (``student-07.pdf``): file names never carry a name, so a folder of reports on a shared
school computer does not list the children. Students whose consent is not in force get no report.

Each file is encrypted (AES-256) with the family's code (``desktop/store/family_codes.py``), printed only on the
slip that went home: the teacher who writes and hands over the files cannot open them. A student whose family
has no code yet (no slip printed) gets no report; they are listed by number. Every file written is recorded
(path and SHA-256) so that a withdrawal deletes it, or lists it when it was moved. All the files of one class
have the same size (padding the encryption keeps unreadable): a report with photos is larger, and the sizes must
not tell the teacher which students those are.

The reports go into a new or empty folder, and each file is created, never replaced: a folder that already
holds files (last term's reports, another class's) is refused before anything is written, so no family's
report is ever overwritten by another child's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core import consent as consent_rules
from desktop.core.tasks import TaskContext
from desktop.reports.output import save_bytes
from desktop.reports.pdf import padded_to
from desktop.store.classes import RosterMember
from desktop.store.db import StorageError
from desktop.store.family_codes import ClassExports, FamilyCodes


@dataclass(frozen=True)
class WrittenReport:
    number: int
    path: Path


class ReportBatch(list):
    """The reports written (a list of :class:`WrittenReport`), and the student numbers left out because their
    family has no code yet."""

    def __init__(self, written=(), without_code=()):
        super().__init__(written)
        self.without_code = list(without_code)

    def summary_lines(self, folder: str | Path) -> list[str]:
        """How many were written where, that each is locked, and who got none (no family code yet): the same
        words on the Classroom page and after `jikimi class reports`."""
        from desktop.i18n import tr

        lines = [tr("classaudit.reports_written", count=len(self), path=str(folder)),
                 tr("classprivacy.reports_locked")]
        if self.without_code:
            lines.append(tr("classprivacy.reports_without_code", numbers=", ".join(map(str, self.without_code))))
        return lines


# The reports of one class are padded to one size, a multiple of this (see write_class_reports).
SIZE_STEP = 64 * 1024
# Files an operating system leaves in a folder someone merely opened; they do not make a folder "used".
SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def file_name(number: int, width: int = 2) -> str:
    return f"student-{number:0{width}d}.pdf"


def _cannot_write(exc: OSError, path: Path) -> StorageError:
    """Why the reports could not be saved, in words (a full disk, no permission, …)."""
    from desktop.reports.output import save_error

    return save_error(exc, path, file_name(1))


def check_out_folder(out_dir: str | Path) -> Path:
    """The output folder, when it is new or empty. Raises ``StorageError`` (``classaudit.reports_out_not_folder``
    or ``classaudit.reports_out_not_empty``) otherwise; nothing is written either way."""
    target = Path(out_dir).expanduser()
    if not target.exists():
        return target
    if not target.is_dir():
        raise StorageError("classaudit.reports_out_not_folder", path=str(out_dir))
    try:
        used = any(entry.name not in SYSTEM_FILES for entry in target.iterdir())
    except OSError as exc:
        raise _cannot_write(exc, target) from exc
    if used:
        raise StorageError("classaudit.reports_out_not_empty", path=str(out_dir))
    return target


def write_class_reports(workspace, class_id: int, out_dir: str | Path,
                        ctx: TaskContext | None = None) -> ReportBatch:
    """Write the reports into ``out_dir`` (new or empty, see :func:`check_out_folder`). Raises ``StorageError``
    with a message id: ``classaudit.reports_none`` when no student was scanned, the folder's message when it
    cannot be used, ``classaudit.reports_exists`` when a file appears there while writing (never replaced)."""
    from desktop.i18n import tr
    from desktop.reports import family_report
    from desktop.scan import report as scan_report
    from desktop.store.scans import ScanRepository

    ctx = ctx or TaskContext()
    classes = workspace.classes
    classes.get(class_id)
    repo = ScanRepository(workspace.db, workspace.vault)
    members = [m for m in classes.roster(class_id)
               if consent_rules.may_process(m.person, m.consent) and repo.latest(m.person.id) is not None]
    if not members:
        raise StorageError("classaudit.reports_none")
    codes = FamilyCodes(workspace.db, workspace.vault)
    locks = {m.number: codes.code(m.person.id) for m in members}
    without_code = [m.number for m in members if not locks[m.number]]
    members = [m for m in members if locks[m.number]]
    if not members:
        raise StorageError("classprivacy.reports_no_codes", numbers=", ".join(map(str, without_code)))
    exports = ClassExports(workspace.db, workspace.vault)
    target = check_out_folder(out_dir)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(exc, target) from exc
    width = max(2, len(str(max(m.number for m in members))))
    written = ReportBatch(without_code=without_code)
    documents: list[tuple[RosterMember, bytes]] = []
    for done, member in enumerate(members):
        ctx.check_cancelled()
        ctx.progress(done, len(members), tr("classaudit.reports_progress", done=done + 1, total=len(members)))
        data = scan_report.load(workspace, member.person)
        if data is None:
            continue
        thumbnails = repo.thumbnails(e["finding_id"] for e in data.exposures)
        documents.append((member, family_report.render(data, thumbnails, password=locks[member.number])))
    # One size for every file of the class: a report with photos in it is larger, and the teacher who hands the
    # files over must not learn from their sizes which students those are.
    size = ((max((len(document) for _, document in documents), default=0) + 1024) // SIZE_STEP + 1) * SIZE_STEP
    for member, document in documents:
        path = target / file_name(member.number, width)
        try:
            save_bytes(path, padded_to(document, size), exclusive=True)
            exports.record(member.person.id, path)
        except FileExistsError as exc:
            raise StorageError("classaudit.reports_exists", str(exc), path=str(path)) from exc
        except OSError as exc:  # nothing half-written stays behind (family_report.write saves all or nothing)
            raise _cannot_write(exc, path) from exc
        written.append(WrittenReport(member.number, path))
    ctx.progress(len(members), len(members), "")
    return written


def withdrawal_file_lines(report) -> list[str]:
    """The family report files a withdrawal deleted, and those the teacher must delete (moved or changed)."""
    from desktop.i18n import tr

    if report is None:
        return []
    lines = [tr("classprivacy.file_deleted", path=str(path)) for path in report.files_deleted]
    if report.files_left:
        lines.append(tr("classprivacy.files_left"))
        lines += [f"  {path}" for path in report.files_left]
    return lines
