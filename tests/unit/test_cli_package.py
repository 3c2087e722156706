"""The command line's shape (issue 17): a package of small modules, every sub-command dispatched to its handler by
the parser, the exit codes named in one place, and the data opened through the session the window uses too."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from desktop import cli, i18n
from desktop.cli import output
from desktop.cli.parser import build_parser

DESKTOP = Path(cli.__file__).resolve().parent.parent
CLI_DIR = DESKTOP / "cli"
MAX_LINES = 400


def _leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """(command words, sub-parser) for every sub-command that runs (one with no sub-commands of its own)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    yield from _leaf_commands(sub, (*prefix, name))
                else:
                    yield (*prefix, name), sub


def test_every_sub_command_names_its_handler():
    leaves = list(_leaf_commands(build_parser()))
    assert len(leaves) > 40  # person add … class check-photos: all of them, not a few
    without = [" ".join(words) for words, sub in leaves if not callable(sub.get_default("handler"))]
    assert without == []


def test_the_parsed_handler_is_the_one_that_runs(capsys):
    args = cli.parse_args(["class", "list"])
    assert args.handler.__module__ == "desktop.cli.classes"
    assert cli.run_command(args) == output.EXIT_OK
    assert i18n.tr("class.none_yet") in capsys.readouterr().out


def test_no_handler_is_chosen_by_comparing_the_command_name():
    chains = []
    for path in CLI_DIR.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"args\.\w*command\b\s*(==|in\b)", line) or "COMMANDS[" in line:
                chains.append(f"{path.name}:{number}: {line.strip()}")
    assert chains == []


def _every_parser(parser: argparse.ArgumentParser, words: tuple[str, ...] = ("jikimi",)):
    """(command words, parser) for the parser and every sub-parser under it, at every level."""
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_parser(sub, (*words, name))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_argument_of_every_command_says_what_it_is_for(lang):
    """A teacher reading `jikimi --lang ko case add-url --help` finds a word about CASE_ID and IMAGE_URL too: every
    argument, given by position or as an option, in every command, has a help text (-h/--help has argparse's
    own; an argument hidden from the help, such as --version, needs none)."""
    i18n.set_language(lang)
    parsers = list(_every_parser(build_parser()))
    assert len(parsers) > 50  # jikimi, its commands and their actions: all of them, not a few
    undescribed = [
        f"{' '.join(words)}: {'/'.join(action.option_strings) or action.metavar or action.dest}"
        for words, parser in parsers for action in parser._actions
        if "-h" not in action.option_strings and action.help != argparse.SUPPRESS
        and not (action.help or "").strip()
    ]
    assert undescribed == []


@pytest.mark.parametrize("path", sorted(CLI_DIR.glob("*.py")), ids=lambda p: p.name)
def test_each_cli_module_stays_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split its command group"


def test_the_old_single_module_is_gone():
    assert not (DESKTOP / "cli.py").exists()
    assert (CLI_DIR / "__init__.py").read_text(encoding="utf-8").count("\n") < 40  # re-exports only


def test_exit_codes_keep_their_numbers_and_are_documented():
    assert (output.EXIT_OK, output.EXIT_FAILED, output.EXIT_UNUSABLE, output.EXIT_SOURCES_FAILED) == (0, 1, 2, 3)
    assert (cli.EXIT_OK, cli.EXIT_SOURCES_FAILED) == (0, 3)
    for name in ("EXIT_OK", "EXIT_FAILED", "EXIT_UNUSABLE", "EXIT_SOURCES_FAILED"):
        assert name in (output.__doc__ or "")
    readme = (DESKTOP.parent / "README.md").read_text(encoding="utf-8")  # where the commands are described
    assert re.search(r"Exit codes.*?: 0 done.*?; 1 done.*?; 2 nothing done.*?; 3 not everything was checked", readme,
                     re.DOTALL)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_window_and_the_commands_open_the_data_through_one_session():
    ui_imports = set().union(*(_imported_modules(p) for p in (DESKTOP / "ui").rglob("*.py")))
    assert not any(name == "desktop.cli" or name.startswith("desktop.cli.") for name in ui_imports)
    assert "desktop.store.session" in ui_imports
    cli_imports = set().union(*(_imported_modules(p) for p in CLI_DIR.glob("*.py")))
    assert "desktop.store.session" in cli_imports
    # Only the session (and the window's passcode loop) read JIKIMI_PASSCODE: the commands do not.
    for path in CLI_DIR.glob("*.py"):
        assert "passcode_from_environment" not in path.read_text(encoding="utf-8"), path.name


def test_help_loads_no_storage_network_faces_or_pdf_code():
    """``jikimi --help`` (and the window, which parses its options with the same parser) stays light: the
    handlers import storage, network, faces and PDFs when they run."""
    import subprocess
    import sys

    code = ("import sys\nfrom desktop.app import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd=DESKTOP.parent).stdout.split()[-1000:])
    heavy = {"numpy", "dlib", "reportlab", "PySide6", "requests", "cryptography", "sqlite3", "yaml",
             "desktop.store.workspace", "desktop.scan.orchestrator", "desktop.faces.engine"}
    assert loaded & heavy == set()


def test_env_passcode_on_a_new_folder_is_applied_and_said(monkeypatch, app_paths):
    from desktop.store import session

    said = []
    monkeypatch.setenv("JIKIMI_PASSCODE", "correct horse")
    workspace = session.open_for_command(app_paths, said.append)
    try:
        assert workspace.keys.needs_passcode()
    finally:
        workspace.close()
    assert said == [i18n.tr("key.env_passcode_applied")]


def test_the_words_for_a_wrong_passcode_are_shared(app_paths):
    from desktop.secrets import KeyStore, TooManyAttempts
    from desktop.store import session
    from desktop.store.crypto import WrongPasscode
    from desktop.store.db import StorageError

    assert "not right" in session.problem_text(WrongPasscode())
    assert "31" in session.problem_text(TooManyAttempts(30.2))
    assert session.problem_text(StorageError("person.not_found", name="Minji")).count("Minji") == 1
    assert session.passcode_for(KeyStore(app_paths), ask=False) is None  # no passcode on new data
    with pytest.raises(TypeError):
        session.problem_text(ValueError("a bug, not a message"))
