"""Crash reports that can be copied and sent without exposing anyone.

A report names the version, the platform and the code path (file, line, function). It leaves out local
variables, and strips quoted values, URLs, e-mail addresses, phone numbers and home paths from the
exception message, because that message can carry a child's name or a photo URL.
"""

from __future__ import annotations

import platform
import re
import sys
import traceback
from pathlib import Path

from desktop import __version__
from desktop.log import redact

_QUOTED = re.compile(r"(['\"]).*?\1")


def scrub_message(message: str) -> str:
    return _QUOTED.sub("'…'", redact(message))[:300]


def build_report(exc_type: type[BaseException], exc: BaseException, tb) -> str:
    lines = [
        f"Jikimi {__version__}",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()} ({platform.machine()})",
    ]
    try:
        import PySide6

        lines.append(f"PySide6 {PySide6.__version__}")
    except ImportError:
        pass
    lines.append("")
    for frame in traceback.extract_tb(tb):
        location = Path(frame.filename)
        short = "/".join(location.parts[-3:]) if "site-packages" in location.parts else location.name
        if "desktop" in location.parts:
            short = "/".join(location.parts[location.parts.index("desktop") :])
        lines.append(f"  {short}:{frame.lineno} in {frame.name}")
    lines.append(f"{exc_type.__name__}: {scrub_message(str(exc))}")
    if frozen := getattr(sys, "frozen", False):
        lines.append(f"frozen: {frozen}")
    return "\n".join(lines)
