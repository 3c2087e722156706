"""A class roster in words, the same on the Classroom page and in ``jikimi class``: a student's age band and
consent, what recording consent changed, what a roster file would change, and which photos a folder gives whom.
Qt-free, so the window and the command line share it."""

from __future__ import annotations

from pathlib import Path

from desktop.core.local_time import local_date
from desktop.i18n import tr
from desktop.store.classes import AWAITING_STUDENT, GIVEN_WITH_STUDENT


def age_label(age_band: str | None) -> str:
    return tr(f"class.age.{age_band or 'unset'}")


def consent_state_label(state: str) -> str:
    """A roster member's consent state ("given", "waiting for the student's own agreement"…)."""
    return tr(f"class.consent.state.{state}")


def consent_date_text(member) -> str:
    """The local date a roster member's consent answer was recorded, or "—" for a student never asked (the
    roster in the window and ``jikimi class roster`` alike)."""
    if member.consent is None or member.consent_state == "none":
        return "—"
    return local_date(member.consent.recorded_at)


def consent_recorded_text(member) -> str:
    """What recording consent changed, in words: who has agreed, and what is still missing."""
    recorded_at = member.consent.recorded_at if member.consent is not None else None
    values = {"number": member.number, "nickname": member.nickname, "date": local_date(recorded_at)}
    if member.consent_state == GIVEN_WITH_STUDENT:
        return tr("class.consent.recorded_with_student", **values)
    if member.consent_state == AWAITING_STUDENT:
        return tr("class.consent.recorded_awaiting_student", **values)
    return tr("class.consent.recorded", state=consent_state_label(member.consent_state), **values)


def import_summary(plan) -> str:
    """A roster file against the class: how many students are new, unchanged, changed and missing."""
    return tr("class.import.summary", new=len(plan.new), unchanged=len(plan.unchanged), changed=len(plan.changed),
              missing=len(plan.missing))


def shown_path(path: Path, folder: Path) -> str:
    """A file as the teacher finds it in the chosen folder (``3번/a.jpg``)."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def photos_summary(plan) -> str:
    """A folder of class photos: how many students get how many photos, and how many files are left out."""
    return tr("class.photos.preview_summary", students=len(plan.photos), photos=plan.photo_count,
              left_out=len(plan.left_out))


def left_out_line(item, folder: Path) -> str:
    """A file of the folder that goes to nobody, and why."""
    values = dict(item.values)
    if "reason" in values:
        values["reason"] = tr(values["reason"])
    return tr("class.photos.left_out_line", file=shown_path(item.path, folder), reason=tr(item.reason_id, **values))


def enrolment_lines(results) -> list[str]:
    """What enrolling a class's photos did (``faces.class_enrol.enrol_class``): the totals, a line per student
    with the photos that could not be used, and the students whose faces look like the same child."""
    lines = [tr("class.photos.done", students=sum(1 for r in results if r.report.accepted),
                accepted=sum(len(r.report.accepted) for r in results),
                rejected=sum(len(r.report.rejected) for r in results))]
    for result in results:
        lines.append(tr("class.photos.student_line", number=result.number, name=result.name,
                        accepted=len(result.report.accepted), quality=tr(result.report.quality_message_id)))
        for outcome in result.report.rejected:
            lines.append(tr("class.photos.rejected_line", file=outcome.path.name,
                            reason=tr(outcome.reason) if outcome.reason else ""))
    learnt = {}
    for result in results:
        names = [outcome.path.name for outcome in result.report.accepted]
        if names and result.report.references > len(names):  # the pair may come from a photo learnt before
            names.append(tr("class.photos.learnt_before"))
        learnt[result.number] = names
    for pair in results.look_alikes:
        lines.append(tr("class.photos.look_alike", first=pair.first, second=pair.second,
                        first_files=_files_or_earlier(learnt.get(pair.first)),
                        second_files=_files_or_earlier(learnt.get(pair.second))))
    return lines


def _files_or_earlier(names: list[str] | None) -> str:
    return ", ".join(names) if names else tr("class.photos.learnt_before")


def replace_line(plan, roster) -> str:
    """What "replace the faces learnt before" will do with this folder: the students with photos here lose their
    earlier ones; the others keep theirs."""
    replaced = sorted(plan.photos)
    kept = sorted(member.number for member in roster if member.number not in plan.photos)
    text = tr("class.photos.replace_who", numbers=", ".join(map(str, replaced)))
    if kept:
        text += " " + tr("class.photos.replace_kept", numbers=", ".join(map(str, kept)))
    return text


def roster_problem_lines(rejected) -> list[str]:
    """A refused roster's bad rows (the first 20 reported; a problem with no row, such as a missing column, is
    said without one), then how many more there are. The Classroom page and `jikimi class import` alike."""
    lines = [tr("class.roster.problem_line", line=problem.line, reason=tr(problem.reason_id, **problem.values))
             if problem.line else tr(problem.reason_id, **problem.values)
             for problem in rejected.problems]
    if rejected.more:
        lines.append(tr("class.roster.more_problems", count=rejected.more))
    return lines
