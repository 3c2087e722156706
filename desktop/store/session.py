"""Opening the data for a command or for the window: which passcode to try, and what to tell the person when the
data cannot be opened. The one place both ``desktop.cli`` and ``desktop.ui`` open a data folder through, so the
two never disagree on ``JIKIMI_PASSCODE`` or on the words for a wrong passcode."""

from __future__ import annotations

import os
from collections.abc import Callable

from desktop import i18n
from desktop.paths import AppPaths
from desktop.secrets import ENV_PASSCODE, KeyStore, KeyUnavailable, TooManyAttempts, passcode_from_environment
from desktop.store.crypto import WrongPasscode
from desktop.store.db import StorageError
from desktop.store.workspace import Workspace, open_workspace

# What opening the data may raise that the person can act on (anything else is a bug); see problem_text.
CANNOT_OPEN: tuple[type[Exception], ...] = (KeyUnavailable, WrongPasscode, StorageError)


def passcode_for(keys: KeyStore, ask: bool) -> str | None:
    """The passcode to open data that has one: ``JIKIMI_PASSCODE``, else asked on the terminal when ``ask`` and
    there is one. None for data without a passcode."""
    return passcode_from_environment(prompt_if_needed=ask) if keys.needs_passcode() else None


def open_for_command(app_paths: AppPaths, notice: Callable[[str], None]) -> Workspace:
    """The data in ``app_paths`` for a headless command; asks for the passcode only when the data has one.

    ``JIKIMI_PASSCODE`` on a new data folder protects it; on a folder without a passcode it is not used.
    ``notice`` is told which of the two happened (a line for the person), and only when the variable is set.
    """
    keys = KeyStore(app_paths)
    if keys.needs_passcode():
        return open_workspace(app_paths, passcode_for(keys, ask=True))
    from_environment = os.environ.get(ENV_PASSCODE) or None
    new_folder = keys.mode() is None
    workspace = open_workspace(app_paths, from_environment if new_folder else None)
    if from_environment:
        applied = new_folder and workspace.keys.needs_passcode()
        notice(i18n.tr("key.env_passcode_applied" if applied else "key.env_passcode_ignored"))
    return workspace


def problem_text(exc: Exception) -> str:
    """Why the data could not be opened (or a command refused), in words: one of :data:`CANNOT_OPEN`."""
    if isinstance(exc, TooManyAttempts):
        return i18n.tr("key.too_many_attempts", seconds=int(exc.wait_seconds) + 1)
    if isinstance(exc, WrongPasscode):
        return i18n.tr("key.wrong_passcode")
    if isinstance(exc, (KeyUnavailable, StorageError)):
        return i18n.tr(exc.message_id, None, **getattr(exc, "values", {}))
    raise TypeError(f"not a problem opening the data: {type(exc).__name__}")
