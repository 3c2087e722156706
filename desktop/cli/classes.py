"""``jikimi class``: a teacher's class — its roster (imported as schools export it), ages, consent and the
letters that ask for it, and the students' reference photos. The audit of what the class's pages show, and what
is reported from it, is in :mod:`desktop.cli.class_audit`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop import i18n
from desktop.cli import class_audit, class_consent
from desktop.cli.arguments import Commands
from desktop.cli.common import with_class, with_workspace
from desktop.cli.output import EXIT_OK, EXIT_UNUSABLE, complain, confirm_deletion, say, say_table, shell_word
from desktop.core.models import STUDENT_AGE_BANDS
from desktop.core.tasks import TaskContext


def register(command: Commands) -> None:
    school_class = command("class", "class.cli.help")
    actions = Commands(school_class, dest="class_command")

    def action(name: str, help_id: str, with_class: bool = True) -> argparse.ArgumentParser:
        sub = actions(name, help_id)
        if with_class:
            sub.add_argument("class_name", metavar="CLASS", help=i18n.tr("class.cli.class_name"))
        return sub

    new = action("new", "class.cli.new", with_class=False)
    new.add_argument("name", metavar="NAME", help=i18n.tr("class.cli.new_name"))
    new.add_argument("--school", default=None, help=i18n.tr("class.cli.school"))
    new.set_defaults(handler=new_class)
    action("list", "class.cli.list", with_class=False).set_defaults(handler=list_classes)
    delete = action("delete", "class.cli.delete")
    delete.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    delete.set_defaults(handler=delete_class)
    roster_import = action("import", "class.cli.import")
    roster_import.add_argument("csv_file", metavar="FILE", help=i18n.tr("class.cli.import_file"))
    roster_import.add_argument("--age-band", choices=STUDENT_AGE_BANDS, default=None,
                               help=i18n.tr("class.cli.import_age_band"))
    roster_import.add_argument("--preview", action="store_true", help=i18n.tr("class.cli.import_preview"))
    roster_import.set_defaults(handler=import_roster)
    action("roster", "class.cli.roster").set_defaults(handler=show_roster)
    add = action("add", "class.cli.add")
    add.add_argument("number", metavar="NUMBER", help=i18n.tr("class.cli.new_number"))
    add.add_argument("nickname", metavar="NAME", help=i18n.tr("class.cli.student_name"))
    add.add_argument("--age-band", choices=STUDENT_AGE_BANDS, required=True, help=i18n.tr("class.cli.age_band"))
    add.set_defaults(handler=add_student)
    rename = action("rename", "class.cli.rename")
    rename.add_argument("number", metavar="NUMBER", type=int, help=i18n.tr("class.cli.student_number"))
    rename.add_argument("new_name", metavar="NAME", help=i18n.tr("class.cli.edit_name"))
    rename.set_defaults(handler=edit_student)
    edit = action("edit", "class.cli.edit")
    edit.add_argument("number", metavar="NUMBER", type=int, help=i18n.tr("class.cli.student_number"))
    edit.add_argument("--name", dest="new_name", metavar="NAME", default=None, help=i18n.tr("class.cli.edit_name"))
    edit.add_argument("--age-band", choices=STUDENT_AGE_BANDS, default=None, help=i18n.tr("class.cli.age_band"))
    edit.set_defaults(handler=edit_student)
    enrol_folder = action("enrol", "class.cli.enrol")
    enrol_folder.add_argument("folder", metavar="FOLDER", help=i18n.tr("class.photos.button_tip"))
    enrol_folder.add_argument("--preview", action="store_true", help=i18n.tr("class.cli.enrol_preview"))
    enrol_folder.add_argument("--replace", action="store_true", help=i18n.tr("class.photos.replace"))
    enrol_folder.set_defaults(handler=enrol_photos)
    remove = action("remove", "class.cli.remove")
    remove.add_argument("number", metavar="NUMBER", type=int, help=i18n.tr("class.cli.student_number"))
    remove.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    remove.set_defaults(handler=remove_student)
    age_band = action("age-band", "class.cli.set_age")
    age_band.add_argument("number", metavar="NUMBER", type=int, help=i18n.tr("class.cli.student_number"))
    age_band.add_argument("age_band", choices=STUDENT_AGE_BANDS, metavar="under14|14to17",
                          help=i18n.tr("class.cli.age_band_value"))
    age_band.set_defaults(handler=set_age_band)
    class_consent.register(action)
    class_audit.register(action)


@with_workspace
def new_class(args: argparse.Namespace, workspace) -> int:
    created = workspace.classes.create(args.name, args.school)
    say(i18n.tr("class.created", name=created.name))
    return EXIT_OK


@with_workspace
def list_classes(args: argparse.Namespace, workspace) -> int:
    classes = workspace.classes
    listed = classes.list()
    if not listed:
        say(i18n.tr("class.none_yet"))
    for school_class in listed:
        roster = classes.roster(school_class.id)
        say(i18n.tr("class.list_line", name=school_class.name,
                    school=school_class.school or i18n.tr("class.no_school"), count=len(roster),
                    consenting=sum(1 for member in roster if member.may_be_scanned)))
        if school_class.past_retention(dt.date.today().isoformat()):
            complain(i18n.tr("class.retention.over", name=school_class.name, date=school_class.keep_until,
                             command=f"jikimi class delete {shell_word(school_class.name)}"))
    return EXIT_OK


@with_class
def delete_class(args: argparse.Namespace, workspace, school_class) -> int:
    classes = workspace.classes
    counts = classes.deletion_preview(school_class.id)
    question = i18n.tr("class.delete.question", name=school_class.name, count=counts.pop("students"))
    if not confirm_deletion(question, counts, args.yes):
        return EXIT_UNUSABLE
    classes.delete(school_class.id)
    say(i18n.tr("class.delete.done", name=school_class.name))
    return EXIT_OK


def _import_preview_lines(plan, class_name: str) -> list[str]:
    """New / unchanged / changed / missing, with what to do about the last two."""
    from desktop.reports.roster_text import import_summary

    def listed(items) -> str:
        shown = ", ".join(items[:12])
        return shown + ("…" if len(items) > 12 else "")

    lines = [import_summary(plan)]
    if plan.new:
        lines.append(i18n.tr("class.import.new_list", students=listed(
            [i18n.tr("class.import.student", number=e.number, name=e.nickname) for e in plan.new])))
    for change in plan.changed:
        lines.append(i18n.tr("class.import.changed_line", number=change.member.number, old=change.member.nickname,
                             new=change.entry.nickname, class_name=shell_word(class_name)))
    for member in plan.missing:
        lines.append(i18n.tr("class.import.missing_line", number=member.number, name=member.nickname,
                             class_name=shell_word(class_name)))
    return lines


@with_class
def import_roster(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.core import roster as roster_rules
    from desktop.store.classes import AgeBandNeeded, RosterRejected

    classes = workspace.classes
    try:
        data = roster_rules.read_file(args.csv_file)
        plan = classes.plan_import(school_class.id, data)
    except RosterRejected as exc:
        from desktop.reports.roster_text import roster_problem_lines

        for line in roster_problem_lines(exc):
            complain(line)
        complain(i18n.tr(exc.message_id, None, **exc.values))
        return EXIT_UNUSABLE
    except roster_rules.RosterFileError as exc:
        complain(i18n.tr(exc.message_id, None, **exc.values))
        return EXIT_UNUSABLE
    for line in _import_preview_lines(plan, school_class.name):
        say(line)
    undecided = [entry for entry in plan.new if entry.age_band is None and args.age_band is None]
    if args.preview and undecided:  # the import itself would stop here: the preview says so, not "all fine"
        complain(i18n.tr(AgeBandNeeded(undecided).message_id, None, **AgeBandNeeded(undecided).values))
        complain(i18n.tr("class.import.age_hint"))
        return EXIT_UNUSABLE
    if args.preview or not plan.new:
        if not plan.new:
            say(i18n.tr("class.import.nothing_new"))
        return EXIT_OK
    try:
        result = classes.import_roster(school_class.id, data, age_band=args.age_band)
    except AgeBandNeeded as exc:
        complain(i18n.tr(exc.message_id, None, **exc.values))
        complain(i18n.tr("class.import.age_hint"))
        return EXIT_UNUSABLE
    say(i18n.tr("class.roster.imported", count=len(result.students), encoding=result.encoding))
    teens = sum(1 for student in result.students if student.age_band == "14to17")
    if plan.has_birth_dates:
        say(i18n.tr("class.import.ages_from_birth_dates", teens=teens, younger=len(result.students) - teens))
    if teens:
        say(i18n.tr("class.roster.teen_note"))
    return EXIT_OK


@with_class
def show_roster(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.reports.roster_text import age_label, consent_date_text, consent_state_label

    roster = workspace.classes.roster(school_class.id)
    if not roster:
        say(i18n.tr("class.roster.empty_class"))
        return EXIT_OK
    rows = [i18n.tr("class.roster.heading").split("\t")]  # the columns' names, above the students
    for member in roster:
        rows.append(i18n.tr("class.roster.line", number=member.number, nickname=member.nickname,
                            state=consent_state_label(member.consent_state), date=consent_date_text(member),
                            age=age_label(member.age_band)).split("\t"))
    say_table(rows)
    return EXIT_OK


@with_class
def add_student(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.store.classes import RosterRejected

    try:
        student = workspace.classes.add_student(school_class.id, args.number, args.nickname, age_band=args.age_band)
    except RosterRejected as exc:
        from desktop.reports.roster_text import roster_problem_lines

        for line in roster_problem_lines(exc):
            complain(line)
        return EXIT_UNUSABLE
    say(i18n.tr("class.roster.student_added", number=student.student_number, nickname=student.name))
    if student.age_band == "14to17":
        say(i18n.tr("class.roster.teen_note_one"))
    return EXIT_OK


@with_class
def edit_student(args: argparse.Namespace, workspace, school_class) -> int:
    """``rename`` and ``edit``: a student's name and/or age band."""
    if args.new_name is None and getattr(args, "age_band", None) is None:
        complain(i18n.tr("class.edit.nothing"))
        return EXIT_UNUSABLE
    from desktop.reports.roster_text import age_label
    from desktop.store.classes import RosterRejected

    classes = workspace.classes
    if args.new_name is not None:
        before = classes.roster_member(school_class.id, args.number).nickname
        try:
            member = classes.rename_student(school_class.id, args.number, args.new_name)
        except RosterRejected as exc:  # an empty or too long name
            from desktop.reports.roster_text import roster_problem_lines

            for line in roster_problem_lines(exc):
                complain(line)
            return EXIT_UNUSABLE
        say(i18n.tr("class.edit.renamed", number=member.number, old=before, new=member.nickname))
    if getattr(args, "age_band", None) is not None:
        member = classes.set_age_band(school_class.id, args.number, args.age_band)
        say(i18n.tr("class.age.set", number=member.number, nickname=member.nickname,
                    age=age_label(member.age_band)))
    return EXIT_OK


@with_class
def set_age_band(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.reports.roster_text import age_label

    member = workspace.classes.set_age_band(school_class.id, args.number, args.age_band)
    say(i18n.tr("class.age.set", number=member.number, nickname=member.nickname, age=age_label(member.age_band)))
    if member.consent_state == "awaiting_student":
        say(i18n.tr("class.age.now_awaiting"))
        say(i18n.tr("class.consent.student_hint", class_name=shell_word(school_class.name), number=member.number))
    return EXIT_OK


@with_class
def remove_student(args: argparse.Namespace, workspace, school_class) -> int:
    classes = workspace.classes
    member = classes.roster_member(school_class.id, args.number)
    counts = classes.removal_preview(school_class.id, args.number)
    question = i18n.tr("class.remove.question", number=member.number, name=member.nickname,
                       class_name=school_class.name)
    if not confirm_deletion(question, counts, args.yes):
        return EXIT_UNUSABLE
    classes.remove_student(school_class.id, args.number)
    say(i18n.tr("class.remove.done", number=member.number, name=member.nickname, class_name=school_class.name))
    return EXIT_OK


@with_class
def enrol_photos(args: argparse.Namespace, workspace, school_class) -> int:
    """Faces from a folder of photos named by student number: which file goes to whom and what is left out,
    then (unless --preview) the enrolment, with progress on stderr."""
    from desktop.faces.class_enrol import enrol_class, plan_class_photos
    from desktop.reports.roster_text import enrolment_lines, left_out_line, photos_summary, replace_line, shown_path

    folder = Path(args.folder).expanduser()
    roster = workspace.classes.roster(school_class.id)
    try:
        plan = plan_class_photos(folder, roster, school_class.name)
    except OSError:
        complain(i18n.tr("class.photos.folder_unreadable", path=str(folder)))
        return EXIT_UNUSABLE
    names = {member.number: member.nickname for member in roster}
    say(photos_summary(plan))
    for number, photos in plan.photos.items():
        say(f"  {i18n.tr('class.import.student', number=number, name=names[number])}: "
            + ", ".join(shown_path(path, folder) for path in photos))
    for item in plan.left_out:
        say("  " + left_out_line(item, folder))
    if not plan.photos:
        complain(i18n.tr("class.photos.nothing_to_enrol"))
        return EXIT_UNUSABLE
    if args.replace:  # who loses the faces learnt before, and who keeps them (no photo of theirs here)
        say(replace_line(plan, roster))
    if args.preview:
        return EXIT_OK

    def progress(p) -> None:
        if p.detail and p.total:
            complain(i18n.tr("class.photos.progress", number=p.detail["number"], name=p.detail["name"],
                             done=p.done, total=p.total))

    results = enrol_class(workspace, school_class.id, plan, TaskContext(progress), replace=args.replace)
    for line in enrolment_lines(results):
        say(line)
    return EXIT_OK
