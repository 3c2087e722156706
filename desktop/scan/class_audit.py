"""Class audit: one job that scans every student of a class who may be scanned, one after another.

- A student is scanned only when their consent is in force (``persons.require_consent``), a face is enrolled
  and at least one source is linked (their own, or the class's own school pages). The others are skipped with
  the reason, by student number.
- The class's own sources (homepage gallery, class blog) are added to every student's scan by the
  orchestrator, so each school-page photo is matched against every consenting student.
- Progress for the teacher says "student 3 of 12" and the photo counts: never a name.
- Cancel works between and within students (the running scan is cancelled and resumes next time).
- One student's failure is recorded and the next student is scanned.
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


@dataclass(frozen=True)
class AuditProgress:
    """What the teacher sees while the audit runs (no names)."""

    student: int  # 1-based position in the queue
    students: int
    photos_checked: int = 0
    photos_found: int = 0


@dataclass
class AuditResult:
    outcomes: list[StudentOutcome] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.state == state)


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
    enrolled = {row["person_id"] for row in workspace.db.query("SELECT DISTINCT person_id FROM face_references")}
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
            _scan_queue(scanner, queue, result, ctx)
    finally:
        if own_scanner:
            scanner.close()
    result.outcomes.sort(key=lambda outcome: outcome.number)
    log.info("class audit done: %d scanned, %d failed", result.count(SCANNED), result.count(FAILED))
    return result


def _scan_queue(scanner, queue: list, result: AuditResult, ctx: TaskContext) -> None:
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
        if outcome.state == "failed":  # none of the student's sources could be read: nothing was checked
            result.outcomes.append(StudentOutcome(number, FAILED, "scan.nothing_checked_short"))
            continue
        result.outcomes.append(StudentOutcome(number, SCANNED))
    ctx.progress(len(queue), len(queue), "")


def outcome_line(outcome: StudentOutcome) -> str:
    """One line per student for the teacher: number and state, never the name."""
    from desktop.i18n import tr

    if outcome.state == SCANNED:
        return tr("classaudit.line_scanned", number=outcome.number)
    values = {**outcome.values, "name": tr("classaudit.student_n", number=outcome.number)}
    if "reason" in values:
        values["reason"] = tr(values["reason"])
    try:
        reason = tr(outcome.reason, **values)
    except KeyError:
        reason = outcome.reason or ""
    key = "classaudit.line_skipped" if outcome.state == SKIPPED else "classaudit.line_failed"
    return tr(key, number=outcome.number, reason=reason)
