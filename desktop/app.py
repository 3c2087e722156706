"""Entry point: parses arguments, then runs a headless command or the desktop app.

Kept light on imports so the window appears fast: Qt loads only for the GUI, the face engine only when a
photo is analysed.
"""

from __future__ import annotations

import os
import sys

from desktop import cli


def main(argv: list[str] | None = None) -> int:
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
