"""The face commands: ``jikimi enroll`` (a person's reference photos), ``jikimi match-folder`` (who is in a folder
of photos, as face_recognition's command does) and ``jikimi blur`` (copies of photos with faces blurred, keeping
the students who may be shown). numpy and dlib load only when one of them runs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO, cast

from desktop import i18n
from desktop.cli.arguments import Commands, yes_no
from desktop.cli.common import open_workspace_for, with_workspace
from desktop.cli.output import EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, EscapedStream, MessageProgress, complain, say
from desktop.core.tasks import Cancelled, TaskContext
from desktop.reports.output import problem_text


def register(command: Commands) -> None:
    enroll = command("enroll", "faces.cli.help_enroll")
    enroll.add_argument("name", help=i18n.tr("faces.cli.help_enroll_name"))
    enroll.add_argument("paths", nargs="+", metavar="PATH", help=i18n.tr("faces.cli.help_enroll_paths"))
    enroll.set_defaults(handler=enroll_person)

    match = command("match-folder", "faces.cli.help_match_folder")
    match.add_argument("known_dir", metavar="KNOWN_DIR", help=i18n.tr("faces.cli.help_known_dir"))
    match.add_argument("unknown", metavar="UNKNOWN_DIR", help=i18n.tr("faces.cli.help_unknown"))
    match.add_argument("--tolerance", type=float, default=None, help=i18n.tr("faces.cli.help_tolerance"))
    match.add_argument("--cpus", type=int, default=None, help=i18n.tr("faces.cli.help_cpus"))
    match.add_argument(
        "--show-distance", nargs="?", const=True, default=False, type=yes_no, metavar="true|false",
        help=i18n.tr("faces.cli.help_show_distance"),
    )
    match.add_argument("--confident-only", action="store_true", help=i18n.tr("faces.cli.help_confident_only"))
    match.add_argument("--json", action="store_true", help=i18n.tr("faces.cli.help_json"))
    match.set_defaults(handler=match_folder)

    blur = command("blur", "blur.cli.help")
    blur.add_argument("src_dir", metavar="SRC_DIR", help=i18n.tr("blur.cli.help_src"))
    blur.add_argument("out_dir", metavar="OUT_DIR", help=i18n.tr("blur.cli.help_out"))
    blur.add_argument("--keep", metavar="NAME", nargs="+", action="extend", default=[],
                      help=i18n.tr("blur.cli.help_keep"))
    blur.add_argument("--review", metavar="FILE", default=None, help=i18n.tr("blur.cli.help_review"))
    blur.add_argument("--dry-run", action="store_true", help=i18n.tr("blur.cli.help_dry_run"))
    blur.set_defaults(handler=blur_faces)


@with_workspace
def enroll_person(args: argparse.Namespace, workspace) -> int:
    from desktop.faces.enrol import enrol, expand_paths

    person = workspace.persons.require(args.name)
    workspace.persons.require_consent(person)
    missing = [p for p in args.paths if not Path(p).exists()]
    for path in missing:
        complain(i18n.tr("faces.cli.path_missing", path=path))
    photos = expand_paths([Path(p) for p in args.paths if Path(p).exists()])
    if not photos:
        complain(i18n.tr("faces.enrol.no_photos"))
        return EXIT_UNUSABLE
    ctx = TaskContext(lambda p: complain(i18n.tr("faces.enrol.progress", done=p.done + 1, total=p.total))
                      if p.total and p.done < p.total else None)
    report = enrol(workspace, person, photos, choose_face=None, ctx=ctx)
    for outcome in report.outcomes:
        if outcome.accepted:
            say(i18n.tr("faces.enrol.accepted_line", path=str(outcome.path)))
            if outcome.warning:
                complain(i18n.tr(outcome.warning, path=str(outcome.path), faces=outcome.faces))
        else:
            assert outcome.reason is not None, "enrol gives every rejected photo a reason"
            say(i18n.tr("faces.enrol.rejected_line", path=str(outcome.path), reason=i18n.tr(outcome.reason)))
    if not report.accepted:
        complain(i18n.tr("faces.enrol.nothing_usable", name=person.name))
        return EXIT_UNUSABLE
    for line in report.summary_lines(person.name):
        say(line)
    return EXIT_OK


def match_folder(args: argparse.Namespace) -> int:
    """Checked before the data is opened: the folders exist and the tolerance is a distance."""
    from desktop.faces.match_folder import match_folder as run_match
    from desktop.store.face_cache import FaceCache

    if not os.path.isdir(args.known_dir):
        complain(i18n.tr("faces.cli.known_not_folder", path=args.known_dir))
        return EXIT_UNUSABLE
    if not os.path.exists(args.unknown):
        complain(i18n.tr("faces.cli.path_missing", path=args.unknown))
        return EXIT_UNUSABLE
    if args.tolerance is not None and not 0 < args.tolerance <= 1:
        complain(i18n.tr("faces.cli.bad_tolerance"))
        return EXIT_UNUSABLE
    cpus = None if args.cpus is None or args.cpus <= 0 else args.cpus
    workspace = open_workspace_for(args)
    try:
        return run_match(
            args.known_dir, args.unknown, tolerance=args.tolerance, cpus=cpus, show_distance=args.show_distance,
            confident_only=args.confident_only, cache=FaceCache(workspace.db, workspace.vault), as_json=args.json,
            # file names can hold ESC sequences: written escaped
            out=cast(TextIO, EscapedStream(sys.stdout)), err=cast(TextIO, EscapedStream(sys.stderr)),
        )
    finally:
        workspace.close()


def blur_faces(args: argparse.Namespace) -> int:
    """The folders are checked before a passcode is asked for; the data is opened only to recognise --keep."""
    from desktop.faces.blur import check_folders, default_review_path, plan_blur, summary_lines, write_copies
    from desktop.reports.blur_review import write_review_sheet

    check_folders(args.src_dir, args.out_dir)  # refuse bad folders before asking for a passcode
    workspace = open_workspace_for(args) if args.keep else None
    try:
        ctx = TaskContext(on_progress=MessageProgress())
        try:
            plan = plan_blur(args.src_dir, args.out_dir, args.keep, workspace=workspace, ctx=ctx)
            if plan.summary.cancelled:
                raise Cancelled()
            review = args.review or default_review_path(args.out_dir)
            try:
                write_review_sheet(plan, review)
            except OSError as exc:
                complain(problem_text(exc, review, "review.pdf"))
            summary = plan.summary if args.dry_run else write_copies(plan, ctx)
        except (Cancelled, KeyboardInterrupt):
            complain(i18n.tr("blur.cancelled"))
            return EXIT_FAILED
        for line in summary_lines(summary):
            say(line)
        if args.dry_run:
            say(i18n.tr("blur.dry_run_done"))
        # Faces that may still be visible, or a kept student not found, need the publisher's attention.
        attention = summary.failed or summary.with_warnings or summary.keep_missing
        return EXIT_FAILED if attention else EXIT_OK
    finally:
        if workspace is not None:
            workspace.close()
