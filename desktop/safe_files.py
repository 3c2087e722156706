"""Reading a user's file without being held up by what is not a file (issue 19, case 8).

A named pipe (FIFO), a socket or a device in a folder source, an unpacked export or a folder to blur blocks
``open``/``read`` forever when nothing writes to it. Only regular files are read: checked on the listing (without
following links) and again on the opened descriptor, which is opened non-blocking so a pipe cannot stall it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """The path names a pipe, socket, device or folder, not a file."""


def is_regular(path: str | os.PathLike) -> bool:
    """True for a regular file that is not a symbolic link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_regular(path: str | os.PathLike, cap: int | None = None) -> bytes:
    """The bytes of a regular file (at most ``cap + 1`` when ``cap`` is given, so the caller can tell "too
    large"); raises :class:`NotARegularFile` (an ``OSError``) for anything else, without blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(Path(path), flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(f"not a regular file: {Path(path).name}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if cap is None else handle.read(cap + 1)
    finally:
        os.close(fd)
