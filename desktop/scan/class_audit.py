"""Class audit: one job that scans every student of a class who may be scanned, one after another.

- A student is scanned only when their consent is in force (``persons.require_consent``), a face is enrolled
  and at least one source is linked (their own, or the class's own school pages). The others are skipped with
  the reason, by student number.
- The class's own sources (homepage gallery, class blog) are added to every student's scan by the
  orchestrator, so each school-page photo is matched against every consenting student.
- Progress for the teacher says "student 3 of 12" and the photo counts: never a name.
- Cancel works between and within students (the running scan is cancelled and resumes next time).
- One student's failure is recorded and the next student is scanned.
- A page that could not be read (a school page on a local address without the intranet allowance, a server that
  was down) is never a clean result: the audit names the class's unread pages, counts the students whose own
  pages were not read (by number), and the overview says "not checked" for what it would undercount.
- When the audit finishes (not when cancelled), the class overview is stored as the dashboard's snapshot
  (``class_summary.take_snapshot``): the teacher's numbers change only with a finished audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core import consent as consent_rules
from desktop.core.tasks import Cancelled, TaskContext
from desktop.log import get_logger
from desktop.store.db import StorageError

log = get_logger("class_audit")

SCANNED, SKIPPED, FAILED = "scanned", "skipped", "failed"


@dataclass(frozen=True)
class StudentOutcome:
    number: int
    state: str  # scanned | skipped | failed
    reason: str | None = None  # message id for skipped and failed
    values: dict = field(default_factory=dict)
    unread_own: int = 0  # the student's own (or family's) pages this scan could not read


@dataclass(frozen=True)
class AuditProgress:
    """What the teacher sees while the audit runs (no names)."""

    student: int  # 1-based position in the queue
    students: int
    photos_checked: int = 0
    photos_found: int = 0


@dataclass(frozen=True)
class UnreadPage:
    """One of the class's own pages that the audit could not read, and why (a message id and its values)."""

    source_id: int
    kind: str
    target: str
    error: str
    values: dict = field(default_factory=dict)


@dataclass
class AuditResult:
    outcomes: list[StudentOutcome] = field(default_factory=list)
    unread_pages: list[UnreadPage] = field(default_factory=list)
    overview_held: bool = False  # 1 or 2 students joined or left since the last overview: not updated

    def count(self, state: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.state == state)

    @property
    def students_incomplete(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.unread_own)

    @property
    def complete(self) -> bool:
        """Every page of every scanned student was read."""
        return not self.unread_pages and not self.students_incomplete


class _StudentContext(TaskContext):
    """The context one student's scan sees: the audit's Cancel, progress mapped to the audit's."""

    def __init__(self, parent: TaskContext, position: int, total: int):
        super().__init__()
        self._cancel = parent._cancel  # one Cancel button for the whole audit
        self.parent, self.position, self.total = parent, position, total

    def progress(self, done: int, total: int | None = None, message: str = "", detail: object = None) -> None:
        from desktop.i18n import tr

        checked = getattr(detail, "photos_checked", done)
        found = getattr(detail, "photos_found", total or 0)
        self.parent.progress(self.position - 1, self.total,
                             tr("classaudit.progress", student=self.position, students=self.total,
                                checked=checked, found=found),
                             AuditProgress(self.position, self.total, checked, found))


def plan(workspace, class_id: int) -> tuple[list, list[StudentOutcome]]:
    """Who will be scanned (persons, by number) and who is skipped, with why."""
    classes = workspace.classes
    classes.get(class_id)
    enrolled = set(workspace.persons.enrolled_ids())
    class_sources = bool(workspace.sources.list_for_class(class_id))
    queue, skipped = [], []
    for member in classes.roster(class_id):
        person = member.person
        reason = consent_rules.refusal_reason(person, member.consent)
        if reason is not None:
            skipped.append(StudentOutcome(member.number, SKIPPED, "classaudit.skip_consent",
                                          {"reason": reason}))
        elif person.id not in enrolled:
            skipped.append(StudentOutcome(member.number, SKIPPED, "classaudit.skip_no_face"))
        elif not class_sources and not workspace.sources.list_for_person(person.id):
            skipped.append(StudentOutcome(member.number, SKIPPED, "classaudit.skip_no_sources"))
        else:
            queue.append(person)
    return queue, skipped


def audit_class(workspace, class_id: int, ctx: TaskContext | None = None, scanner=None) -> AuditResult:
    """Scan every student who may be scanned. Raises ``Cancelled`` when cancelled (finished scans stay)."""
    from desktop.scan.orchestrator import Scanner

    ctx = ctx or TaskContext()
    queue, skipped = plan(workspace, class_id)
    result = AuditResult(list(skipped))
    own_scanner = scanner is None
    scanner = scanner or Scanner(workspace)
    log.info("class audit: %d students queued, %d skipped", len(queue), len(skipped))
    try:
        with scanner.class_pages_read_once():
            _scan_queue(workspace, scanner, queue, result, ctx)
    finally:
        if own_scanner:
            scanner.close()
    result.outcomes.sort(key=lambda outcome: outcome.number)
    from desktop.store.class_summary import take_snapshot

    result.overview_held = take_snapshot(workspace.db, workspace.vault, class_id).held
    log.info("class audit done: %d scanned, %d failed, %d class pages unread, %d students incomplete",
             result.count(SCANNED), result.count(FAILED), len(result.unread_pages), result.students_incomplete)
    return result


def _unread(workspace, scan_id: int, result: AuditResult) -> tuple[int, int]:
    """Record the class pages this scan could not read (once each); return how many of the student's own pages
    and of the school's pages it could not read."""
    from desktop.store.scans import ScanRepository

    own = school = 0
    known = {page.source_id for page in result.unread_pages}
    for source_id, state in ScanRepository(workspace.db, workspace.vault).source_states(scan_id).items():
        if state["state"] == "done":
            continue
        source = workspace.sources.get(source_id)
        if source.class_id is None:
            own += 1
            continue
        school += 1
        if source_id not in known:
            known.add(source_id)
            result.unread_pages.append(UnreadPage(source_id, source.kind, source.target,
                                                  state["error_code"] or "classaudit.page_not_read",
                                                  dict(state["detail"].get("error_values", {}))))
    return own, school


def _scan_queue(workspace, scanner, queue: list, result: AuditResult, ctx: TaskContext) -> None:
    for position, person in enumerate(queue, start=1):
        ctx.check_cancelled()
        ctx.progress(position - 1, len(queue), "", AuditProgress(position, len(queue)))
        number = person.student_number or 0
        try:
            outcome = scanner.scan(person, _StudentContext(ctx, position, len(queue)))
        except Cancelled:
            log.info("class audit cancelled at student %d of %d", position, len(queue))
            raise
        except StorageError as exc:
            # Values naming the student are replaced by the number: the teacher's view holds no names.
            values = {k: str(v) for k, v in exc.values.items() if k != "name"}
            result.outcomes.append(StudentOutcome(number, FAILED, exc.message_id, values))
            continue
        except Exception:  # noqa: BLE001 - one student's failure never stops the class
            log.exception("class audit: student %d of %d failed", position, len(queue))
            result.outcomes.append(StudentOutcome(number, FAILED, "classaudit.student_crashed"))
            continue
        scan_id = getattr(outcome, "scan_id", None)
        own, school = (_unread(workspace, scan_id, result)  # records the school pages not read
                       if workspace is not None and scan_id is not None else (0, 0))
        # Nothing read, but only because the school's pages failed: that is the class's "not read" (exit 3, and
        # how to fix it), shown once for the class, not a failure of this student's own accounts.
        if outcome.state == "failed" and not (school and not own):
            result.outcomes.append(StudentOutcome(number, FAILED, "scan.nothing_checked_short"))
            continue
        result.outcomes.append(StudentOutcome(number, SCANNED, unread_own=own))
    ctx.progress(len(queue), len(queue), "")


def outcome_line(outcome: StudentOutcome) -> str:
    """One line per student for the teacher: number and state, never the name."""
    from desktop.i18n import tr

    if outcome.state == SCANNED:
        if outcome.unread_own:
            return tr("classaudit.line_scanned_unread", number=outcome.number, count=outcome.unread_own)
        return tr("classaudit.line_scanned", number=outcome.number)
    values = {**outcome.values, "name": tr("classaudit.student_n", number=outcome.number)}
    if "reason" in values:
        values["reason"] = tr(values["reason"])
    try:
        reason = tr(outcome.reason, **values) if outcome.reason is not None else ""
    except KeyError:  # MissingTranslation too
        reason = outcome.reason or ""
    key = "classaudit.line_skipped" if outcome.state == SKIPPED else "classaudit.line_failed"
    return tr(key, number=outcome.number, reason=reason)


def unread_page_line(page: UnreadPage) -> str:
    """"School page not read: <address> — <why>": the teacher's own page, so it is named."""
    from desktop.i18n import MissingTranslation, tr, tr_or

    try:
        reason = tr(page.error, **page.values)
    except (KeyError, MissingTranslation):
        reason = page.error
    return tr("classaudit.page_unread_line", kind=tr_or(f"sources.kind.{page.kind}", page.kind), page=page.target,
              reason=reason)


def summary_line(result: AuditResult) -> str:
    """The audit's last word: finished, or finished with pages not read (never "done" over a gap)."""
    from desktop.i18n import tr

    scanned, skipped, failed = result.count(SCANNED), result.count(SKIPPED), result.count(FAILED)
    if not scanned:  # nobody was checked: never "finished" as if the class were clear
        line = tr("classaudit.nothing_checked", skipped=skipped, failed=failed)
    elif result.complete:
        line = tr("classaudit.done", scanned=scanned, skipped=skipped, failed=failed)
    else:
        line = tr("classaudit.done_unread", scanned=scanned, skipped=skipped, failed=failed,
                  pages=len(result.unread_pages), students=result.students_incomplete)
    return line + (" " + tr("classprivacy.overview_held") if result.overview_held else "")
