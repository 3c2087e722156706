"""A student whose linked sources could not be read is not reported to the teacher as scanned."""

from desktop.core.models import Person
from desktop.core.tasks import TaskContext
from desktop.scan import class_audit
from desktop.scan.orchestrator import ScanOutcome


class NothingReadable:
    def scan(self, person, ctx):
        return ScanOutcome(scan_id=1, state="failed", score=None, level=None, resumed=False)


def test_a_student_whose_sources_could_not_be_read_is_a_failure_not_a_scan():
    student = Person(id=1, name="Jiho", role="student", age_band="under14", created_at="", class_id=1,
                     student_number=7)
    result = class_audit.AuditResult()
    class_audit._scan_queue(None, NothingReadable(), [student], result, TaskContext())
    assert result.count(class_audit.SCANNED) == 0 and result.count(class_audit.FAILED) == 1
    assert class_audit.outcome_line(result.outcomes[0]) == (
        "Student 7: failed, no linked account or page could be read, so nothing was checked")
