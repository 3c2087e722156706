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
