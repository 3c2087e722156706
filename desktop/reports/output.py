"""Saving a file the user asked for (a PDF, a case ZIP): all or nothing, and the reason in words when it fails.

The bytes go to a hidden file beside the target, which takes the target's name only once it is complete, so a
full disk or a pulled USB stick never leaves half a PDF behind (nor a damaged older copy). ``exclusive`` never
replaces an existing file (``FileExistsError``). Failures are ``OSError``; :func:`problem_message_id` names
the message that explains one.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, overload

if TYPE_CHECKING:
    from desktop.core.errors import StorageError

SaveError = TypeVar("SaveError", bound=Exception)

CHUNK = 1024 * 1024
# Why a file could not be saved, in the words the user needs: the message ids take {path}, {example} (the
# folder with a file name added) and {reason} (the system's own words).
IS_FOLDER = "save.is_folder"
NO_PERMISSION = "save.no_permission"
DISK_FULL = "save.disk_full"
FAILED = "save.failed"


def problem_message_id(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return IS_FOLDER
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return NO_PERMISSION
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), getattr(errno, "EFBIG", errno.ENOSPC)):
        return DISK_FULL
    return FAILED


def problem_values(exc: OSError, path: str | Path, example_name: str) -> dict[str, str]:
    """The values :func:`problem_message_id`'s message takes."""
    return {"path": str(path), "example": str(Path(path) / example_name), "reason": exc.strerror or str(exc)}


@overload
def save_error(exc: OSError, path: str | Path, example_name: str, error_class: None = None) -> StorageError: ...


@overload
def save_error(exc: OSError, path: str | Path, example_name: str,
               error_class: Callable[..., SaveError]) -> SaveError: ...


def save_error(exc: OSError, path: str | Path, example_name: str,
               error_class: Callable[..., Exception] | None = None) -> Exception:
    """The exception that carries why ``path`` could not be saved (message id and values; a ``StorageError``
    unless the caller names its own error class taking ``(message_id, detail, **values)``)."""
    if error_class is None:
        from desktop.store.db import StorageError

        error_class = StorageError
    return error_class(problem_message_id(exc), str(exc), **problem_values(exc, path, example_name))


def problem_text(exc: OSError, path: str | Path, example_name: str) -> str:
    """Why ``path`` could not be saved, in the user's language (for a window's message)."""
    from desktop.i18n import tr

    return tr(problem_message_id(exc), **problem_values(exc, path, example_name))


def _write_fully(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:CHUNK])
        view = view[written:]
    os.fsync(fd)


def save_bytes(target: str | Path, data: bytes, exclusive: bool = False) -> Path:
    """Write ``data`` to ``target`` completely or not at all (creating missing parent folders)."""
    target = Path(target)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    if exclusive and target.exists():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    # Owner-only: reports, letters and case files name a child (docs/security.md).
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        try:
            _write_fully(fd, data)
        finally:
            os.close(fd)
        if exclusive:
            _rename_new(partial, target)
        else:
            os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _rename_new(partial: Path, target: Path) -> None:
    """``partial`` takes the name ``target`` only if no file has it (a file appearing meanwhile is kept)."""
    try:
        os.link(partial, target)  # fails when target exists, atomically
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares): check, then rename
        if target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(partial, target)
        return
    partial.unlink(missing_ok=True)
