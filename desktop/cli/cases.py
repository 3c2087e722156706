"""``jikimi hash`` and ``jikimi case``: evidence of a photo posted without consent, kept with its fingerprints,
and the case record to report it with (see docs/evidence.md)."""

from __future__ import annotations

import argparse

from desktop import i18n
from desktop.cli.arguments import Commands
from desktop.cli.common import with_workspace
from desktop.cli.output import EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, ask_to_delete, complain, say, say_json
from desktop.core.local_time import local_datetime

REPORT_TARGETS = ("acosav", "kcsc", "police", "school", "platform", "stopncii", "takeitdown", "other")


def register(command: Commands) -> None:
    hashing = command("hash", "cli.help.hash")
    hashing.add_argument("files", nargs="+", metavar="FILE", help=i18n.tr("cli.help.hash_files"))
    hashing.add_argument("--json", action="store_true", help=i18n.tr("cli.help.json"))
    hashing.set_defaults(handler=hash_files)

    case = command("case", "cli.help.case")
    action = Commands(case, dest="case_command")
    new = action("new", "cli.help.case_new")
    new.add_argument("title", help=i18n.tr("cli.help.case_title"))
    new.add_argument("--person", metavar="NAME", help=i18n.tr("cli.help.case_person"))
    new.set_defaults(handler=new_case)
    action("list", "cli.help.case_list").set_defaults(handler=list_cases)
    add_url = action("add-url", "cli.help.case_add_url")
    add_url.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    add_url.add_argument("image_url", metavar="IMAGE_URL", help=i18n.tr("cli.help.case_image_url"))
    add_url.add_argument("--page", metavar="PAGE_URL", help=i18n.tr("cli.help.case_page"))
    add_url.add_argument("--allow-private", action="store_true", help=i18n.tr("cli.help.allow_private"))
    add_url.add_argument("--keep-image", action="store_true", help=i18n.tr("cli.help.keep_image"))
    add_url.set_defaults(handler=add_url_evidence)
    add_file = action("add-file", "cli.help.case_add_file")
    add_file.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    add_file.add_argument("file", metavar="FILE", help=i18n.tr("cli.help.case_file"))
    add_file.add_argument("--keep-image", action="store_true", help=i18n.tr("cli.help.keep_image"))
    add_file.set_defaults(handler=add_file_evidence)
    note = action("note", "cli.help.case_note")
    note.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    note.add_argument("text", help=i18n.tr("cli.help.case_note_text"))
    note.set_defaults(handler=add_note)
    report = action("report", "cli.help.case_report")
    report.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    report.add_argument("--to", required=True, choices=REPORT_TARGETS, help=i18n.tr("cli.help.case_to"))
    report.add_argument("--ref", metavar="REF", help=i18n.tr("cli.help.case_ref"))
    report.add_argument("--when", metavar="DATETIME", help=i18n.tr("cli.help.case_when"))
    report.set_defaults(handler=record_report)
    status = action("status", "cli.help.case_status")
    status.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    status.add_argument("status", choices=("open", "reported", "closed"), help=i18n.tr("cli.help.case_new_status"))
    status.set_defaults(handler=set_status)
    export = action("export", "cli.help.case_export")
    export.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    export.add_argument("--pdf", metavar="FILE", help=i18n.tr("cli.help.case_export_pdf"))
    export.add_argument("--zip", metavar="FILE", help=i18n.tr("cli.help.case_export_zip"))
    export.add_argument("--include-kept-images", action="store_true", help=i18n.tr("cli.help.case_include_kept"))
    export.set_defaults(handler=export_case)
    delete = action("delete", "cli.help.case_delete")
    delete.add_argument("case_id", type=int, metavar="CASE_ID", help=i18n.tr("cli.help.case_id"))
    delete.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    delete.set_defaults(handler=delete_case)
    verify = action("verify", "cli.help.case_verify")
    verify.add_argument("zip", metavar="FILE.zip", help=i18n.tr("cli.help.case_verify_zip"))
    verify.set_defaults(handler=verify_export)


def hash_files(args: argparse.Namespace) -> int:
    from desktop.reports.evidence import FileUnreadable, hash_file
    from desktop.reports.pdq import GOOD_QUALITY

    results, failed = [], 0
    for name in args.files:
        try:
            hashes = hash_file(name)
        except FileUnreadable as exc:
            failed += 1
            complain(i18n.tr(exc.message_id, None, **exc.values))
            continue
        results.append(hashes)
        if args.json:
            continue
        say(hashes.path)
        say(f"  sha256: {hashes.sha256}")
        say(f"  md5:    {hashes.md5}")
        if hashes.pdq is not None and hashes.pdq_quality is not None:  # pdq_hash gives both or neither
            say(f"  pdq:    {hashes.pdq}  ({i18n.tr('hash.quality', quality=hashes.pdq_quality)})")
            if hashes.pdq_quality < GOOD_QUALITY:
                say(f"  {i18n.tr('hash.low_quality')}")
        else:
            say("  pdq:    -")
            say(f"  {i18n.tr('hash.video_note' if hashes.media == 'video' else 'hash.other_note')}")
    if args.json:
        say_json([r.to_dict() for r in results])
    if failed:
        complain(i18n.tr("hash.summary_failed", failed=failed, total=len(args.files)))
        return EXIT_FAILED
    return EXIT_OK


def verify_export(args: argparse.Namespace) -> int:
    from desktop.reports.case_export import verify_manifest

    problems = verify_manifest(args.zip)
    if not problems:
        say(i18n.tr("cli.case_verified", path=args.zip))
        return EXIT_OK
    complain(i18n.tr("cli.case_verify_failed", path=args.zip, count=len(problems)))
    for problem in problems:
        complain(f"  - {problem}")
    return EXIT_FAILED


@with_workspace
def new_case(args: argparse.Namespace, workspace) -> int:
    person_id = workspace.persons.require(args.person).id if args.person else None
    case = workspace.cases.create(args.title, person_id=person_id)
    say(i18n.tr("cli.case_created", case_id=case.id, title=case.title))
    return EXIT_OK


@with_workspace
def list_cases(args: argparse.Namespace, workspace) -> int:
    cases = workspace.cases
    listing = cases.list()
    if not listing:
        say(i18n.tr("cli.case_none"))
    for case in listing:
        say(i18n.tr("cli.case_line", case_id=case.id, status=i18n.tr(f"cases.status.{case.status}"),
                    records=len(cases.evidence(case.id)), updated=local_datetime(case.updated_at), title=case.title))
    return EXIT_OK


@with_workspace
def delete_case(args: argparse.Namespace, workspace) -> int:
    """Evidence cases are kept through every other deletion: this is the one explicit way to delete one."""
    cases = workspace.cases
    case = cases.get(args.case_id)
    say(i18n.tr("evidence_page.delete_confirm", case_id=case.id, records=len(cases.evidence(case.id)),
                reports=len(cases.events(case.id, "report"))))
    if not ask_to_delete(args.yes):
        return EXIT_UNUSABLE
    cases.delete(case.id)
    say(i18n.tr("cli.case_deleted", case_id=case.id, title=case.title))
    return EXIT_OK


def _problem_text(exc: Exception) -> str:
    """The translated message of an error carrying a ``message_id`` (falls back to the technical detail)."""
    message_id = getattr(exc, "message_id", None)
    if message_id:
        try:
            return i18n.tr(message_id, **getattr(exc, "values", {}))
        except (i18n.MissingTranslation, KeyError):
            pass
    return i18n.tr("evidence.fetch_failed", detail=str(exc))


@with_workspace
def add_url_evidence(args: argparse.Namespace, workspace) -> int:
    from desktop.reports.evidence import capture_from_url

    cases = workspace.cases
    cases.get(args.case_id)  # a wrong number fails before anything is fetched
    try:
        from desktop.sources.http import HttpClient
    except ImportError:
        complain(i18n.tr("evidence.fetch_unavailable"))
        return EXIT_UNUSABLE
    try:
        with HttpClient() as client:
            record = capture_from_url(args.image_url, args.page, client, allow_private=args.allow_private,
                                      keep_image=args.keep_image)
    except Exception as exc:  # noqa: BLE001 - the client's SourceError carries a message for the user
        if getattr(exc, "message_id", None) is None:
            raise
        complain(_problem_text(exc))
        return EXIT_UNUSABLE
    return _store_record(args, cases, record)


@with_workspace
def add_file_evidence(args: argparse.Namespace, workspace) -> int:
    from desktop.reports.evidence import FileUnreadable, capture_from_file

    cases = workspace.cases
    cases.get(args.case_id)
    try:
        record = capture_from_file(args.file, keep_image=args.keep_image)
    except FileUnreadable as exc:
        complain(i18n.tr(exc.message_id, None, **exc.values))
        return EXIT_UNUSABLE
    return _store_record(args, cases, record)


def _store_record(args: argparse.Namespace, cases, record) -> int:
    stored = cases.add_evidence(args.case_id, record.to_dict(), kept_image=record.kept_image)
    say(i18n.tr("cli.case_evidence_added", evidence_id=stored.id, case_id=args.case_id))
    say(f"  sha256: {record.sha256}")
    say(f"  md5:    {record.md5}")
    if record.pdq:
        say(f"  pdq:    {record.pdq}  ({i18n.tr('hash.quality', quality=record.pdq_quality)})")
    if record.image_kept:
        complain(i18n.tr("evidence.keep_warning"))
    else:
        say(i18n.tr("cli.case_image_not_kept"))
    return EXIT_OK


@with_workspace
def add_note(args: argparse.Namespace, workspace) -> int:
    workspace.cases.add_note(args.case_id, args.text)
    say(i18n.tr("cli.case_note_added", case_id=args.case_id))
    return EXIT_OK


@with_workspace
def record_report(args: argparse.Namespace, workspace) -> int:
    event = workspace.cases.record_report(args.case_id, args.to, reference=args.ref, when=args.when)
    say(i18n.tr("cli.case_report_added", target=i18n.tr(f"cases.target.{args.to}"),
                reference=event.detail.get("reference") or "-"))
    return EXIT_OK


@with_workspace
def set_status(args: argparse.Namespace, workspace) -> int:
    case = workspace.cases.set_status(args.case_id, args.status)
    say(i18n.tr("cli.case_status_set", case_id=case.id, status=i18n.tr(f"cases.status.{case.status}")))
    return EXIT_OK


@with_workspace
def export_case(args: argparse.Namespace, workspace) -> int:
    from desktop.reports.case_export import ExportError, export_pdf, export_zip

    if not args.pdf and not args.zip:
        complain(i18n.tr("cli.case_export_nothing"))
        return EXIT_UNUSABLE
    workspace.cases.get(args.case_id)
    try:
        if args.pdf:
            say(i18n.tr("cli.case_exported", path=export_pdf(workspace, args.case_id, args.pdf)))
        if args.zip:
            target = export_zip(workspace, args.case_id, args.zip, include_kept_images=args.include_kept_images)
            say(i18n.tr("cli.case_exported", path=target))
    except ExportError as exc:
        complain(i18n.tr(exc.message_id, None, **exc.values))
        return EXIT_UNUSABLE
    return EXIT_OK
