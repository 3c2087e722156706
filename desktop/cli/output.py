"""What a command prints, and the code it exits with.

Exit codes (the same for every command; scripts and the trust rules of PRODUCT.md rely on them):

====  ====================  ============================================================================
code  name                  meaning
====  ====================  ============================================================================
0     ``EXIT_OK``           done: everything asked for was checked, saved or changed
1     ``EXIT_FAILED``       it ran, but something failed or needs attention: a self-test check failed, a
                            file could not be hashed, a record is damaged, a scan or audit was cancelled,
                            faces may still be visible after ``blur``, an evidence ZIP does not verify, a
                            source check or class audit failed, a photo should be taken down, or the
                            reader of the output went away (``jikimi … | head``)
2     ``EXIT_UNUSABLE``     nothing was done: the command line is wrong, a name or number is unknown,
                            consent is missing, the data cannot be opened (passcode, key, storage), a file
                            cannot be saved, the family code is missing or wrong, a deletion was not
                            confirmed
3     ``EXIT_SOURCES_FAILED``  not everything was checked: the scan finished but some linked sources could
                            not be read (or none could), a class audit left students or pages unread, some
                            photos could not be checked, the class overview is incomplete or missing.
                            Never read as "all clear".
====  ====================  ============================================================================

Everything printed goes through :func:`printable`: names, addresses and file names come from hostile places and
may carry terminal control sequences.
"""

from __future__ import annotations

import json
import os
import sys

from desktop import i18n
from desktop.core.deletion import deletion_lines
from desktop.reports.output import problem_text

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2
EXIT_SOURCES_FAILED = 3  # the scan finished, but some linked sources could not be read

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


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Hangul, CJK and other wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def say_table(rows: list[list[str]]) -> None:
    """Rows of cells: lined up in columns for a person at a terminal (by display width, so that Korean names do
    not push the next column over), tab-separated for a program reading the output (a spreadsheet, a script)."""
    if not sys.stdout.isatty():
        for row in rows:
            say("\t".join(row))
        return
    widths = [max(display_width(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    for row in rows:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        say("  ".join(cells).rstrip())


def say(message: str) -> None:
    say_raw(printable(message))


def say_raw(message: str) -> None:
    print(message, flush=True)  # a reader that went away raises BrokenPipeError here: see output_closed


def complain(message: str) -> None:
    print(printable(message), file=sys.stderr, flush=True)


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


def cannot_save(path: str, exc: OSError, example_name: str) -> int:
    """A file the user asked for could not be saved: why, in words (a folder, no permission, a full disk), and
    exit 2. Nothing half-written is left: the writers save all or nothing (desktop.reports.output)."""
    complain(problem_text(exc, path, example_name))
    return EXIT_UNUSABLE


def confirm_deletion(question: str, counts: dict[str, int], yes: bool, with_entry: bool = True,
                     kept: str | None = None) -> bool:
    """Say what will be deleted (and, in ``kept``, what stays) and ask (default No). ``--yes`` answers for a
    script; without it, input that is not a terminal is refused with a message (a pipe must not delete by
    accident)."""
    say(question)
    for line in deletion_lines(counts, with_entry):
        say(f"  - {line}")
    if kept:
        say(kept)
    return ask_to_delete(yes)


def ask_to_delete(yes: bool) -> bool:
    """The question after the list of what goes: yes only when typed (or ``--yes``), never from a pipe."""
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


class MessageProgress:
    """Long work's progress messages on stderr, each once (a class audit says student positions and photo counts,
    never a name)."""

    def __init__(self):
        self.last = ""

    def __call__(self, progress) -> None:
        if progress.message and progress.message != self.last:
            self.last = progress.message
            complain(progress.message)


def shell_word(text: str) -> str:
    """A name as the user would type it back on the command line (double quotes work in every shell)."""
    return f'"{text}"' if any(ch.isspace() for ch in text) else text
