"""``jikimi person``: the family (add, list, consent, remove); a class's students are listed here too."""

from __future__ import annotations

import argparse

from desktop import i18n
from desktop.cli.arguments import Commands
from desktop.cli.common import consent_hint, person_consent_command, with_workspace
from desktop.cli.output import EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, complain, confirm_deletion, say, shell_word
from desktop.core import consent as consent_rules
from desktop.core.deletion import WIPED_GROUPS
from desktop.core.errors import StorageError
from desktop.core.local_time import local_date
from desktop.core.models import AGE_BANDS, ROLES


def register(command: Commands) -> None:
    person = command("person", "cli.help.person")
    action = Commands(person, dest="person_command", describe=False)
    add = action("add", "cli.help.person_add")
    add.add_argument("name", help=i18n.tr("cli.help.person_add_name"))
    add.add_argument("--role", choices=ROLES, default="child", help=i18n.tr("cli.help.person_role"))
    add.add_argument("--age-band", choices=AGE_BANDS, default=None, help=i18n.tr("cli.help.person_age_band"))
    add.add_argument(
        "--consent", choices=("guardian", "self"), action="append", default=[],
        help=i18n.tr("cli.help.consent"),
    )
    add.set_defaults(handler=add_person)

    listing = action("list", "cli.help.person_list")
    students = listing.add_mutually_exclusive_group()
    students.add_argument("--class", dest="class_name", metavar="CLASS", default=None,
                          help=i18n.tr("cli.help.person_list_class"))
    students.add_argument("--all", action="store_true", help=i18n.tr("cli.help.person_list_all"))
    listing.set_defaults(handler=list_persons)

    consent = action("consent", "cli.help.person_consent", describe=True)
    consent.add_argument("name", help=i18n.tr("cli.help.person_name"))
    consent.add_argument("--consent", choices=("guardian", "self"), action="append", default=[],
                         help=i18n.tr("cli.help.consent_who"))
    consent.add_argument("--withdraw", action="store_true", help=i18n.tr("cli.help.consent_withdraw"))
    consent.set_defaults(handler=record_consent)

    remove = action("remove", "cli.help.person_remove")
    remove.add_argument("name", help=i18n.tr("cli.help.person_name"))
    remove.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    remove.add_argument("--delete-cases", action="store_true", help=i18n.tr("cli.help.person_remove_cases"))
    remove.set_defaults(handler=remove_person)


@with_workspace
def add_person(args: argparse.Namespace, workspace) -> int:
    persons = workspace.persons
    try:
        person = persons.add(args.name, role=args.role, age_band=args.age_band, consent_by=args.consent)
    except StorageError as exc:
        existing = persons.find(args.name) if exc.message_id == "person.exists" else None
        if existing is not None and existing.class_id is None and args.consent:
            complain(i18n.tr(exc.message_id, None, **exc.values))
            complain(i18n.tr("person.exists_consent_hint", name=existing.name,
                             command=person_consent_command(existing, set(args.consent))))
            return EXIT_UNUSABLE
        raise
    consent = persons.consent(person.id)
    reason = consent_rules.refusal_reason(person, consent)
    say(i18n.tr("person.added", name=person.name, role=i18n.tr(f"role.{person.role}")))
    say(i18n.tr("person.consent_ok") if reason is None else i18n.tr(reason))
    if reason is not None:
        say(consent_hint(person, consent))
    return EXIT_OK


@with_workspace
def remove_person(args: argparse.Namespace, workspace) -> int:
    persons = workspace.persons
    person = persons.require(args.name)
    left = workspace.consents.data_left(person.id)
    kept = 0 if args.delete_cases else persons.case_count(person.id)
    if kept:  # evidence cases are crisis records: kept unless --delete-cases says otherwise
        left = {table: rows for table, rows in left.items() if table not in ("cases", "case_events")}
    if not confirm_deletion(i18n.tr("person.remove_question", name=person.name), left, args.yes):
        return EXIT_UNUSABLE
    workspace.consents.delete_person(person.id, delete_cases=args.delete_cases)
    say(i18n.tr("person.removed", name=person.name))
    if kept:
        say(i18n.tr("person.cases_kept", count=kept, name=person.name))
    return EXIT_OK


@with_workspace
def list_persons(args: argparse.Namespace, workspace) -> int:
    """The family by default (as on the Family page); a class's students with --class, everyone with --all."""
    persons = workspace.persons
    if args.class_name:
        school_class = workspace.classes.require(args.class_name)
        people = persons.list(class_id=school_class.id)
    else:
        people = [p for p in persons.list() if args.all or p.class_id is None]
    class_names = {c.id: c.name for c in workspace.classes.list()} if args.class_name or args.all else {}
    if not people:
        say(i18n.tr("person.list_empty_class" if args.class_name else "person.list_empty"))
    missing_consent = False
    for person in people:
        reason = consent_rules.refusal_reason(person, persons.consent(person.id))
        state = i18n.tr("person.consent_ok") if reason is None else i18n.tr(reason)
        if person.class_id is None:
            missing_consent = missing_consent or reason is not None
            role = i18n.tr(f"role.{person.role}")
        else:
            role = i18n.tr("person.student_of", class_name=class_names.get(person.class_id, ""),
                           number=person.student_number or "")
        say(f"{person.name}\t{role}\t{state}")
    if missing_consent:
        say(i18n.tr("person.consent_hint_list"))
    for record in persons.damaged_ids:
        complain(i18n.tr("person.record_damaged", number=record))
    return EXIT_FAILED if persons.damaged_ids else EXIT_OK


@with_workspace
def record_consent(args: argparse.Namespace, workspace) -> int:
    """Record who agreed (added to what was already given), or withdraw consent: that deletes what Jikimi
    learned about the person at once, without asking (the command says what went)."""
    persons = workspace.persons
    person = persons.require(args.name)
    if person.class_id is not None:
        school_class = workspace.classes.get(person.class_id)
        complain(i18n.tr("person.consent_is_student", name=person.name))
        complain(consent_hint(person, None, school_class.name))
        return EXIT_UNUSABLE
    if args.withdraw and args.consent:
        complain(i18n.tr("person.consent_both"))
        return EXIT_UNUSABLE
    if not args.withdraw and not args.consent:
        complain(i18n.tr("person.consent_nothing", name=shell_word(person.name)))
        return EXIT_UNUSABLE
    service = workspace.consents
    if args.withdraw:
        report = service.withdraw(person.id)
        consent = persons.consent(person.id)
        say(i18n.tr("person.consent_withdrawn", name=person.name, date=local_date(consent.recorded_at)))
        if report.total == 0:
            say(i18n.tr("person.wiped_nothing", name=person.name))
        else:
            say(i18n.tr("person.wiped_heading", name=person.name))
            for message_id, tables in WIPED_GROUPS:
                say("  - " + i18n.tr(message_id, rows=sum(report.counts.get(table, 0) for table in tables)))
        say(i18n.tr("person.wiped_kept", name=person.name))
        missing = consent_rules.missing_confirmations(person, consent)
        say(i18n.tr("person.consent_again", command=person_consent_command(person, missing)))
        return EXIT_OK
    given_by = consent_rules.combine_confirmations(
        [*consent_rules.given_confirmations(persons.consent(person.id)), *args.consent])
    assert given_by is not None, "args.consent names at least one person here (checked above)"
    consent = service.record(person.id, "given", given_by=given_by)
    say(i18n.tr(f"person.consent_recorded.{given_by.replace('+', '_and_')}", name=person.name,
                date=local_date(consent.recorded_at)))
    reason = consent_rules.refusal_reason(person, consent)
    say(i18n.tr("person.consent_ok") if reason is None else i18n.tr(reason))
    if reason is not None:
        say(consent_hint(person, consent))
    return EXIT_OK
