"""Running a parsed command: the handler its sub-parser names, with the problems a person can act on (no data
key, a wrong passcode, a storage error, missing consent) said in words and exit code 2."""

from __future__ import annotations

import argparse

from desktop import paths
from desktop.cli.common import consent_hint
from desktop.cli.output import EXIT_UNUSABLE, complain


def run_command(args: argparse.Namespace) -> int:
    from desktop import log
    from desktop.store import session  # the storage layer loads when a command runs, not for --help or the window
    from desktop.store.persons import ConsentRequired

    log.start_logging(paths.resolve(args.data_dir))  # a read-only or full data folder: goes on without a log
    try:
        return args.handler(args)
    except session.CANNOT_OPEN as exc:
        complain(session.problem_text(exc))
        if isinstance(exc, ConsentRequired) and exc.person is not None:
            complain(consent_hint(exc.person, exc.consent, exc.class_name))
    return EXIT_UNUSABLE
