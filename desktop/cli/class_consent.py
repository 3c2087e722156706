"""``jikimi class consent`` and ``jikimi class letters``: the letters that ask the families (and from 14 the
students) for consent, and recording the answers; withdrawing deletes what Jikimi learned about the student."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from desktop import i18n
from desktop.cli.common import with_class
from desktop.cli.output import EXIT_OK, EXIT_UNUSABLE, cannot_save, complain, confirm_deletion, say, shell_word

# The answers a Korean teacher types, as the roster and the window say them (spaces ignored).
CONSENT_WORDS = {"요청": "requested", "요청함": "requested", "보냄": "requested", "동의서보냄": "requested",
                 "동의": "given", "동의함": "given", "거부": "refused", "동의안함": "refused", "거절": "refused",
                 "철회": "withdrawn", "철회함": "withdrawn"}


def consent_status(word: str) -> str:
    """``requested``, ``given``, ``refused`` or ``withdrawn``, from those words or their Korean (동의, 철회…)."""
    return CONSENT_WORDS.get(word.replace(" ", ""), word)


def register(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """The consent actions of ``jikimi class`` (``action`` makes one, with its CLASS argument)."""
    consent = action("consent", "class.cli.consent")
    consent.add_argument("number", metavar="NUMBER", type=int, help=i18n.tr("class.cli.student_number"))
    consent.add_argument("status", type=consent_status, choices=("requested", "given", "refused", "withdrawn"),
                         help=i18n.tr("class.cli.consent_status"))
    consent.add_argument("--student-agreed", action="store_true", help=i18n.tr("class.cli.student_agreed"))
    consent.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    consent.set_defaults(handler=record_consent)
    letters = action("letters", "class.cli.letters")
    letters.add_argument("--pdf", metavar="FILE", required=True, help=i18n.tr("class.cli.letters_pdf"))
    letters.add_argument("--date", metavar="YYYY-MM-DD", default=None, help=i18n.tr("class.cli.letter_date"))
    letters.add_argument("--return-by", metavar="YYYY-MM-DD", default=None, help=i18n.tr("class.cli.return_by"))
    letters.add_argument("--keep-until", metavar="YYYY-MM-DD", default=None, help=i18n.tr("class.cli.keep_until"))
    letters.add_argument("--contact", metavar="TEXT", default="", help=i18n.tr("class.cli.contact"))
    letters.set_defaults(handler=write_letters)


def consent_recorded_lines(class_name: str, member) -> list[str]:
    """What recording consent changed, in words (as the window says it), and, when the student's own agreement
    is still missing, the command that records it."""
    from desktop.reports.roster_text import consent_recorded_text

    lines = [consent_recorded_text(member)]
    if member.consent_state == "awaiting_student":
        lines.append(i18n.tr("class.consent.student_hint", class_name=shell_word(class_name), number=member.number))
    return lines


@with_class
def record_consent(args: argparse.Namespace, workspace, school_class) -> int:
    if args.student_agreed and args.status != "given":
        complain(i18n.tr("class.consent.student_agreed_needs_given"))
        return EXIT_UNUSABLE
    classes = workspace.classes
    student = classes.member(school_class.id, args.number)
    if args.student_agreed and student.age_band != "14to17":  # under 14 the guardian's consent is the one
        complain(i18n.tr("class.consent.student_agreed_under14", number=args.number))
        return EXIT_UNUSABLE
    held = classes.consents.data_left(student.id)
    left_before = sum(held.values())
    if args.status in ("withdrawn", "refused") and left_before:
        # Withdrawing deletes at once: say exactly what, and ask (a mistyped number is another child).
        member = classes.roster_member(school_class.id, args.number)
        question = i18n.tr("class.consent.wipe_question", number=member.number, nickname=member.nickname)
        deleted = {table: rows for table, rows in held.items() if table != "cases"}  # cases are kept
        if not confirm_deletion(question, deleted, args.yes, with_entry=False, kept=i18n.tr("class.consent.wipe_kept")):
            return EXIT_UNUSABLE
    classes.set_consent(school_class.id, args.number, args.status, student_agreed=args.student_agreed)
    for line in consent_recorded_lines(school_class.name, classes.roster_member(school_class.id, args.number)):
        say(line)
    if args.status in ("withdrawn", "refused") and left_before:
        from desktop.reports.student_reports import withdrawal_file_lines

        say(i18n.tr("class.consent.wiped"))
        for line in withdrawal_file_lines(classes.consents.last_wipe):
            say(line)
    return EXIT_OK


@with_class
def write_letters(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.core.roster import parse_date
    from desktop.reports.consent_letter import LetterDetails, consent_letters

    classes = workspace.classes
    roster = classes.roster(school_class.id)
    if not roster:
        complain(i18n.tr("class.letters.no_students"))
        return EXIT_UNUSABLE
    dates = {}
    for key in ("date", "return_by", "keep_until"):
        value = getattr(args, key)
        dates[key] = parse_date(value) if value else None  # 2026-03-15 or 2026.3.15; None when not a date
        if value and dates[key] is None:
            complain(i18n.tr("class.cli.bad_date", value=value))
            return EXIT_UNUSABLE
    details = LetterDetails(return_by=dates["return_by"], keep_until=dates["keep_until"],
                            contact=args.contact, **({"date": dates["date"]} if dates["date"] else {}))
    try:
        target = consent_letters(school_class.name, school_class.school,
                                 [(member.number, member.nickname, member.age_band) for member in roster],
                                 args.pdf, lang=args.lang, details=details)
    except OSError as exc:
        return cannot_save(args.pdf, exc, "consent-letters.pdf")
    classes.set_keep_until(school_class.id, details.kept_until.isoformat())
    say(i18n.tr("class.letters.written", count=len(roster), path=str(target)))
    say(i18n.tr("class.retention.recorded", date=details.kept_until.isoformat()))
    return EXIT_OK
