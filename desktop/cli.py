"""The headless commands (see PRODUCT.md): thin over the same services the window uses."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable

from desktop import __version__, i18n, paths, preferences

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2
ENV_PASSCODE = "JIKIMI_PASSCODE"

PAGES = ("home", "family", "classroom", "checklist", "help", "settings")


def _common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=i18n.tr("cli.help.data_dir"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help=i18n.tr("cli.help.lang"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jikimi", description=i18n.tr("cli.description"))
    parser.add_argument("--version", action="version", version=f"Jikimi {__version__}")
    _common_options(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help=i18n.tr("cli.help.demo"))
    parser.add_argument("--screenshot", metavar="FILE", help=i18n.tr("cli.help.screenshot"))
    parser.add_argument("--page", default="home", metavar="NAME", help=i18n.tr("cli.help.page"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_id: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=i18n.tr(help_id), description=i18n.tr(help_id))
        _common_options(sub, suppress=True)
        return sub

    command("self-test", "cli.help.self_test")

    person = command("person", "cli.help.person")
    person_commands = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    add = person_commands.add_parser("add", help=i18n.tr("cli.help.person_add"))
    _common_options(add, suppress=True)
    add.add_argument("name")
    add.add_argument("--role", choices=("child", "student", "self"), default="child")
    add.add_argument("--age-band", choices=("under14", "14to17", "adult"), default=None)
    add.add_argument(
        "--consent", choices=("guardian", "self"), action="append", default=[],
        help=i18n.tr("cli.help.consent"),
    )
    listing = person_commands.add_parser("list", help=i18n.tr("cli.help.person_list"))
    _common_options(listing, suppress=True)
    remove = person_commands.add_parser("remove", help=i18n.tr("cli.help.person_remove"))
    _common_options(remove, suppress=True)
    remove.add_argument("name")

    enroll = command("enroll", "faces.cli.help_enroll")
    enroll.add_argument("name")
    enroll.add_argument("paths", nargs="+", metavar="PATH", help=i18n.tr("faces.cli.help_enroll_paths"))

    match = command("match-folder", "faces.cli.help_match_folder")
    match.add_argument("known_dir", metavar="KNOWN_DIR")
    match.add_argument("unknown", metavar="UNKNOWN_DIR")
    match.add_argument("--tolerance", type=float, default=None, help=i18n.tr("faces.cli.help_tolerance"))
    match.add_argument("--cpus", type=int, default=None, help=i18n.tr("faces.cli.help_cpus"))
    match.add_argument(
        "--show-distance", nargs="?", const=True, default=False, type=_yes_no, metavar="true|false",
        help=i18n.tr("faces.cli.help_show_distance"),
    )
    match.add_argument("--confident-only", action="store_true", help=i18n.tr("faces.cli.help_confident_only"))
    return parser


def _yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "y", "on"):
        return True
    if lowered in ("0", "false", "no", "n", "off"):
        return False
    raise argparse.ArgumentTypeError(value)


def parse_args(argv: list[str]) -> argparse.Namespace:
    # Language first, so --help itself is translated.
    lang = _language_from(argv)
    i18n.set_language(lang)
    args = build_parser().parse_args(argv)
    args.lang = lang
    if args.page not in PAGES and not args.command:
        build_parser().error(i18n.tr("cli.unknown_page", page=args.page, pages=", ".join(PAGES)))
    return args


def _language_from(argv: list[str]) -> str:
    for index, token in enumerate(argv):
        if token == "--lang" and index + 1 < len(argv) and argv[index + 1] in i18n.LANGUAGES:
            return argv[index + 1]
        if token.startswith("--lang=") and token.split("=", 1)[1] in i18n.LANGUAGES:
            return token.split("=", 1)[1]
    data_dir = None
    for index, token in enumerate(argv):
        if token == "--data-dir" and index + 1 < len(argv):
            data_dir = argv[index + 1]
    saved = preferences.load(paths.resolve(data_dir)).get("language")
    return saved if saved in i18n.LANGUAGES else i18n.system_language()


def passcode_from_environment(prompt_if_needed: bool = True) -> str | None:
    if os.environ.get(ENV_PASSCODE):
        return os.environ[ENV_PASSCODE]
    if prompt_if_needed and sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(i18n.tr("cli.passcode_prompt"))
    return None


def say(message: str) -> None:
    print(message, flush=True)


def complain(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def open_workspace_for(args: argparse.Namespace):
    """The workspace for ``--data-dir``; asks for the passcode only when the data has one."""
    from desktop.secrets import KeyStore
    from desktop.store.workspace import open_workspace

    app_paths = paths.resolve(args.data_dir)
    passcode = passcode_from_environment() if KeyStore(app_paths).needs_passcode() else None
    return open_workspace(app_paths, passcode)


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop import selftest
    from desktop.secrets import KeyStore

    app_paths = paths.resolve(args.data_dir)
    passcode = passcode_from_environment() if KeyStore(app_paths).needs_passcode() else None
    results = selftest.run_checks(app_paths, passcode)
    labels = {selftest.OK: "ok", selftest.WARN: "warn", selftest.FAIL: "FAIL"}
    for result in results:
        say(f"[{labels[result.status]:>4}] {i18n.tr(result.name_id)}: {result.detail}")
    failed = [r for r in results if r.status == selftest.FAIL]
    say(i18n.tr("selftest.summary_failed" if failed else "selftest.summary_ok", failed=len(failed)))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_person(args: argparse.Namespace) -> int:
    from desktop.core import consent as consent_rules

    workspace = open_workspace_for(args)
    try:
        persons = workspace.persons
        if args.person_command == "add":
            person = persons.add(args.name, role=args.role, age_band=args.age_band, consent_by=args.consent)
            reason = consent_rules.refusal_reason(person, persons.consent(person.id))
            say(i18n.tr("person.added", name=person.name, role=i18n.tr(f"role.{person.role}")))
            say(i18n.tr("person.consent_ok") if reason is None else i18n.tr(reason))
        elif args.person_command == "list":
            for person in persons.list():
                reason = consent_rules.refusal_reason(person, persons.consent(person.id))
                state = i18n.tr("person.consent_ok") if reason is None else i18n.tr(reason)
                say(f"{person.name}\t{i18n.tr(f'role.{person.role}')}\t{state}")
        elif args.person_command == "remove":
            person = persons.require(args.name)
            persons.delete(person.id)
            say(i18n.tr("person.removed", name=person.name))
        return EXIT_OK
    finally:
        workspace.close()


def cmd_enroll(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop.core.tasks import TaskContext
    from desktop.faces.enrol import enrol, expand_paths

    workspace = open_workspace_for(args)
    try:
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
                say(i18n.tr("faces.enrol.rejected_line", path=str(outcome.path), reason=i18n.tr(outcome.reason)))
        if not report.accepted:
            complain(i18n.tr("faces.enrol.nothing_usable", name=person.name))
            return EXIT_UNUSABLE
        say(i18n.tr("faces.enrol.summary", name=person.name, accepted=len(report.accepted),
                    references=report.references))
        say(i18n.tr(report.quality_message_id))
        return EXIT_OK
    finally:
        workspace.close()


def cmd_match_folder(args: argparse.Namespace) -> int:
    from desktop.faces.match_folder import match_folder
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
        return match_folder(
            args.known_dir, args.unknown, tolerance=args.tolerance, cpus=cpus, show_distance=args.show_distance,
            confident_only=args.confident_only, cache=FaceCache(workspace.db, workspace.vault),
        )
    finally:
        workspace.close()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "self-test": cmd_self_test,
    "person": cmd_person,
    "enroll": cmd_enroll,
    "match-folder": cmd_match_folder,
}


def run_command(args: argparse.Namespace) -> int:
    from desktop import log
    from desktop.secrets import KeyUnavailable, TooManyAttempts
    from desktop.store.crypto import WrongPasscode
    from desktop.store.db import StorageError

    log.setup_logging(paths.resolve(args.data_dir).ensure().log_file)
    try:
        return COMMANDS[args.command](args)
    except TooManyAttempts as exc:
        complain(i18n.tr("key.too_many_attempts", seconds=int(exc.wait_seconds) + 1))
    except KeyUnavailable as exc:
        complain(i18n.tr(exc.message_id))
    except WrongPasscode:
        complain(i18n.tr("key.wrong_passcode"))
    except StorageError as exc:
        complain(i18n.tr(exc.message_id, **exc.values))
    return EXIT_UNUSABLE
