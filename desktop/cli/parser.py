"""The command line's parser: the options before any command (the window's), and one sub-command per command
group, each registered by its module (which also holds the handlers). Every sub-command that runs sets
``handler`` (``set_defaults(handler=…)``); :func:`desktop.cli.run.run_command` calls it.

argparse's own words (usage, the headings, the errors) come from the catalogs, in the ``--lang`` language, so
``jikimi --lang ko class --help`` is Korean throughout.
"""

from __future__ import annotations

import argparse
import re
import sys

from desktop import i18n, paths, preferences
from desktop.cli import cases, checklist, classes, faces, persons, results, self_test, sources
from desktop.cli.arguments import Commands, common_options
from desktop.cli.output import EXIT_UNUSABLE

PAGES = ("home", "family", "results", "classroom", "checklist", "help", "found", "lesson", "settings", "evidence")

# The command groups, in the order ``jikimi --help`` lists their commands.
GROUPS = (self_test, persons, results, cases, classes, sources, checklist, faces)


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
    catalogs. Sub-commands get the same class."""

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
    common_options(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help=i18n.tr("cli.help.demo"))
    parser.add_argument("--screenshot", metavar="FILE", help=i18n.tr("cli.help.screenshot"))
    parser.add_argument("--page", default="home", metavar="NAME", help=i18n.tr("cli.help.page"))
    parser.add_argument("--size", default="1280x860", metavar="WxH", type=_window_size,
                        help=i18n.tr("cli.help.size"))
    command = Commands(parser, dest="command", metavar="COMMAND", required=False, help_id="cli.help.command")
    for group in GROUPS:
        group.register(command)
    return parser


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
