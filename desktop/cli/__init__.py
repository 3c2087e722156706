"""The headless commands (see PRODUCT.md and docs/cli.md): thin over the same services the window uses.

``parser`` builds the command line; each command group is a module that registers its sub-commands and holds
their handlers (``persons``, ``sources``, ``results``, ``checklist``, ``cases``, ``classes`` and
``class_audit``, ``faces``, ``self_test``); ``run`` calls the chosen handler; ``output`` prints and names the
exit codes. The parser imports every group, and the window parses its options with it too, so a group's module
imports at its top only the light layers (``desktop.core``, ``i18n``, its siblings here): storage, scans,
network, faces and PDFs are imported by the handler that needs them.
"""

from desktop.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_SOURCES_FAILED,
    EXIT_UNUSABLE,
    output_closed,
    say_json,
)
from desktop.cli.parser import build_parser, parse_args
from desktop.cli.run import run_command

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_SOURCES_FAILED", "EXIT_UNUSABLE", "build_parser", "output_closed",
           "parse_args", "run_command", "say_json"]
