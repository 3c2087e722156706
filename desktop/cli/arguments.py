"""Building blocks of the parser that the command groups share: the common options, the maker of one level of
sub-commands, and argument types."""

from __future__ import annotations

import argparse

from desktop import i18n


def common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """``--data-dir`` and ``--lang``, accepted before the command and after it (``jikimi person list --lang ko``)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=i18n.tr("cli.help.data_dir"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help=i18n.tr("cli.help.lang"))


class Commands:
    """Makes the sub-parsers of one level (``jikimi COMMAND``, ``jikimi class ACTION``); a group module calls it
    once per command. Each gets the common options (``common=False``: the caller adds them where it wants them
    in the help) and, with ``describe``, its help line as its description too. ``help_id`` says what the
    COMMAND/ACTION argument itself is, above the list of commands."""

    def __init__(self, parent: argparse.ArgumentParser, dest: str, metavar: str = "ACTION", required: bool = True,
                 describe: bool = True, help_id: str = "cli.help.action"):
        self.actions = parent.add_subparsers(dest=dest, metavar=metavar, required=required, help=i18n.tr(help_id))
        self.describe = describe

    def __call__(self, name: str, help_id: str, *, describe: bool | None = None,
                 common: bool = True) -> argparse.ArgumentParser:
        text = i18n.tr(help_id)
        described = self.describe if describe is None else describe
        sub = self.actions.add_parser(name, help=text, description=text if described else None)
        if common:
            common_options(sub, suppress=True)
        return sub


def yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "y", "on"):
        return True
    if lowered in ("0", "false", "no", "n", "off"):
        return False
    raise argparse.ArgumentTypeError(value)
