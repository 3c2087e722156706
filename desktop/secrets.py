"""Where the data key lives: the OS keyring, a passcode, or (visibly) a key file.

- ``keyring``: the data key is stored in the system keyring (Windows Credential Manager, macOS Keychain,
  Secret Service on Linux desktops).
- ``passcode``: the user set an app passcode; the data key is wrapped with a key derived from it (scrypt)
  and only the wrapped form is on disk. Forgetting the passcode means starting over: there is no backdoor.
- ``file``: no keyring works here (headless Linux, some kiosks). The key sits in a file readable only by
  this user. The app says so in Settings and in ``self-test``; setting a passcode upgrades from it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.log import get_logger
from desktop.paths import AppPaths, keyring_account
from desktop.store import crypto
from desktop.store.locks import file_lock

KEYRING_SERVICE = "Jikimi"
MODE_KEYRING = "keyring"
MODE_PASSCODE = "passcode"
MODE_FILE = "file"

# Wrong passcodes: after this many, each further try waits longer (persisted, so restarting does not help).
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300


class KeyUnavailable(Exception):
    """The data key cannot be had; ``message_id`` names a translated explanation."""

    def __init__(self, message_id: str, detail: str = ""):
        super().__init__(detail or message_id)
        self.message_id = message_id


class PasscodeRequired(KeyUnavailable):
    def __init__(self) -> None:
        super().__init__("key.passcode_required")


class TooManyAttempts(KeyUnavailable):
    def __init__(self, wait_seconds: float):
        super().__init__("key.too_many_attempts", f"wait {wait_seconds:.0f} s")
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class KeyStatus:
    mode: str | None  # None before the first key exists
    backend: str

    @property
    def is_fallback(self) -> bool:
        return self.mode == MODE_FILE


def _usable_keyring(backend=None):
    """The keyring backend to use, or None when only the fail/null backends are available."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:  # noqa: BLE001 - a broken keyring install must not stop the app
        return None
    chosen = backend if backend is not None else keyring.get_keyring()
    if isinstance(chosen, (fail.Keyring, null.Keyring)):
        return None
    if isinstance(chosen, chainer.ChainerBackend) and not chosen.backends:
        return None
    return chosen


ENV_PASSCODE = "JIKIMI_PASSCODE"


def passcode_from_environment(prompt_if_needed: bool = True) -> str | None:
    """The passcode from ``JIKIMI_PASSCODE``, else asked on the terminal when there is one (command line)."""
    if os.environ.get(ENV_PASSCODE):
        return os.environ[ENV_PASSCODE]
    if prompt_if_needed and sys.stdin is not None and sys.stdin.isatty():
        import getpass

        from desktop import i18n

        return getpass.getpass(i18n.tr("cli.passcode_prompt"))
    return None


class KeyStore:
    """Loads or creates the data key for one data directory."""

    def __init__(self, paths: AppPaths, keyring_backend=None, clock=time.time):
        self.paths = paths
        self._backend_override = keyring_backend
        self._clock = clock

    # --- files -------------------------------------------------------------------------------------
    @property
    def _mode_file(self) -> Path:
        return self.paths.keys_dir / "key-mode.json"

    @property
    def _key_file(self) -> Path:
        return self.paths.keys_dir / "data.key"

    @property
    def _wrapped_file(self) -> Path:
        return self.paths.keys_dir / "data.key.wrapped.json"

    @property
    def _attempts_file(self) -> Path:
        return self.paths.keys_dir / "passcode-attempts.json"

    @property
    def _lock_file(self) -> Path:
        return self.paths.keys_dir / "keys.lock"

    def _exclusive(self) -> contextlib.AbstractContextManager[None]:
        """One process at a time creates the key or counts a wrong passcode (two commands started at once on a
        new data folder must end with one key, not two half-written ones)."""
        return file_lock(self._lock_file)

    def _write_private(self, path: Path, data: bytes) -> None:
        self.paths.keys_dir.mkdir(parents=True, exist_ok=True)
        # A temp name of its own: two writers never share (and never rename away) each other's temp file.
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=self.paths.keys_dir)
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def mode(self) -> str | None:
        try:
            record = json.loads(self._mode_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError, OSError) as exc:
            raise KeyUnavailable("key.mode_damaged", type(exc).__name__) from exc
        mode = record.get("mode") if isinstance(record, dict) else None
        if mode not in (MODE_KEYRING, MODE_PASSCODE, MODE_FILE):
            raise KeyUnavailable("key.mode_damaged", repr(mode)[:40])
        return mode

    def _set_mode(self, mode: str) -> None:
        self._write_private(self._mode_file, json.dumps({"mode": mode}).encode())

    def status(self) -> KeyStatus:
        backend = _usable_keyring(self._backend_override)
        name = type(backend).__module__ + "." + type(backend).__name__ if backend else "none"
        return KeyStatus(mode=self.mode(), backend=name)

    def needs_passcode(self) -> bool:
        return self.mode() == MODE_PASSCODE

    # --- loading -----------------------------------------------------------------------------------
    def load(self, passcode: str | None = None) -> bytes:
        """The data key; created on first use (in the keyring when one works, else the key file)."""
        mode = self.mode()
        if mode is None:
            with self._exclusive():
                mode = self.mode()  # another process may have created it while this one waited
                if mode is None:
                    return self._create(passcode)
        if mode == MODE_PASSCODE:
            if not passcode:
                raise PasscodeRequired()
            return self._unwrap_with_limit(passcode)
        if mode == MODE_KEYRING:
            backend = _usable_keyring(self._backend_override)
            if backend is None:
                raise KeyUnavailable("key.keyring_gone")
            try:
                stored = backend.get_password(KEYRING_SERVICE, keyring_account(self.paths))
            except Exception as exc:  # noqa: BLE001 - locked or broken keyring daemons raise anything
                get_logger("keys").warning("the keyring did not give the key: %s", type(exc).__name__)
                raise KeyUnavailable("key.keyring_locked", type(exc).__name__) from exc
            if not stored:
                raise KeyUnavailable("key.keyring_entry_missing")
            try:
                return _checked_key(base64.b64decode(stored, validate=True))
            except ValueError as exc:
                raise KeyUnavailable("key.file_damaged", "keyring entry") from exc
        if mode == MODE_FILE:
            try:
                return _checked_key(self._key_file.read_bytes())
            except FileNotFoundError as exc:
                raise KeyUnavailable("key.file_missing") from exc
            except ValueError as exc:
                raise KeyUnavailable("key.file_damaged", str(exc)) from exc
        raise KeyUnavailable("key.unknown_mode", mode)

    def _create(self, passcode: str | None) -> bytes:
        data_key = crypto.new_data_key()
        if passcode:
            self._store_wrapped(data_key, passcode)
            return data_key
        self._keep_unwrapped(data_key)
        return data_key

    def _keep_unwrapped(self, data_key: bytes) -> str:
        """Store the key in the keyring when one works, else (visibly) in the owner-only key file."""
        backend = _usable_keyring(self._backend_override)
        if backend is not None:
            try:
                backend.set_password(
                    KEYRING_SERVICE, keyring_account(self.paths), base64.b64encode(data_key).decode()
                )
                self._set_mode(MODE_KEYRING)
                return MODE_KEYRING
            except Exception as exc:  # noqa: BLE001 - fall back, visibly
                get_logger("keys").warning("the keyring refused the key (%s); using the key file",
                                           type(exc).__name__)
        self._write_private(self._key_file, data_key)
        self._set_mode(MODE_FILE)
        return MODE_FILE

    def _store_wrapped(self, data_key: bytes, passcode: str) -> None:
        record = crypto.wrap_data_key(data_key, passcode)
        self._write_private(self._wrapped_file, json.dumps(record).encode())
        self._set_mode(MODE_PASSCODE)

    # --- wrong-passcode throttling -------------------------------------------------------------------
    def _attempts(self) -> dict:
        try:
            record = json.loads(self._attempts_file.read_text(encoding="utf-8"))
            failures, last = record["failures"], record["last"]
            if isinstance(failures, int) and isinstance(last, (int, float)) and failures >= 0:
                return {"failures": failures, "last": float(last)}
        except (FileNotFoundError, ValueError, TypeError, KeyError, UnicodeDecodeError):
            pass
        return {"failures": 0, "last": 0.0}

    def wait_before_next_attempt(self) -> float:
        record = self._attempts()
        extra = record["failures"] - FREE_ATTEMPTS
        if extra < 0:
            return 0.0
        delay = min(MAX_DELAY_SECONDS, 2 ** (extra + 1))
        return max(0.0, record["last"] + delay - self._clock())

    def _unwrap_with_limit(self, passcode: str) -> bytes:
        wait = self.wait_before_next_attempt()
        if wait > 0:
            raise TooManyAttempts(wait)
        try:
            record = json.loads(self._wrapped_file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise KeyUnavailable("key.wrapped_missing") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise KeyUnavailable("key.wrapped_damaged", type(exc).__name__) from exc
        try:
            data_key = crypto.unwrap_data_key(record, passcode)
        except crypto.WrongPasscode:
            with self._exclusive():  # two wrong tries at once both count
                attempts = self._attempts()
                attempts = {"failures": attempts["failures"] + 1, "last": self._clock()}
                self._write_private(self._attempts_file, json.dumps(attempts).encode())
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyUnavailable("key.wrapped_damaged", type(exc).__name__) from exc
        self._attempts_file.unlink(missing_ok=True)
        return data_key

    # --- passcode changes ----------------------------------------------------------------------------
    def set_passcode(self, new_passcode: str, current_passcode: str | None = None) -> None:
        """Protect the data key with a passcode; removes it from the keyring and the key file."""
        if not new_passcode:
            raise ValueError("empty passcode")
        data_key = self.load(current_passcode)
        self._store_wrapped(data_key, new_passcode)
        self._forget_unwrapped_copies()

    def remove_passcode(self, current_passcode: str) -> str:
        """Move the key back to the keyring (or the visible key file). Returns the new mode."""
        data_key = self.load(current_passcode)
        self._wrapped_file.unlink(missing_ok=True)
        self.paths.keys_dir.joinpath("key-mode.json").unlink(missing_ok=True)
        return self._keep_unwrapped(data_key)

    def _forget_unwrapped_copies(self) -> bool:
        """Overwrite and remove the key file, and take the key out of the keyring. False when the keyring still
        holds it afterwards (a locked or broken keyring): the caller must say so, never pretend it is gone."""
        if self._key_file.exists():
            size = self._key_file.stat().st_size
            self._write_private(self._key_file, os.urandom(size))  # overwrite before unlinking
            self._key_file.unlink()
        backend = _usable_keyring(self._backend_override)
        if backend is None:
            return True
        account = keyring_account(self.paths)
        try:
            backend.delete_password(KEYRING_SERVICE, account)
        except Exception as exc:  # noqa: BLE001 - "nothing stored" and "keyring locked" look alike here
            get_logger("keys").info("keyring delete: %s", type(exc).__name__)
        try:
            still_there = backend.get_password(KEYRING_SERVICE, account) is not None
        except Exception as exc:  # noqa: BLE001 - cannot tell: say so
            get_logger("keys").warning("keyring could not be read after deleting the key: %s", type(exc).__name__)
            return False
        if still_there:
            get_logger("keys").warning("the key is still in the keyring after deleting it")
        return not still_there

    def forget_everything(self) -> bool:
        """Used by "delete all data": the key goes from every place it was kept. Returns False when the keyring
        could not be shown to have let go of it (the user is told to remove the entry by hand)."""
        cleared = self._forget_unwrapped_copies()
        for path in (self._wrapped_file, self._mode_file, self._attempts_file):
            path.unlink(missing_ok=True)
        return cleared


def _checked_key(data: bytes) -> bytes:
    """The stored key as it must be: a truncated or padded key file would decrypt nothing."""
    if len(data) != crypto.KEY_BYTES:
        raise ValueError(f"key has {len(data)} bytes")
    return data
