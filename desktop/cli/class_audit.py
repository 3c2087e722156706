"""``jikimi class`` for what the class's pages show: the school's linked pages, the audit of every consenting
student, its overview (totals only, never a name), the family code slips and per-family reports, and a check of
photos before they are published."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from desktop import i18n
from desktop.cli.common import source_line, with_class
from desktop.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_SOURCES_FAILED,
    MessageProgress,
    cannot_save,
    complain,
    say,
    say_json,
    shell_word,
)
from desktop.core.errors import StorageError
from desktop.core.local_time import local_datetime
from desktop.core.tasks import Cancelled, TaskContext
from desktop.sources.registry import KIND_NAMES


def register(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """The audit actions of ``jikimi class`` (``action`` makes one, with its CLASS argument)."""
    dashboard = action("dashboard", "class.cli.dashboard")
    dashboard.add_argument("--json", action="store_true", help=i18n.tr("class.cli.json"))
    dashboard.set_defaults(handler=show_dashboard)
    source_add = action("source-add", "classaudit.cli.source_add")
    source_add.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=" | ".join(KIND_NAMES))
    source_add.add_argument("target", metavar="TARGET", help=i18n.tr("classaudit.cli.source_target"))
    source_add.add_argument("--base-url", metavar="URL", default=None, help=i18n.tr("sources.cli.help_base_url"))
    source_add.add_argument("--allow-private", action="store_true", help=i18n.tr("sources.cli.help_allow_private"))
    source_add.set_defaults(handler=add_source)
    action("sources", "classaudit.cli.sources").set_defaults(handler=list_sources)
    source_remove = action("source-remove", "classaudit.cli.source_remove")
    source_remove.add_argument("id", type=int, metavar="ID", help=i18n.tr("classaudit.cli.source_id"))
    source_remove.set_defaults(handler=remove_source)
    action("audit", "classaudit.cli.audit").set_defaults(handler=audit)
    reports = action("reports", "classaudit.cli.reports")
    reports.add_argument("--out", metavar="DIR", required=True, help=i18n.tr("classaudit.cli.reports_out"))
    reports.set_defaults(handler=write_reports)
    codes = action("codes", "classprivacy.cli.codes")
    codes.add_argument("--pdf", metavar="FILE", required=True, help=i18n.tr("classprivacy.cli.codes_pdf"))
    codes.add_argument("--number", type=int, nargs="+", action="extend", default=[], metavar="NUMBER",
                       help=i18n.tr("classprivacy.cli.codes_number"))
    codes.set_defaults(handler=write_code_slips)
    check = action("check-photos", "classaudit.cli.check_photos")
    check.add_argument("src", metavar="SRC", help=i18n.tr("classaudit.cli.check_src"))
    check.add_argument("--allow-private", action="store_true", help=i18n.tr("sources.cli.help_allow_private"))
    check.set_defaults(handler=check_class_photos)


@with_class
def add_source(args: argparse.Namespace, workspace, school_class) -> int:
    record = workspace.sources.add(class_id=school_class.id, kind=args.kind, target=args.target, owner="school",
                                   base_url=args.base_url, allow_private=args.allow_private)
    say(i18n.tr("classaudit.source_added", name=school_class.name))
    say(source_line(record))
    return EXIT_OK


@with_class
def list_sources(args: argparse.Namespace, workspace, school_class) -> int:
    records = workspace.sources.list_for_class(school_class.id)
    if not records:
        say(i18n.tr("classaudit.no_sources", name=school_class.name))
    for record in records:
        say(source_line(record))
    return EXIT_OK


@with_class
def remove_source(args: argparse.Namespace, workspace, school_class) -> int:
    record = workspace.sources.get(args.id)
    if record.class_id != school_class.id:
        raise StorageError("sources.not_linked", id=args.id)
    workspace.sources.remove(record.id)
    say(i18n.tr("sources.cli.removed", id=record.id))
    return EXIT_OK


@with_class
def audit(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.scan.class_audit import SCANNED, audit_class, outcome_line, summary_line, unread_page_line
    from desktop.store.class_summary import latest_snapshot

    ctx = TaskContext(on_progress=MessageProgress())
    try:
        result = audit_class(workspace, school_class.id, ctx)
    except (Cancelled, KeyboardInterrupt):
        complain(i18n.tr("classaudit.cancelled"))
        return EXIT_FAILED
    for outcome in result.outcomes:
        if outcome.state != SCANNED or outcome.unread_own:
            complain(outcome_line(outcome))
    for page in result.unread_pages:
        complain(unread_page_line(page))
        if page.error == "sources.private_address":
            complain(i18n.tr("classaudit.allow_private_hint", class_name=shell_word(school_class.name),
                             source_id=page.source_id))
    complain(summary_line(result))
    _print_overview(school_class, latest_snapshot(workspace.db, workspace.vault, school_class.id))
    if result.count("failed"):
        return EXIT_FAILED
    if not result.count(SCANNED):  # nothing was checked: not a clean class
        return EXIT_SOURCES_FAILED
    return EXIT_OK if result.complete else EXIT_SOURCES_FAILED


def _print_overview(school_class, summary) -> None:
    """The class overview as the last finished audit left it (never computed live)."""
    from desktop.reports.class_overview import overview_lines

    say(i18n.tr("class.dash.heading", name=school_class.name))
    if summary is None:
        say(i18n.tr("class.dash.no_audit", button=f"jikimi class audit {shell_word(school_class.name)}"))
        return
    say(i18n.tr("class.dash.as_of", when=local_datetime(summary.created_at)))
    for line in overview_lines(summary.overview, summary.titles, summary.unread_pages):
        say(line)


@with_class
def show_dashboard(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.reports.class_overview import recommendation_title
    from desktop.store.class_summary import latest_snapshot

    summary = latest_snapshot(workspace.db, workspace.vault, school_class.id)
    if args.json:
        if summary is None:
            data = {"class": school_class.name, "audited_at": None}
        else:
            data = {"class": school_class.name, "audited_at": summary.created_at,
                    **summary.overview.to_dict(), "unread_pages": list(summary.unread_pages)}
        titles = summary.titles if summary is not None else {}
        for item in data.get("top_recommendations", []) + data.get("for_school", {}).get("recommendations", []):
            item["title"] = recommendation_title(item["id"], titles)
        say_json(data)
    else:
        _print_overview(school_class, summary)
    if summary is None or not summary.overview.complete or summary.unread_pages:
        return EXIT_SOURCES_FAILED
    return EXIT_OK


@with_class
def write_reports(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.reports.student_reports import write_class_reports

    written = write_class_reports(workspace, school_class.id, args.out, TaskContext(on_progress=MessageProgress()))
    for report in written:
        say(i18n.tr("classaudit.report_line", number=report.number, path=str(report.path)))
    written_line, locked_line, *without_code = written.summary_lines(args.out)
    say(written_line)
    say(locked_line)
    for line in without_code:  # a family left without its report is a problem to act on: stderr
        complain(line)
    return EXIT_OK


@with_class
def write_code_slips(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.reports.family_code_slips import code_slips

    try:
        target, count = code_slips(workspace, school_class.id, args.pdf, args.number or None, lang=args.lang)
    except OSError as exc:
        return cannot_save(args.pdf, exc, "family-codes.pdf")
    say(i18n.tr("classprivacy.slips_written", count=count, path=str(target)))
    return EXIT_OK


@with_class
def check_class_photos(args: argparse.Namespace, workspace, school_class) -> int:
    from desktop.faces.engine import FaceEngine
    from desktop.scan.school_audit import check_photos, result_lines

    with FaceEngine() as engine:
        result = check_photos(workspace, school_class.id, args.src, allow_private=args.allow_private,
                              engine=engine, ctx=TaskContext(on_progress=MessageProgress()))
    for line in result_lines(result):
        say(line)
    if result.take_down:
        return EXIT_FAILED
    return EXIT_SOURCES_FAILED if result.not_checked else EXIT_OK
