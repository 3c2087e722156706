"""File locks between processes (and threads): key creation, and a person's running work against a wipe.

A scan holds its person's lock (shared) while it runs. Deleting the person, withdrawing consent or deleting
their class first writes a stop request the scan watches for (it cancels itself at once), then takes the lock
exclusively, waiting for the scan to leave, and only then deletes: nothing the scan would still have written
(a face analysis, a finding) can land after the wipe, and a scan that starts during the wipe finds the person
gone. Locks are ``flock`` locks on POSIX (per open file, so two threads of one process exclude each other too)
and ``msvcrt`` byte locks on Windows (always exclusive there).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop.paths import AppPaths
from desktop.store.db import StorageError

WIPE_WAIT_SECONDS = 120.0  # how long a wipe waits for the person's running work to stop
STOP_REQUEST_STALE_SECONDS = 600.0  # a stop request left by a wipe that crashed is ignored after this
WATCH_INTERVAL = 0.1


class LockBusy(Exception):
    """The lock was not free within the time allowed."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int, shared: bool) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def file_lock(path: Path, shared: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold a lock on ``path`` (created owner-only); waits up to ``timeout`` seconds (None: as long as it takes)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not _try_lock(fd, shared):
            if deadline is not None and time.monotonic() > deadline:
                raise LockBusy(str(path.name))
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def paths_of(db) -> AppPaths:
    """The data folder of an open database (``jikimi.db`` sits at its top)."""
    return AppPaths(Path(db.path).parent)


@contextlib.contextmanager
def wiping(db, person_ids: Iterable[int], timeout: float = WIPE_WAIT_SECONDS) -> Iterator[None]:
    """:func:`persons_wiped` for the data folder of ``db``; a scan that did not stop in time becomes the
    ``person.wipe_scan_running`` message (and nothing is deleted)."""
    try:
        with persons_wiped(paths_of(db), person_ids, timeout):
            yield
    except LockBusy as exc:
        raise StorageError("person.wipe_scan_running") from exc


def _stop_requested(marker: Path) -> bool:
    try:
        return time.time() - marker.stat().st_mtime < STOP_REQUEST_STALE_SECONDS
    except OSError:
        return False


@contextlib.contextmanager
def person_work(paths: AppPaths, person_id: int, on_stop: Callable[[], None]) -> Iterator[None]:
    """Run a person's work (a scan) under their lock; ``on_stop`` is called once if a wipe asks it to stop."""
    marker = paths.person_stop(person_id)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(WATCH_INTERVAL):
            if _stop_requested(marker):
                on_stop()
                return

    with file_lock(paths.person_lock(person_id), shared=True):
        watcher = threading.Thread(target=watch, name="jikimi-wipe-watch", daemon=True)
        watcher.start()
        try:
            yield
        finally:
            done.set()
            watcher.join(timeout=1)


@contextlib.contextmanager
def persons_wiped(paths: AppPaths, person_ids: Iterable[int], timeout: float = WIPE_WAIT_SECONDS) -> Iterator[None]:
    """Stop and wait for the running work of these people, and keep new work out, while they are wiped.
    Raises :class:`LockBusy` (nothing deleted) when their work did not stop in time."""
    ids = sorted(set(person_ids))
    markers = [paths.person_stop(pid) for pid in ids]

    def remove_markers() -> None:
        for marker in markers:
            marker.unlink(missing_ok=True)

    try:
        paths.locks_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for marker in markers:
            marker.write_text(str(os.getpid()), encoding="ascii")
        deadline = time.monotonic() + timeout
        with contextlib.ExitStack() as locks:
            for pid in ids:
                locks.enter_context(file_lock(paths.person_lock(pid), timeout=max(0.0, deadline - time.monotonic())))
            try:
                yield
            finally:
                remove_markers()  # before the locks go: new work may start as soon as they do
    finally:
        remove_markers()
