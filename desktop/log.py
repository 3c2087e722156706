"""Rotating log file without personal data.

Callers log events and counts, never names, URLs of photos, faces or passcodes. As a safety net a filter
masks anything that looks like a URL, an e-mail address, a phone number or a path under the home directory.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

_REDACTIONS = [
    (re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+"), "<url>"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "<email>"),
    (re.compile(r"(?<!\d)(?:\+?82[- ]?|0)1[016789][- ]?\d{3,4}[- ]?\d{4}(?!\d)"), "<phone>"),
    (re.compile(r"(?<!\d)0\d{1,2}-\d{3,4}-\d{4}(?!\d)"), "<phone>"),
]


def redact(text: str) -> str:
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Redacts the whole line, the traceback included (the filter alone sees only the message, and a traceback
    names files under the user's home folder and can quote a URL)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log and its rotated copies are created readable by their owner only (0600)."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.chmod(self.baseFilename, 0o600)  # a log created by an older version
        except OSError:
            pass
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = PrivateRotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger("jikimi")
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def start_logging(app_paths) -> logging.Handler | None:
    """Create the data folder and log to it; None when the folder is read-only or the disk is full. The program
    then goes on without a log, and opening the data explains what is wrong (issue 19, case 15)."""
    try:
        app_paths.ensure()
        return setup_logging(app_paths.log_file)
    except OSError:
        return None


def get_logger(area: str) -> logging.Logger:
    return logging.getLogger(f"jikimi.{area}")
