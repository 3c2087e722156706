"""``jikimi scan`` and ``jikimi report``: check a person's linked sources now, and their results as a PDF."""

from __future__ import annotations

import argparse
import sys

from desktop import i18n
from desktop.cli.arguments import Commands
from desktop.cli.common import allow_private_hint, family_only, kind_label, with_workspace
from desktop.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_SOURCES_FAILED,
    EXIT_UNUSABLE,
    cannot_save,
    complain,
    printable,
    say,
    say_json,
)
from desktop.core.tasks import Cancelled, TaskContext, eta_text


def register(command: Commands) -> None:
    scan = command("scan", "cli.help.scan")
    scan.add_argument("name", help=i18n.tr("cli.help.scan_name"))
    scan.add_argument("--json", action="store_true", help=i18n.tr("cli.help.scan_json"))
    scan.set_defaults(handler=run_scan)
    report = command("report", "cli.help.report")
    report.add_argument("name", help=i18n.tr("cli.help.report_name"))
    report.add_argument("--pdf", metavar="FILE", required=True, help=i18n.tr("cli.help.report_pdf"))
    report.set_defaults(handler=write_report)
    for student_level in (scan, report):  # a class member's results are their family's: the code from the slip
        student_level.add_argument("--family-code", metavar="CODE", default=None,
                                   help=i18n.tr("classprivacy.cli.family_code"))


class StderrProgress:
    """One progress line on stderr, rewritten in place on a terminal."""

    def __init__(self):
        self.interactive = sys.stderr.isatty()
        self.last = ""

    def __call__(self, progress) -> None:
        detail = progress.detail
        if detail is None:
            return
        current = detail.sources.get(detail.current_source)
        line = i18n.tr(
            "scan.progress_line", checked=detail.photos_checked, found=detail.photos_found,
            source=kind_label(current.kind) if current else "", eta=eta_text(detail.eta_seconds()),
        )
        if line == self.last:
            return
        self.last = line
        line = printable(line)
        print(("\r" + line) if self.interactive else line, end="" if self.interactive else "\n", file=sys.stderr,
              flush=True)

    def finish(self) -> None:
        if self.interactive and self.last:
            print(file=sys.stderr)


@with_workspace
def run_scan(args: argparse.Namespace, workspace) -> int:
    from desktop.scan import report as scan_report
    from desktop.scan.orchestrator import Scanner

    progress = StderrProgress()
    scanner = Scanner(workspace)
    try:
        person = workspace.persons.require(args.name)
        refused = family_only(workspace, person, args.family_code)
        if refused is not None:
            return refused
        try:
            outcome = scanner.scan(person, TaskContext(on_progress=progress))
        except (Cancelled, KeyboardInterrupt):  # Ctrl-C, or a wipe of this person from another window
            scanner.close(stop_now=True)
            progress.finish()
            complain(i18n.tr("scan.cancelled"))
            return EXIT_FAILED
        progress.finish()
        data = scan_report.load(workspace, person)
        # The scan just ended done or failed (cancelled raised above), so there is a scan to report on.
        assert data is not None, "a scan that has just ended always has a report"
        failures = source_failure_lines(workspace, person, data)
        if args.json:
            say_json(scan_report.as_json(data))
            for line in failures:  # stdout holds only the JSON
                complain(line)
        elif outcome.state == "failed":  # nothing was read: no score, no "0 photos found"
            say(i18n.tr("scan.nothing_checked", name=person.name))
            for line in failures:
                say(line)
            return EXIT_SOURCES_FAILED
        else:
            level = i18n.tr(f"risk.level.{outcome.level}")
            unread, total = scan_report.sources_unread(data)
            if unread and unread == total:  # a run that failed is never shown as a low score
                say(i18n.tr("scan.no_score_all_failed", name=person.name))
            else:
                say(i18n.tr("scan.done_line_incomplete" if unread else "scan.done_line", name=person.name,
                            score=outcome.score, level=level, count=len(data.exposures)))
            for line in failures:
                say(line)
            for reason in data.reasons:
                say(f"- {reason}")
            for number, recommendation in enumerate(data.recommendations, start=1):
                say(f"{number}. {recommendation.title}")
        return EXIT_SOURCES_FAILED if failures else EXIT_OK
    finally:
        scanner.close()


def source_failure_lines(workspace, person, data) -> list[str]:
    """"2 of 5 linked sources could not be read:", then each one by kind and address with the reason, and for a
    refused local address the command that allows it. Empty when every source was read."""
    from desktop.store.scans import ScanRepository

    failed = [source for source in data.sources if source["error"]]
    if not failed:
        return []
    codes = ScanRepository(workspace.db, workspace.vault).source_states((data.attempt or data.scan).id)
    lines = [i18n.tr("scan.sources_failed", failed=len(failed), total=len(data.sources))]
    for source in failed:
        lines.append("  - " + i18n.tr("scan.source_failed_line", kind=kind_label(source["kind"]),
                                      target=source["target"], error=source["error"]))
        code = codes.get(source["id"], {}).get("error_code")
        if code == "sources.private_address" and workspace.sources.get(source["id"]).person_id == person.id:
            lines.append("    " + allow_private_hint(person, source["id"]))
    return lines


@with_workspace
def write_report(args: argparse.Namespace, workspace) -> int:
    from desktop.reports import family_report
    from desktop.scan import report as scan_report
    from desktop.store.family_codes import FamilyCodes
    from desktop.store.scans import ScanRepository

    person = workspace.persons.require(args.name)
    refused = family_only(workspace, person, args.family_code)
    if refused is not None:
        return refused
    data = scan_report.load(workspace, person)
    if data is None:
        complain(i18n.tr("scan.no_scan_yet", name=person.name))
        return EXIT_UNUSABLE
    repo = ScanRepository(workspace.db, workspace.vault)
    thumbnails = repo.thumbnails(e["finding_id"] for e in data.exposures)
    try:
        # A class member's report stays locked with the family's code, wherever it is saved.
        lock = FamilyCodes(workspace.db, workspace.vault).code(person.id) if person.class_id is not None else None
        target = family_report.write(data, args.pdf, thumbnails, password=lock)
    except OSError as exc:
        return cannot_save(args.pdf, exc, "jikimi-report.pdf")
    say(i18n.tr("report.written", path=str(target)))
    return EXIT_OK
