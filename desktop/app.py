"""Entry point: parses arguments, then runs a headless command or the desktop app.

Kept light on imports so the window appears fast: Qt loads only for the GUI, the face engine only when a
photo is analysed.
"""

from __future__ import annotations

import os
import sys

from desktop import cli
from desktop.faces.pool_start import limit_blas_threads
from desktop.selftest import PLATFORM_PROBE_ENV  # noqa: E402 - defined beside the check that sets it


def platform_probe() -> int:
    """Start Qt's window system and say which one started (``jikimi self-test`` runs this in a subprocess, so
    that a missing system library fails there, with Qt's own message, not in the test itself)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    print(app.platformName(), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    if os.environ.get(PLATFORM_PROBE_ENV):
        return platform_probe()
    limit_blas_threads()  # before numpy loads: one BLAS thread a process (desktop/faces/pool_start.py)
    if getattr(sys, "frozen", False):
        # The face engine's worker processes start through multiprocessing; a frozen build needs this first.
        import multiprocessing

        multiprocessing.freeze_support()
    try:
        args = cli.parse_args(sys.argv[1:] if argv is None else argv)
        if args.command:
            code = cli.run_command(args)
            sys.stdout.flush()
            return code
    except BrokenPipeError:  # `jikimi … | head`: the reader has all it wanted
        return cli.output_closed()
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # render without a screen
    from desktop.ui.app_shell import run_gui

    return run_gui(args)


if __name__ == "__main__":
    raise SystemExit(main())
