"""The headless commands (see PRODUCT.md): thin over the same services the window uses."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from typing import TextIO, cast

from desktop import i18n, paths, preferences
from desktop.core.local_time import local_date, local_datetime
from desktop.secrets import ENV_PASSCODE, passcode_from_environment  # noqa: F401 - shared with the window

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2
EXIT_SOURCES_FAILED = 3  # the scan finished, but some linked sources could not be read

STUDENT_AGE_BANDS = ("under14", "14to17")  # desktop.store.classes.STUDENT_AGE_BANDS, without importing the store
PAGES = ("home", "family", "results", "classroom", "checklist", "help", "found", "lesson", "settings", "evidence")


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with "usage:" in the --lang language."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = i18n.tr("cli.argparse.usage") + " "
        super().add_usage(usage, actions, groups, prefix)


class _HelpAction(argparse.Action):
    """``-h/--help``, described in the --lang language; the help is flushed before exiting, so a reader that went
    away (``jikimi --help | head -1``) is noticed here rather than at interpreter exit."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser.print_help()
        sys.stdout.flush()
        parser.exit()


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words (usage, the section headings, -h/--help, "error") come from the
    catalogs, so ``jikimi --lang ko class --help`` is Korean throughout. Sub-commands get the same class."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = i18n.tr("cli.argparse.positionals")
        self._optionals.title = i18n.tr("cli.argparse.options")
        self.add_argument("-h", "--help", action=_HelpAction, help=i18n.tr("cli.argparse.help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, i18n.tr("cli.argparse.error", prog=self.prog, message=_argparse_message(message))
                  + "\n")


# argparse's own error messages (English, from its gettext catalog) and the catalog ids that say the same;
# a message not listed here is shown as argparse wrote it.
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.argparse.required"),
    (re.compile(r"argument (?P<argument>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "cli.argparse.invalid_choice"),
    (re.compile(r"argument (?P<argument>.+?): invalid \w+ value: (?P<value>.+)"), "cli.argparse.invalid_value"),
    (re.compile(r"argument (?P<argument>.+?): expected one argument"), "cli.argparse.expected_one"),
    (re.compile(r"unrecognized arguments: (?P<arguments>.+)"), "cli.argparse.unrecognized"),
    (re.compile(r"argument (?P<argument>.+?): not allowed with argument (?P<other>.+)"),
     "cli.argparse.not_allowed_with"),
)


def _argparse_message(message: str) -> str:
    for pattern, message_id in _ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return i18n.tr(message_id, **found.groupdict())
    return message


def _common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=i18n.tr("cli.help.data_dir"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help=i18n.tr("cli.help.lang"))


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (reading the package metadata is slow)."""

    def __call__(self, parser, namespace, values, option_string=None):
        import desktop

        print(f"Jikimi {desktop.__version__}")  # on stdout, as argparse's own version action does
        parser.exit()


def _window_size(text: str) -> tuple[int, int]:
    """``1280x720`` -> (1280, 720): the window size of a screenshot (a classroom TV is often 1280×720)."""
    found = re.fullmatch(r"\s*(\d{3,4})\s*[x×]\s*(\d{3,4})\s*", text)
    if not found:
        raise argparse.ArgumentTypeError(text)
    return int(found[1]), int(found[2])


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="jikimi", description=i18n.tr("cli.description"))
    parser.add_argument("--version", action=_VersionAction, nargs=0, help=argparse.SUPPRESS)
    _common_options(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help=i18n.tr("cli.help.demo"))
    parser.add_argument("--screenshot", metavar="FILE", help=i18n.tr("cli.help.screenshot"))
    parser.add_argument("--page", default="home", metavar="NAME", help=i18n.tr("cli.help.page"))
    parser.add_argument("--size", default="1280x860", metavar="WxH", type=_window_size,
                        help=i18n.tr("cli.help.size"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_id: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=i18n.tr(help_id), description=i18n.tr(help_id))
        _common_options(sub, suppress=True)
        return sub

    self_test = command("self-test", "cli.help.self_test")
    self_test.add_argument("--content", action="store_true", help=i18n.tr("cli.help.self_test_content"))

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
    scan = command("scan", "cli.help.scan")
    scan.add_argument("name")
    scan.add_argument("--json", action="store_true", help=i18n.tr("cli.help.scan_json"))
    report = command("report", "cli.help.report")
    report.add_argument("name")
    report.add_argument("--pdf", metavar="FILE", required=True)
    for student_level in (scan, report):  # a class member's results are their family's: the code from the slip
        student_level.add_argument("--family-code", metavar="CODE", default=None,
                                   help=i18n.tr("classprivacy.cli.family_code"))

    listing = person_commands.add_parser("list", help=i18n.tr("cli.help.person_list"))
    _common_options(listing, suppress=True)
    students = listing.add_mutually_exclusive_group()
    students.add_argument("--class", dest="class_name", metavar="CLASS", default=None,
                          help=i18n.tr("cli.help.person_list_class"))
    students.add_argument("--all", action="store_true", help=i18n.tr("cli.help.person_list_all"))
    consent = person_commands.add_parser("consent", help=i18n.tr("cli.help.person_consent"),
                                         description=i18n.tr("cli.help.person_consent"))
    _common_options(consent, suppress=True)
    consent.add_argument("name")
    consent.add_argument("--consent", choices=("guardian", "self"), action="append", default=[],
                         help=i18n.tr("cli.help.consent_who"))
    consent.add_argument("--withdraw", action="store_true", help=i18n.tr("cli.help.consent_withdraw"))
    remove = person_commands.add_parser("remove", help=i18n.tr("cli.help.person_remove"))
    _common_options(remove, suppress=True)
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    remove.add_argument("--delete-cases", action="store_true", help=i18n.tr("cli.help.person_remove_cases"))
    _add_evidence_commands(command)
    _class_parser(command)
    _source_parser(command)

    checklist = command("checklist", "guidance.cli.checklist")
    checklist.add_argument("--pdf", metavar="FILE", required=True, help=i18n.tr("guidance.cli.checklist_pdf"))
    checklist.add_argument("--person", metavar="NAME", default=None, help=i18n.tr("guidance.cli.checklist_person"))
    checklist.add_argument("--family-code", metavar="CODE", default=None, help=i18n.tr("classprivacy.cli.family_code"))

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
    match.add_argument("--json", action="store_true", help=i18n.tr("faces.cli.help_json"))

    blur = command("blur", "blur.cli.help")
    blur.add_argument("src_dir", metavar="SRC_DIR")
    blur.add_argument("out_dir", metavar="OUT_DIR")
    blur.add_argument("--keep", metavar="NAME", nargs="+", action="extend", default=[],
                      help=i18n.tr("blur.cli.help_keep"))
    blur.add_argument("--review", metavar="FILE", default=None, help=i18n.tr("blur.cli.help_review"))
    blur.add_argument("--dry-run", action="store_true", help=i18n.tr("blur.cli.help_dry_run"))
    return parser


def _add_evidence_commands(command) -> None:
    hashing = command("hash", "cli.help.hash")
    hashing.add_argument("files", nargs="+", metavar="FILE", help=i18n.tr("cli.help.hash_files"))
    hashing.add_argument("--json", action="store_true", help=i18n.tr("cli.help.json"))

    case = command("case", "cli.help.case")
    actions = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    def action(name: str, help_id: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=i18n.tr(help_id), description=i18n.tr(help_id))
        _common_options(sub, suppress=True)
        return sub

    new = action("new", "cli.help.case_new")
    new.add_argument("title")
    new.add_argument("--person", metavar="NAME", help=i18n.tr("cli.help.case_person"))
    action("list", "cli.help.case_list")
    add_url = action("add-url", "cli.help.case_add_url")
    add_url.add_argument("case_id", type=int, metavar="CASE_ID")
    add_url.add_argument("image_url", metavar="IMAGE_URL")
    add_url.add_argument("--page", metavar="PAGE_URL", help=i18n.tr("cli.help.case_page"))
    add_url.add_argument("--allow-private", action="store_true", help=i18n.tr("cli.help.allow_private"))
    add_url.add_argument("--keep-image", action="store_true", help=i18n.tr("cli.help.keep_image"))
    add_file = action("add-file", "cli.help.case_add_file")
    add_file.add_argument("case_id", type=int, metavar="CASE_ID")
    add_file.add_argument("file", metavar="FILE")
    add_file.add_argument("--keep-image", action="store_true", help=i18n.tr("cli.help.keep_image"))
    note = action("note", "cli.help.case_note")
    note.add_argument("case_id", type=int, metavar="CASE_ID")
    note.add_argument("text")
    report = action("report", "cli.help.case_report")
    report.add_argument("case_id", type=int, metavar="CASE_ID")
    report.add_argument("--to", required=True, choices=("acosav", "kcsc", "police", "school", "platform", "stopncii",
                                                         "takeitdown", "other"), help=i18n.tr("cli.help.case_to"))
    report.add_argument("--ref", metavar="REF", help=i18n.tr("cli.help.case_ref"))
    report.add_argument("--when", metavar="DATETIME", help=i18n.tr("cli.help.case_when"))
    status = action("status", "cli.help.case_status")
    status.add_argument("case_id", type=int, metavar="CASE_ID")
    status.add_argument("status", choices=("open", "reported", "closed"))
    export = action("export", "cli.help.case_export")
    export.add_argument("case_id", type=int, metavar="CASE_ID")
    export.add_argument("--pdf", metavar="FILE")
    export.add_argument("--zip", metavar="FILE")
    export.add_argument("--include-kept-images", action="store_true", help=i18n.tr("cli.help.case_include_kept"))
    verify = action("verify", "cli.help.case_verify")
    verify.add_argument("zip", metavar="FILE.zip")


def _class_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    school_class = command("class", "class.cli.help")
    actions = school_class.add_subparsers(dest="class_command", metavar="ACTION", required=True)

    def action(name: str, help_id: str, with_class: bool = True) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=i18n.tr(help_id), description=i18n.tr(help_id))
        _common_options(sub, suppress=True)
        if with_class:
            sub.add_argument("class_name", metavar="CLASS")
        return sub

    new = action("new", "class.cli.new", with_class=False)
    new.add_argument("name", metavar="NAME")
    new.add_argument("--school", default=None)
    action("list", "class.cli.list", with_class=False)
    action("delete", "class.cli.delete").add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    roster_import = action("import", "class.cli.import")
    roster_import.add_argument("csv_file", metavar="FILE")
    roster_import.add_argument("--age-band", choices=STUDENT_AGE_BANDS, default=None,
                               help=i18n.tr("class.cli.import_age_band"))
    roster_import.add_argument("--preview", action="store_true", help=i18n.tr("class.cli.import_preview"))
    action("roster", "class.cli.roster")
    add = action("add", "class.cli.add")
    add.add_argument("number", metavar="NUMBER")
    add.add_argument("nickname", metavar="NAME")
    add.add_argument("--age-band", choices=STUDENT_AGE_BANDS, required=True, help=i18n.tr("class.cli.age_band"))
    rename = action("rename", "class.cli.rename")
    rename.add_argument("number", metavar="NUMBER", type=int)
    rename.add_argument("new_name", metavar="NAME")
    edit = action("edit", "class.cli.edit")
    edit.add_argument("number", metavar="NUMBER", type=int)
    edit.add_argument("--name", dest="new_name", metavar="NAME", default=None, help=i18n.tr("class.cli.edit_name"))
    edit.add_argument("--age-band", choices=STUDENT_AGE_BANDS, default=None, help=i18n.tr("class.cli.age_band"))
    enrol_folder = action("enrol", "class.cli.enrol")
    enrol_folder.add_argument("folder", metavar="FOLDER", help=i18n.tr("class.photos.button_tip"))
    enrol_folder.add_argument("--preview", action="store_true", help=i18n.tr("class.cli.enrol_preview"))
    remove = action("remove", "class.cli.remove")
    remove.add_argument("number", metavar="NUMBER", type=int)
    remove.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    age_band = action("age-band", "class.cli.set_age")
    age_band.add_argument("number", metavar="NUMBER", type=int)
    age_band.add_argument("age_band", choices=STUDENT_AGE_BANDS, metavar="under14|14to17")
    consent = action("consent", "class.cli.consent")
    consent.add_argument("number", metavar="NUMBER", type=int)
    consent.add_argument("status", choices=("requested", "given", "refused", "withdrawn"))
    consent.add_argument("--student-agreed", action="store_true", help=i18n.tr("class.cli.student_agreed"))
    consent.add_argument("--yes", action="store_true", help=i18n.tr("cli.help.yes_delete"))
    letters = action("letters", "class.cli.letters")
    letters.add_argument("--pdf", metavar="FILE", required=True)
    letters.add_argument("--date", metavar="YYYY-MM-DD", default=None, help=i18n.tr("class.cli.letter_date"))
    letters.add_argument("--return-by", metavar="YYYY-MM-DD", default=None, help=i18n.tr("class.cli.return_by"))
    letters.add_argument("--keep-until", metavar="YYYY-MM-DD", default=None, help=i18n.tr("class.cli.keep_until"))
    letters.add_argument("--contact", metavar="TEXT", default="", help=i18n.tr("class.cli.contact"))
    action("dashboard", "class.cli.dashboard").add_argument("--json", action="store_true",
                                                             help=i18n.tr("class.cli.json"))
    _class_audit_actions(action)


def _class_audit_actions(action) -> None:
    from desktop.sources.registry import KIND_NAMES

    source_add = action("source-add", "classaudit.cli.source_add")
    source_add.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=" | ".join(KIND_NAMES))
    source_add.add_argument("target", metavar="TARGET")
    source_add.add_argument("--base-url", metavar="URL", default=None, help=i18n.tr("sources.cli.help_base_url"))
    source_add.add_argument("--allow-private", action="store_true", help=i18n.tr("sources.cli.help_allow_private"))
    action("sources", "classaudit.cli.sources")
    source_remove = action("source-remove", "classaudit.cli.source_remove")
    source_remove.add_argument("id", type=int, metavar="ID")
    action("audit", "classaudit.cli.audit")
    action("reports", "classaudit.cli.reports").add_argument("--out", metavar="DIR", required=True)
    codes = action("codes", "classprivacy.cli.codes")
    codes.add_argument("--pdf", metavar="FILE", required=True)
    codes.add_argument("--number", type=int, nargs="+", action="extend", default=[], metavar="NUMBER",
                       help=i18n.tr("classprivacy.cli.codes_number"))
    check = action("check-photos", "classaudit.cli.check_photos")
    check.add_argument("src", metavar="SRC", help=i18n.tr("classaudit.cli.check_src"))
    check.add_argument("--allow-private", action="store_true", help=i18n.tr("sources.cli.help_allow_private"))


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


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
_CONTROL.update({code: f"\\u{code:04x}" for code in (0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F),
                                                       *range(0x2066, 0x206A))})


_JSON_CONTROL = {code: f"\\u{code:04x}" for code in _CONTROL}


def printable(text: str) -> str:
    """Text from hostile sources (a name, an image address) made safe for a terminal: ESC, BEL, OSC and the other
    control characters, and the bidi overrides that reorder a line, are shown escaped (``\\x1b``), never sent."""
    return str(text).translate(_CONTROL)


def say_json(value) -> None:
    """JSON on stdout, with the characters :func:`printable` escapes written as JSON escapes (``\\u001b``), so the
    output is safe for a terminal and still valid JSON."""
    say_raw(json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_CONTROL))


class EscapedStream:
    """A text stream that writes :func:`printable` text (for output written line by line, e.g. match-folder)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def flush(self) -> None:
        self.stream.flush()


def say(message: str) -> None:
    say_raw(printable(message))


def say_raw(message: str) -> None:
    print(message, flush=True)  # a reader that went away raises BrokenPipeError here: see output_closed


def output_closed() -> int:
    """The program reading our output has gone (``jikimi class roster 2-3 | head -3``): stop quietly, as
    command-line tools do, instead of a traceback. Standard output is pointed at the null device so Python's
    final flush at exit does not complain about the closed pipe a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor behind sys.stdout (tests capture it)
        pass
    return EXIT_FAILED


def complain(message: str) -> None:
    print(printable(message), file=sys.stderr, flush=True)


def open_workspace_for(args: argparse.Namespace):
    """The workspace for ``--data-dir``; asks for the passcode only when the data has one."""
    from desktop.secrets import KeyStore
    from desktop.store.workspace import open_workspace

    app_paths = paths.resolve(args.data_dir)
    keys = KeyStore(app_paths)
    if keys.needs_passcode():
        return open_workspace(app_paths, passcode_from_environment())
    from_environment = os.environ.get(ENV_PASSCODE) or None
    new_folder = keys.mode() is None
    workspace = open_workspace(app_paths, from_environment if new_folder else None)
    if from_environment:
        # JIKIMI_PASSCODE on a new data folder protects it; on a folder without a passcode it is not used. Say which.
        applied = new_folder and workspace.keys.needs_passcode()
        complain(i18n.tr("key.env_passcode_applied" if applied else "key.env_passcode_ignored"))
    return workspace


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop import selftest
    from desktop.secrets import KeyStore

    if getattr(args, "content", False):
        return content_report()

    app_paths = paths.resolve(args.data_dir)
    passcode = passcode_from_environment() if KeyStore(app_paths).needs_passcode() else None
    results = selftest.run_checks(app_paths, passcode)
    labels = {selftest.OK: "ok", selftest.WARN: "warn", selftest.FAIL: "FAIL"}
    for result in results:
        say(f"[{labels[result.status]:>4}] {i18n.tr(result.name_id)}: {result.detail}")
    failed = [r for r in results if r.status == selftest.FAIL]
    say(i18n.tr("selftest.summary_failed" if failed else "selftest.summary_ok", failed=len(failed)))
    return EXIT_FAILED if failed else EXIT_OK


def content_report() -> int:
    """``jikimi self-test --content``: every fact to look at again (no source, old, not from an official page).
    Fails only on errors (a fact without a source or date, a step that differs from the checklist)."""
    from desktop.core import content_check

    found = content_check.findings()
    for finding in found:
        say(finding.line(i18n.current_language()))
    errors = content_check.errors(found)
    say(i18n.tr("selftest.content_report", total=len(found), errors=len(errors),
                days=content_check.MAX_AGE_DAYS))
    return EXIT_FAILED if errors else EXIT_OK


def cmd_person(args: argparse.Namespace) -> int:
    from desktop.core import consent as consent_rules
    from desktop.store.db import StorageError

    workspace = open_workspace_for(args)
    try:
        persons = workspace.persons
        if args.person_command == "add":
            try:
                person = persons.add(args.name, role=args.role, age_band=args.age_band, consent_by=args.consent)
            except StorageError as exc:
                existing = persons.find(args.name) if exc.message_id == "person.exists" else None
                if existing is not None and existing.class_id is None and args.consent:
                    complain(i18n.tr(exc.message_id, None, **exc.values))
                    complain(i18n.tr("person.exists_consent_hint", name=existing.name,
                                     command=_person_consent_command(existing, set(args.consent))))
                    return EXIT_UNUSABLE
                raise
            consent = persons.consent(person.id)
            reason = consent_rules.refusal_reason(person, consent)
            say(i18n.tr("person.added", name=person.name, role=i18n.tr(f"role.{person.role}")))
            say(i18n.tr("person.consent_ok") if reason is None else i18n.tr(reason))
            if reason is not None:
                say(consent_hint(person, consent))
        elif args.person_command == "list":
            return _person_list(args, workspace)
        elif args.person_command == "consent":
            return _person_consent(args, workspace, persons.require(args.name))
        elif args.person_command == "remove":
            from desktop.store.consent_service import ConsentService

            person = persons.require(args.name)
            left = ConsentService(workspace.db, workspace.vault).data_left(person.id)
            kept = 0 if args.delete_cases else persons.case_count(person.id)
            if kept:  # evidence cases are crisis records: kept unless --delete-cases says otherwise
                left = {table: rows for table, rows in left.items() if table not in ("cases", "case_events")}
            if not confirm_deletion(i18n.tr("person.remove_question", name=person.name), left, args.yes):
                return EXIT_UNUSABLE
            persons.delete(person.id, delete_cases=args.delete_cases)
            say(i18n.tr("person.removed", name=person.name))
            if kept:
                say(i18n.tr("person.cases_kept", count=kept, name=person.name))
        return EXIT_OK
    finally:
        workspace.close()


def _person_list(args: argparse.Namespace, workspace) -> int:
    """The family by default (as on the Family page); a class's students with --class, everyone with --all."""
    from desktop.core import consent as consent_rules

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


def _person_consent_command(person, confirmations: set[str]) -> str:
    """The command that records ``confirmations`` for a family member, as it is typed."""
    flags = " ".join(f"--consent {who}" for who in sorted(confirmations))
    return f"jikimi person consent {_shell_word(person.name)} {flags}"


def consent_hint(person, consent, class_name: str | None = None) -> str:
    """How to record the consent that is missing: the command (and, for the family, where in the app)."""
    from desktop.core import consent as consent_rules

    if person.class_id is not None:
        command = f"jikimi class consent {_shell_word(class_name or 'CLASS')} {person.student_number} given"
        if person.age_band == "14to17":
            command += " --student-agreed"
        return i18n.tr("person.consent_hint_student", command=command)
    missing = consent_rules.missing_confirmations(person, consent) or {"guardian"}
    return i18n.tr("person.consent_hint", command=_person_consent_command(person, missing), name=person.name)


def _person_consent(args: argparse.Namespace, workspace, person) -> int:
    """Record who agreed (added to what was already given), or withdraw consent: that deletes what Jikimi
    learned about the person at once, without asking (the command says what went)."""
    from desktop.core import consent as consent_rules
    from desktop.store.consent_service import ConsentService

    if person.class_id is not None:
        school_class = workspace.classes.get(person.class_id)
        complain(i18n.tr("person.consent_is_student", name=person.name))
        complain(consent_hint(person, None, school_class.name))
        return EXIT_UNUSABLE
    if args.withdraw and args.consent:
        complain(i18n.tr("person.consent_both"))
        return EXIT_UNUSABLE
    if not args.withdraw and not args.consent:
        complain(i18n.tr("person.consent_nothing", name=_shell_word(person.name)))
        return EXIT_UNUSABLE
    service = ConsentService(workspace.db, workspace.vault)
    persons = workspace.persons
    if args.withdraw:
        report = service.withdraw(person.id)
        consent = persons.consent(person.id)
        say(i18n.tr("person.consent_withdrawn", name=person.name, date=local_date(consent.recorded_at)))
        if report.total == 0:
            say(i18n.tr("person.wiped_nothing", name=person.name))
        else:
            say(i18n.tr("person.wiped_heading", name=person.name))
            from desktop.core.deletion import WIPED_GROUPS

            for message_id, tables in WIPED_GROUPS:
                say("  - " + i18n.tr(message_id, rows=sum(report.counts.get(table, 0) for table in tables)))
        say(i18n.tr("person.wiped_kept", name=person.name))
        missing = consent_rules.missing_confirmations(person, consent)
        say(i18n.tr("person.consent_again", command=_person_consent_command(person, missing)))
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


def _kind_label(kind: str) -> str:
    """A source kind in words ("Folder on this computer"), never the id ("folder")."""
    return i18n.tr_or(f"sources.kind.{kind}", kind)


class StderrProgress:
    """One progress line on stderr, rewritten in place on a terminal."""

    def __init__(self):
        self.interactive = sys.stderr.isatty()
        self.last = ""

    def __call__(self, progress) -> None:
        detail = progress.detail
        if detail is None:
            return
        from desktop.core.tasks import eta_text

        current = detail.sources.get(detail.current_source)
        line = i18n.tr(
            "scan.progress_line", checked=detail.photos_checked, found=detail.photos_found,
            source=_kind_label(current.kind) if current else "", eta=eta_text(detail.eta_seconds()),
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


def cmd_scan(args: argparse.Namespace) -> int:

    from desktop.core.tasks import Cancelled, TaskContext
    from desktop.scan import report as scan_report
    from desktop.scan.orchestrator import Scanner

    workspace = open_workspace_for(args)
    progress = StderrProgress()
    scanner = Scanner(workspace)
    try:
        person = workspace.persons.require(args.name)
        refused = _family_only(workspace, person, args.family_code)
        if refused is not None:
            return refused
        try:
            outcome = scanner.scan(person, TaskContext(on_progress=progress))
        except (Cancelled, KeyboardInterrupt):  # Ctrl-C, or a wipe of this person from another window
            progress.finish()
            complain(i18n.tr("scan.cancelled"))
            return EXIT_FAILED
        progress.finish()
        data = scan_report.load(workspace, person)
        # The scan just ended done or failed (cancelled raised above), so there is a scan to report on.
        assert data is not None, "a scan that has just ended always has a report"
        failures = _source_failure_lines(workspace, person, data)
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
        workspace.close()


def _source_failure_lines(workspace, person, data) -> list[str]:
    """"2 of 5 linked sources could not be read:", then each one by kind and address with the reason, and for a
    refused local address the command that allows it. Empty when every source was read."""
    from desktop.store.scans import ScanRepository

    failed = [source for source in data.sources if source["error"]]
    if not failed:
        return []
    codes = ScanRepository(workspace.db, workspace.vault).source_states((data.attempt or data.scan).id)
    lines = [i18n.tr("scan.sources_failed", failed=len(failed), total=len(data.sources))]
    for source in failed:
        lines.append("  - " + i18n.tr("scan.source_failed_line", kind=_kind_label(source["kind"]),
                                      target=source["target"], error=source["error"]))
        code = codes.get(source["id"], {}).get("error_code")
        if code == "sources.private_address" and workspace.sources.get(source["id"]).person_id == person.id:
            lines.append("    " + _allow_private_hint(person, source["id"]))
    return lines


def _allow_private_hint(person, source_id: int) -> str:
    command = f"jikimi source allow-private {_shell_word(person.name)} {source_id}"
    return i18n.tr("sources.cli.private_hint", command=command)


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.reports import family_report
    from desktop.scan import report as scan_report
    from desktop.store.family_codes import FamilyCodes
    from desktop.store.scans import ScanRepository

    workspace = open_workspace_for(args)
    try:
        person = workspace.persons.require(args.name)
        refused = _family_only(workspace, person, args.family_code)
        if refused is not None:
            return refused
        data = scan_report.load(workspace, person)
        if data is None:
            complain(i18n.tr("scan.no_scan_yet", name=person.name))
            return EXIT_UNUSABLE
        repo = ScanRepository(workspace.db, workspace.vault)
        thumbnails = {e["finding_id"]: repo.thumbnail(e["finding_id"]) for e in data.exposures}
        try:
            # A class member's report stays locked with the family's code, wherever it is saved.
            lock = FamilyCodes(workspace.db, workspace.vault).code(person.id) if person.class_id is not None else None
            target = family_report.write(data, args.pdf, {k: v for k, v in thumbnails.items() if v}, password=lock)
        except OSError as exc:
            return cannot_save(args.pdf, exc, "jikimi-report.pdf")
        say(i18n.tr("report.written", path=str(target)))
        return EXIT_OK
    finally:
        workspace.close()


def _family_only(workspace, person, code: str | None) -> int | None:
    """A class member's own results are for their family: refused (exit 2, nothing read) without the family's
    code from their slip. ``None`` when the command may go on."""
    from desktop.store.family_codes import FamilyCodes

    if person.class_id is None:
        return None
    if not code:
        complain(i18n.tr("classprivacy.student_needs_code", name=person.name))
        return EXIT_UNUSABLE
    if not FamilyCodes(workspace.db, workspace.vault).verify(person.id, code):
        complain(i18n.tr("classprivacy.wrong_code"))
        return EXIT_UNUSABLE
    return None


def cannot_save(path: str, exc: OSError, example_name: str) -> int:
    """A file the user asked for could not be saved: why, in words (a folder, no permission, a full disk), and
    exit 2. Nothing half-written is left: the writers save all or nothing (desktop.reports.output)."""
    from desktop.reports.output import problem_text

    complain(problem_text(exc, path, example_name))
    return EXIT_UNUSABLE


def _problem_text(exc: Exception) -> str:
    """The translated message of an error carrying a ``message_id`` (falls back to the technical detail)."""
    message_id = getattr(exc, "message_id", None)
    if message_id:
        try:
            return i18n.tr(message_id, **getattr(exc, "values", {}))
        except (i18n.MissingTranslation, KeyError):
            pass
    return i18n.tr("evidence.fetch_failed", detail=str(exc))


def cmd_hash(args: argparse.Namespace) -> int:

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


def _case_add_url(args: argparse.Namespace, cases) -> int:
    from desktop.reports.evidence import capture_from_url

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


def cmd_case(args: argparse.Namespace) -> int:
    if args.case_command == "verify":
        from desktop.reports.case_export import verify_manifest

        problems = verify_manifest(args.zip)
        if not problems:
            say(i18n.tr("cli.case_verified", path=args.zip))
            return EXIT_OK
        complain(i18n.tr("cli.case_verify_failed", path=args.zip, count=len(problems)))
        for problem in problems:
            complain(f"  - {problem}")
        return EXIT_FAILED
    workspace = open_workspace_for(args)
    try:
        cases = workspace.cases
        command = args.case_command
        if command == "new":
            person_id = workspace.persons.require(args.person).id if args.person else None
            case = cases.create(args.title, person_id=person_id)
            say(i18n.tr("cli.case_created", case_id=case.id, title=case.title))
        elif command == "list":
            listing = cases.list()
            if not listing:
                say(i18n.tr("cli.case_none"))
            for case in listing:
                say(i18n.tr("cli.case_line", case_id=case.id, status=i18n.tr(f"cases.status.{case.status}"),
                            records=len(cases.evidence(case.id)), updated=case.updated_at, title=case.title))
        elif command == "add-url":
            return _case_add_url(args, cases)
        elif command == "add-file":
            from desktop.reports.evidence import FileUnreadable, capture_from_file

            cases.get(args.case_id)
            try:
                record = capture_from_file(args.file, keep_image=args.keep_image)
            except FileUnreadable as exc:
                complain(i18n.tr(exc.message_id, None, **exc.values))
                return EXIT_UNUSABLE
            return _store_record(args, cases, record)
        elif command == "note":
            cases.add_note(args.case_id, args.text)
            say(i18n.tr("cli.case_note_added", case_id=args.case_id))
        elif command == "report":
            event = cases.record_report(args.case_id, args.to, reference=args.ref, when=args.when)
            say(i18n.tr("cli.case_report_added", target=i18n.tr(f"cases.target.{args.to}"),
                        reference=event.detail.get("reference") or "-"))
        elif command == "status":
            case = cases.set_status(args.case_id, args.status)
            say(i18n.tr("cli.case_status_set", case_id=case.id, status=i18n.tr(f"cases.status.{case.status}")))
        elif command == "export":
            return _case_export(args, workspace)
        return EXIT_OK
    finally:
        workspace.close()


def _roster_problem_lines(rejected) -> list[str]:
    """Each reported bad row (the first 20), then how many more there are."""
    lines = [
        i18n.tr("class.roster.problem_line", line=problem.line, reason=i18n.tr(problem.reason_id, **problem.values))
        if problem.line else i18n.tr(problem.reason_id, **problem.values)
        for problem in rejected.problems
    ]
    if rejected.more:
        lines.append(i18n.tr("class.roster.more_problems", count=rejected.more))
    return lines


def _consent_state(member) -> tuple[str, str]:
    consent = member.consent
    return i18n.tr(f"class.consent.state.{member.consent_state}"), (local_date(consent.recorded_at) if consent else "")


def _age_label(age_band: str | None) -> str:
    return i18n.tr(f"class.age.{age_band or 'unset'}")


def _consent_recorded_lines(class_name: str, member) -> list[str]:
    """What recording consent changed, in words: who has agreed, and what is still missing."""
    values = {"number": member.number, "nickname": member.nickname, "date": local_date(member.consent.recorded_at)}
    if member.consent_state == "given_with_student":
        return [i18n.tr("class.consent.recorded_with_student", **values)]
    if member.consent_state == "awaiting_student":
        return [i18n.tr("class.consent.recorded_awaiting_student", **values),
                i18n.tr("class.consent.student_hint", class_name=_shell_word(class_name), number=member.number)]
    state, _ = _consent_state(member)
    return [i18n.tr("class.consent.recorded", state=state, **values)]


def confirm_deletion(question: str, counts: dict[str, int], yes: bool) -> bool:
    """Say what will be deleted and ask (default No). ``--yes`` answers for a script; without it, input that is
    not a terminal is refused with a message (a pipe must not delete by accident)."""
    from desktop.core.deletion import deletion_lines

    say(question)
    for line in deletion_lines(counts):
        say(f"  - {line}")
    if yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        complain(i18n.tr("cli.confirm_needs_yes"))
        return False
    try:
        answer = input(i18n.tr("cli.confirm_prompt"))
    except EOFError:
        answer = ""
    if answer.strip().casefold() in ("y", "yes", "예", "네", "ㅇ"):
        return True
    say(i18n.tr("cli.confirm_kept"))
    return False


def _import_preview_lines(plan, class_name: str) -> list[str]:
    """New / unchanged / changed / missing, with what to do about the last two."""
    def listed(items) -> str:
        shown = ", ".join(items[:12])
        return shown + ("…" if len(items) > 12 else "")

    lines = [i18n.tr("class.import.summary", new=len(plan.new), unchanged=len(plan.unchanged),
                     changed=len(plan.changed), missing=len(plan.missing))]
    if plan.new:
        lines.append(i18n.tr("class.import.new_list", students=listed(
            [i18n.tr("class.import.student", number=e.number, name=e.nickname) for e in plan.new])))
    for change in plan.changed:
        lines.append(i18n.tr("class.import.changed_line", number=change.member.number, old=change.member.nickname,
                             new=change.entry.nickname, class_name=_shell_word(class_name)))
    for member in plan.missing:
        lines.append(i18n.tr("class.import.missing_line", number=member.number, name=member.nickname,
                             class_name=_shell_word(class_name)))
    return lines


def _class_import(args: argparse.Namespace, classes, school_class) -> int:
    from desktop.core import roster as roster_rules
    from desktop.core.roster import RosterFileError
    from desktop.store.classes import AgeBandNeeded, RosterRejected

    try:
        data = roster_rules.read_file(args.csv_file)
        plan = classes.plan_import(school_class.id, data)
    except RosterRejected as exc:
        for line in _roster_problem_lines(exc):
            complain(line)
        complain(i18n.tr(exc.message_id, None, **exc.values))
        return EXIT_UNUSABLE
    except RosterFileError as exc:
        complain(i18n.tr(exc.message_id, None, **exc.values))
        return EXIT_UNUSABLE
    for line in _import_preview_lines(plan, school_class.name):
        say(line)
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


def _class_edit(args: argparse.Namespace, classes, school_class) -> int:
    if args.new_name is None and getattr(args, "age_band", None) is None:
        complain(i18n.tr("class.edit.nothing"))
        return EXIT_UNUSABLE
    from desktop.store.classes import RosterRejected

    if args.new_name is not None:
        before = classes.roster_member(school_class.id, args.number).nickname
        try:
            member = classes.rename_student(school_class.id, args.number, args.new_name)
        except RosterRejected as exc:  # an empty or too long name
            for line in _roster_problem_lines(exc):
                complain(line)
            return EXIT_UNUSABLE
        say(i18n.tr("class.edit.renamed", number=member.number, old=before, new=member.nickname))
    if getattr(args, "age_band", None) is not None:
        member = classes.set_age_band(school_class.id, args.number, args.age_band)
        say(i18n.tr("class.age.set", number=member.number, nickname=member.nickname,
                    age=_age_label(member.age_band)))
    return EXIT_OK


def _class_enrol(args: argparse.Namespace, workspace, school_class) -> int:
    """Faces from a folder of photos named by student number: which file goes to whom and what is left out,
    then (unless --preview) the enrolment, with progress on stderr."""
    from pathlib import Path

    from desktop.core.tasks import TaskContext
    from desktop.faces.class_enrol import enrol_class, plan_class_photos

    folder = Path(args.folder).expanduser()
    roster = workspace.classes.roster(school_class.id)
    try:
        plan = plan_class_photos(folder, roster, school_class.name)
    except OSError:
        complain(i18n.tr("class.photos.folder_unreadable", path=str(folder)))
        return EXIT_UNUSABLE
    names = {member.number: member.nickname for member in roster}
    say(i18n.tr("class.photos.preview_summary", students=len(plan.photos), photos=plan.photo_count,
                left_out=len(plan.left_out)))
    for number, photos in plan.photos.items():
        say(f"  {i18n.tr('class.import.student', number=number, name=names[number])}: "
            + ", ".join(path.relative_to(folder).as_posix() for path in photos))
    for item in plan.left_out:
        values = dict(item.values)
        if "reason" in values:
            values["reason"] = i18n.tr(values["reason"])
        say("  " + i18n.tr("class.photos.left_out_line", file=item.path.relative_to(folder).as_posix(),
                           reason=i18n.tr(item.reason_id, **values)))
    if not plan.photos:
        complain(i18n.tr("class.photos.nothing_to_enrol"))
        return EXIT_UNUSABLE
    if args.preview:
        return EXIT_OK

    def progress(p) -> None:
        if p.detail and p.total:
            complain(i18n.tr("class.photos.progress", number=p.detail["number"], name=p.detail["name"],
                             done=p.done, total=p.total))

    results = enrol_class(workspace, school_class.id, plan, TaskContext(progress))
    say(i18n.tr("class.photos.done", students=sum(1 for r in results if r.report.accepted),
                accepted=sum(len(r.report.accepted) for r in results),
                rejected=sum(len(r.report.rejected) for r in results)))
    for result in results:
        say(i18n.tr("class.photos.student_line", number=result.number, name=result.name,
                    accepted=len(result.report.accepted), quality=i18n.tr(result.report.quality_message_id)))
        for outcome in result.report.rejected:
            reason = i18n.tr(outcome.reason) if outcome.reason else ""
            say(i18n.tr("class.photos.rejected_line", file=outcome.path.name, reason=reason))
    return EXIT_OK


def _class_remove(args: argparse.Namespace, classes, school_class) -> int:
    member = classes.roster_member(school_class.id, args.number)
    counts = classes.removal_preview(school_class.id, args.number)
    question = i18n.tr("class.remove.question", number=member.number, name=member.nickname,
                       class_name=school_class.name)
    if not confirm_deletion(question, counts, args.yes):
        return EXIT_UNUSABLE
    classes.remove_student(school_class.id, args.number)
    say(i18n.tr("class.remove.done", number=member.number, name=member.nickname, class_name=school_class.name))
    return EXIT_OK


def _date_option(text: str):
    """``2026-03-15`` (or ``2026.3.15``) as a date; None when it is not one."""
    from desktop.core.roster import parse_date

    return parse_date(text)


def _shell_word(text: str) -> str:
    """A class name as the teacher would type it back on the command line (double quotes work in every shell)."""
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


def cmd_class(args: argparse.Namespace) -> int:

    from desktop.store.classes import RosterRejected

    workspace = open_workspace_for(args)
    try:
        classes = workspace.classes
        if args.class_command == "new":
            created = classes.create(args.name, args.school)
            say(i18n.tr("class.created", name=created.name))
            return EXIT_OK
        if args.class_command == "list":
            import datetime as dt

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
                                     command=f"jikimi class delete {_shell_word(school_class.name)}"))
            return EXIT_OK
        school_class = classes.require(args.class_name)
        if args.class_command in CLASS_AUDIT_ACTIONS:
            return CLASS_AUDIT_ACTIONS[args.class_command](args, workspace, school_class)
        if args.class_command == "import":
            return _class_import(args, classes, school_class)
        if args.class_command in ("rename", "edit"):
            return _class_edit(args, classes, school_class)
        if args.class_command == "remove":
            return _class_remove(args, classes, school_class)
        if args.class_command == "delete":
            counts = classes.deletion_preview(school_class.id)
            question = i18n.tr("class.delete.question", name=school_class.name, count=counts.pop("students"))
            if not confirm_deletion(question, counts, args.yes):
                return EXIT_UNUSABLE
            classes.delete(school_class.id)
            say(i18n.tr("class.delete.done", name=school_class.name))
            return EXIT_OK
        if args.class_command == "enrol":
            return _class_enrol(args, workspace, school_class)
        elif args.class_command == "add":
            try:
                student = classes.add_student(school_class.id, args.number, args.nickname, age_band=args.age_band)
            except RosterRejected as exc:
                for line in _roster_problem_lines(exc):
                    complain(line)
                return EXIT_UNUSABLE
            say(i18n.tr("class.roster.student_added", number=student.student_number, nickname=student.name))
            if student.age_band == "14to17":
                say(i18n.tr("class.roster.teen_note_one"))
        elif args.class_command == "roster":
            roster = classes.roster(school_class.id)
            if not roster:
                say(i18n.tr("class.roster.empty_class"))
            for member in roster:
                state, date = _consent_state(member)
                say(i18n.tr("class.roster.line", number=member.number, nickname=member.nickname, state=state,
                            date=date, age=_age_label(member.age_band)))
        elif args.class_command == "age-band":
            member = classes.set_age_band(school_class.id, args.number, args.age_band)
            say(i18n.tr("class.age.set", number=member.number, nickname=member.nickname,
                        age=_age_label(member.age_band)))
            if member.consent_state == "awaiting_student":
                say(i18n.tr("class.age.now_awaiting"))
                say(i18n.tr("class.consent.student_hint", class_name=_shell_word(school_class.name),
                            number=member.number))
        elif args.class_command == "consent":
            if args.student_agreed and args.status != "given":
                complain(i18n.tr("class.consent.student_agreed_needs_given"))
                return EXIT_UNUSABLE
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
                if not confirm_deletion(question, held, args.yes):
                    return EXIT_UNUSABLE
            classes.set_consent(school_class.id, args.number, args.status, student_agreed=args.student_agreed)
            for line in _consent_recorded_lines(school_class.name, classes.roster_member(school_class.id,
                                                                                         args.number)):
                say(line)
            if args.status in ("withdrawn", "refused") and left_before:
                say(i18n.tr("class.consent.wiped", rows=left_before))
                from desktop.reports.student_reports import withdrawal_file_lines

                for line in withdrawal_file_lines(classes.consents.last_wipe):
                    say(line)
        elif args.class_command == "letters":
            from desktop.reports.consent_letter import LetterDetails, consent_letters

            roster = classes.roster(school_class.id)
            if not roster:
                complain(i18n.tr("class.letters.no_students"))
                return EXIT_UNUSABLE
            dates = {}
            for key in ("date", "return_by", "keep_until"):
                value = getattr(args, key)
                dates[key] = _date_option(value) if value else None
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
        elif args.class_command == "dashboard":
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
                for item in data.get("top_recommendations", []) + data.get("for_school", {}).get("recommendations",
                                                                                                 []):
                    item["title"] = recommendation_title(item["id"], titles)
                say_json(data)
            else:
                _print_overview(school_class, summary)
            if summary is None or not summary.overview.complete or summary.unread_pages:
                return EXIT_SOURCES_FAILED
        return EXIT_OK
    finally:
        workspace.close()


def _case_export(args: argparse.Namespace, workspace) -> int:
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


def _source_parser(command) -> None:
    from desktop.core.models import SOURCE_OWNERS
    from desktop.sources.places import PLACES, STATED_VISIBILITIES
    from desktop.sources.registry import KIND_NAMES

    source = command("source", "sources.cli.help")
    actions = source.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=i18n.tr("sources.cli.help_add"))
    _common_options(add, suppress=True)
    add.add_argument("name")
    places = [p.id for p in PLACES if p.id not in KIND_NAMES]  # by name: naver_blog, kakaotalk, youtube…
    add.add_argument("kind", choices=[*KIND_NAMES, *places], metavar="KIND", help=" | ".join([*KIND_NAMES, *places]))
    add.add_argument("target")
    add.add_argument("--owner", choices=SOURCE_OWNERS, default=None, help=i18n.tr("sources.cli.help_owner"))
    add.add_argument("--visibility", choices=STATED_VISIBILITIES, default=None,
                     help=i18n.tr("sources.cli.help_visibility"))
    add.add_argument("--base-url", metavar="URL", default=None, help=i18n.tr("sources.cli.help_base_url"))
    add.add_argument("--allow-private", action="store_true", help=i18n.tr("sources.cli.help_allow_private"))
    listing = actions.add_parser("list", help=i18n.tr("sources.cli.help_list"))
    _common_options(listing, suppress=True)
    listing.add_argument("name")
    remove = actions.add_parser("remove", help=i18n.tr("sources.cli.help_remove"))
    _common_options(remove, suppress=True)
    remove.add_argument("name")
    remove.add_argument("id", type=int)
    check = actions.add_parser("check", help=i18n.tr("sources.cli.help_check"))
    _common_options(check, suppress=True)
    check.add_argument("name")
    check.add_argument("id", type=int, nargs="?")
    check.add_argument("--explain", action="store_true", help=i18n.tr("sources.cli.help_explain"))
    allow = actions.add_parser("allow-private", help=i18n.tr("sources.cli.help_allow_private_command"),
                               description=i18n.tr("sources.cli.help_allow_private_command"))
    for per_person in (add, listing, remove, check, allow):  # a class member's accounts are their family's
        per_person.add_argument("--family-code", metavar="CODE", default=None,
                                help=i18n.tr("classprivacy.cli.family_code"))
    _common_options(allow, suppress=True)
    allow.add_argument("name")
    allow.add_argument("id", type=int)


def _source_from_place(args: argparse.Namespace) -> dict:
    """``source add``'s KIND may be a place by name (naver_blog, youtube, kakaotalk…): what was typed becomes
    the source it stands for, as in the window; a place that needs a login takes a folder of saved photos and
    who can see them there (``--visibility``, "not sure" when not given)."""
    from desktop.sources.base import SourceError
    from desktop.sources.places import place, resolve
    from desktop.sources.registry import KIND_NAMES
    from desktop.store.db import StorageError

    if args.kind in KIND_NAMES:
        return {"kind": args.kind, "target": args.target, "owner": args.owner or "self",
                "stated_visibility": args.visibility}
    entry = place(args.kind)
    try:
        kind, target = resolve(entry.id, args.target)
    except SourceError as exc:
        raise StorageError(exc.message_id, str(exc), **exc.values) from exc
    stated = (args.visibility or "unknown") if entry.manual else args.visibility
    return {"kind": kind, "target": target, "owner": args.owner or entry.default_owner, "place": entry.id,
            "stated_visibility": stated}


def _source_line(source) -> str:
    owner = i18n.tr(f"sources.owner.{source.owner}")
    kind = i18n.tr(f"sources.kind.{source.kind}")
    place_id = getattr(source, "place", None)
    if place_id:  # what the parent picked it as ("Naver Blog", "KakaoTalk (saved photos)"), not the protocol
        from desktop.sources.places import place_for_source

        kind = i18n.tr(place_for_source(source.kind, place_id).name_id)
    return i18n.tr("sources.cli.line", id=source.id, kind=kind, target=source.target, owner=owner)


def cmd_source(args: argparse.Namespace) -> int:
    from desktop.core.tasks import TaskContext
    from desktop.sources.check import check_sources, visibility_message_id
    from desktop.sources.http import HttpClient
    from desktop.sources.media_hosts import media_hosts_for
    from desktop.sources.report import explain_lines
    from desktop.store.db import StorageError

    workspace = open_workspace_for(args)
    try:
        person = workspace.persons.require(args.name)
        refused = _family_only(workspace, person, args.family_code)  # the teacher never reads one student's pages
        if refused is not None:
            return refused
        sources = workspace.sources
        if args.source_command == "add":
            record = sources.add(person_id=person.id, base_url=args.base_url, allow_private=args.allow_private,
                                 **_source_from_place(args))
            say(i18n.tr("sources.cli.added", name=person.name))
            say(_source_line(record))
            return EXIT_OK
        if args.source_command == "list":
            records = sources.list_for_person(person.id)
            if not records:
                say(i18n.tr("sources.cli.none", name=person.name))
            for record in records:
                say(_source_line(record))
                hosts = media_hosts_for(record.kind, record.target)
                if hosts:
                    say("    " + i18n.tr("sources.cli.media_hosts", hosts=", ".join(hosts)))
            return EXIT_OK
        if args.source_command == "remove":
            record = sources.get(args.id)
            if record.person_id != person.id:
                raise StorageError("sources.not_linked", id=args.id)
            sources.remove(record.id)
            say(i18n.tr("sources.cli.removed", id=record.id))
            return EXIT_OK
        if args.source_command == "allow-private":
            record = sources.get(args.id)
            if record.person_id != person.id:
                raise StorageError("sources.not_linked", id=args.id)
            record = sources.update(record.id, allow_private=True)
            say(i18n.tr("sources.cli.allowed_private", id=record.id))
            say(_source_line(record))
            return EXIT_OK
        # check: what a stranger sees right now
        workspace.persons.require_consent(person)
        records = sources.list_for_person(person.id)
        if args.id is not None:
            records = [r for r in records if r.id == args.id]
            if not records:
                raise StorageError("sources.not_linked", id=args.id)
        if not records:
            say(i18n.tr("sources.cli.none", name=person.name))
            return EXIT_OK
        def progress(p) -> None:
            if p.message and p.total:
                complain(i18n.tr("sources.cli.progress", done=p.done + 1, total=p.total))

        ctx = TaskContext(on_progress=progress)
        with HttpClient(validator_store=workspace.http_validators) as client:
            results = check_sources(records, client, ctx)
        failed = 0
        for result in results:
            say(_source_line(result.source))
            if result.error is not None:
                failed += 1
                message = i18n.tr(result.error.message_id, **result.error.values)
                say("    " + i18n.tr("sources.cli.error", message=message))
                if result.error.message_id == "sources.private_address":
                    say("    " + _allow_private_hint(person, result.source.id))
                if args.explain:
                    for line in explain_lines(result.source.kind, result.source.target, None, result.error):
                        say("    " + line)
                continue
            listing = result.listing
            assert listing is not None, "a check without an error has a listing"
            counts = ", ".join(f"{i18n.tr(f'sources.visibility.{key}')} {value}"
                               for key, value in sorted(result.counts.items()))
            visibility = i18n.tr(visibility_message_id(listing))
            say("    " + i18n.tr("sources.cli.visibility", visibility=visibility))
            say("    " + i18n.tr("sources.cli.photos", count=len(listing.photos), counts=counts or "-"))
            for notice in dict.fromkeys(listing.notices):
                say("    " + i18n.tr("sources.cli.notice", message=i18n.tr(notice)))
            for line in result.summary:
                say("    " + line)
            if args.explain:
                for line in explain_lines(result.source.kind, result.source.target, listing, None):
                    say("    " + line)
        return EXIT_FAILED if failed else EXIT_OK
    finally:
        workspace.close()


def cmd_checklist(args: argparse.Namespace) -> int:
    """The printable privacy checklist: blank for a class, or with one person's ticks and checked facts."""
    from desktop.reports.checklist_pdf import write_checklist_pdf

    done: set[str] = set()
    facts: dict = {}
    name = None
    if args.person:
        from desktop.core import guidance
        from desktop.store.checklist import ChecklistRepository, source_facts

        workspace = open_workspace_for(args)
        try:
            person = workspace.persons.require(args.person)
            refused = _family_only(workspace, person, args.family_code)  # what a scan verified is theirs
            if refused is not None:
                return refused
            name = person.name
            done = ChecklistRepository(workspace.db).done_items(person.id)
            facts = source_facts(workspace, person.id, guidance.checklist(args.lang))
        finally:
            workspace.close()
    try:
        path = write_checklist_pdf(args.pdf, args.lang, done, name, facts)
    except OSError as exc:
        return cannot_save(args.pdf, exc, "checklist.pdf")
    say(i18n.tr("guidance.cli.pdf_written", path=str(path)))
    return EXIT_OK


def _yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "y", "on"):
        return True
    if lowered in ("0", "false", "no", "n", "off"):
        return False
    raise argparse.ArgumentTypeError(value)


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
                assert outcome.reason is not None, "enrol gives every rejected photo a reason"
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
            confident_only=args.confident_only, cache=FaceCache(workspace.db, workspace.vault), as_json=args.json,
            # file names can hold ESC sequences: written escaped
            out=cast(TextIO, EscapedStream(sys.stdout)), err=cast(TextIO, EscapedStream(sys.stderr)),
        )
    finally:
        workspace.close()


class _AuditProgress:
    """The class audit's progress on stderr: student position and photo counts, never a name."""

    def __init__(self):
        self.last = ""

    def __call__(self, progress) -> None:
        if progress.message and progress.message != self.last:
            self.last = progress.message
            complain(progress.message)


def _class_source_add(args, workspace, school_class) -> int:
    record = workspace.sources.add(class_id=school_class.id, kind=args.kind, target=args.target, owner="school",
                                   base_url=args.base_url, allow_private=args.allow_private)
    say(i18n.tr("classaudit.source_added", name=school_class.name))
    say(_source_line(record))
    return EXIT_OK


def _class_sources(args, workspace, school_class) -> int:
    records = workspace.sources.list_for_class(school_class.id)
    if not records:
        say(i18n.tr("classaudit.no_sources", name=school_class.name))
    for record in records:
        say(_source_line(record))
    return EXIT_OK


def _class_source_remove(args, workspace, school_class) -> int:
    from desktop.store.db import StorageError

    record = workspace.sources.get(args.id)
    if record.class_id != school_class.id:
        raise StorageError("sources.not_linked", id=args.id)
    workspace.sources.remove(record.id)
    say(i18n.tr("sources.cli.removed", id=record.id))
    return EXIT_OK


def _class_audit(args, workspace, school_class) -> int:
    from desktop.core.tasks import Cancelled, TaskContext
    from desktop.scan.class_audit import SCANNED, audit_class, outcome_line, summary_line, unread_page_line
    from desktop.store.class_summary import latest_snapshot

    ctx = TaskContext(on_progress=_AuditProgress())
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
            complain(i18n.tr("classaudit.allow_private_hint", class_name=_shell_word(school_class.name),
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
        say(i18n.tr("class.dash.no_audit", button=f"jikimi class audit {_shell_word(school_class.name)}"))
        return
    say(i18n.tr("class.dash.as_of", when=local_datetime(summary.created_at)))
    for line in overview_lines(summary.overview, summary.titles, summary.unread_pages):
        say(line)


def _class_reports(args, workspace, school_class) -> int:
    from desktop.core.tasks import TaskContext
    from desktop.reports.student_reports import write_class_reports

    written = write_class_reports(workspace, school_class.id, args.out, TaskContext(on_progress=_AuditProgress()))
    for report in written:
        say(i18n.tr("classaudit.report_line", number=report.number, path=str(report.path)))
    say(i18n.tr("classaudit.reports_written", count=len(written), path=args.out))
    say(i18n.tr("classprivacy.reports_locked"))
    if written.without_code:
        complain(i18n.tr("classprivacy.reports_without_code", numbers=", ".join(map(str, written.without_code))))
    return EXIT_OK


def _class_codes(args, workspace, school_class) -> int:
    from desktop.reports.family_code_slips import code_slips

    try:
        target, count = code_slips(workspace, school_class.id, args.pdf, args.number or None, lang=args.lang)
    except OSError as exc:
        return cannot_save(args.pdf, exc, "family-codes.pdf")
    say(i18n.tr("classprivacy.slips_written", count=count, path=str(target)))
    return EXIT_OK


def _class_check_photos(args, workspace, school_class) -> int:
    from desktop.core.tasks import TaskContext
    from desktop.faces.engine import FaceEngine
    from desktop.scan.school_audit import check_photos, result_lines

    with FaceEngine() as engine:
        result = check_photos(workspace, school_class.id, args.src, allow_private=args.allow_private,
                              engine=engine, ctx=TaskContext(on_progress=_AuditProgress()))
    for line in result_lines(result):
        say(line)
    if result.take_down:
        return EXIT_FAILED
    return EXIT_SOURCES_FAILED if result.not_checked else EXIT_OK


CLASS_AUDIT_ACTIONS = {
    "source-add": _class_source_add,
    "sources": _class_sources,
    "source-remove": _class_source_remove,
    "audit": _class_audit,
    "reports": _class_reports,
    "codes": _class_codes,
    "check-photos": _class_check_photos,
}


def cmd_blur(args: argparse.Namespace) -> int:
    from desktop.core.tasks import Cancelled, TaskContext
    from desktop.faces.blur import (
        check_folders,
        default_review_path,
        plan_blur,
        summary_lines,
        write_copies,
    )
    from desktop.reports.blur_review import write_review_sheet
    from desktop.reports.output import problem_text

    check_folders(args.src_dir, args.out_dir)  # refuse bad folders before asking for a passcode
    workspace = open_workspace_for(args) if args.keep else None
    try:
        ctx = TaskContext(on_progress=_AuditProgress())
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


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "blur": cmd_blur,
    "scan": cmd_scan,
    "report": cmd_report,
    "self-test": cmd_self_test,
    "person": cmd_person,
    "hash": cmd_hash,
    "case": cmd_case,
    "class": cmd_class,
    "source": cmd_source,
    "enroll": cmd_enroll,
    "match-folder": cmd_match_folder,
    "checklist": cmd_checklist,
}


def run_command(args: argparse.Namespace) -> int:
    from desktop import log
    from desktop.secrets import KeyUnavailable, TooManyAttempts
    from desktop.store.crypto import WrongPasscode
    from desktop.store.db import StorageError
    from desktop.store.persons import ConsentRequired

    log.start_logging(paths.resolve(args.data_dir))  # a read-only or full data folder: goes on without a log
    try:
        return COMMANDS[args.command](args)
    except TooManyAttempts as exc:
        complain(i18n.tr("key.too_many_attempts", seconds=int(exc.wait_seconds) + 1))
    except KeyUnavailable as exc:
        complain(i18n.tr(exc.message_id))
    except WrongPasscode:
        complain(i18n.tr("key.wrong_passcode"))
    except StorageError as exc:
        complain(i18n.tr(exc.message_id, None, **exc.values))
        if isinstance(exc, ConsentRequired) and exc.person is not None:
            complain(consent_hint(exc.person, exc.consent, exc.class_name))
    return EXIT_UNUSABLE
