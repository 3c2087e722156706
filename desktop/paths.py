"""The only place file-system paths come from.

Order of precedence for the data directory: an explicit ``--data-dir`` (passed to :func:`configure`),
then ``JIKIMI_HOME``, then the platform's per-user data directory (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop import APP_ID, APP_NAME

ENV_HOME = "JIKIMI_HOME"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "jikimi.db"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "jikimi.log"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "jikimi.lock"

    @property
    def locks_dir(self) -> Path:
        """Per-person work locks: a running scan holds its person's, a wipe waits for it (docs/security.md)."""
        return self.data_dir / "locks"

    def person_lock(self, person_id: int) -> Path:
        return self.locks_dir / f"person-{int(person_id)}.lock"

    def person_stop(self, person_id: int) -> Path:
        """Written by a wipe that waits for the person's running work: that work stops at once."""
        return self.locks_dir / f"person-{int(person_id)}.stop"

    def ensure(self) -> AppPaths:
        """Create the directories with owner-only permissions (faces live here)."""
        for directory in (self.data_dir, self.backups_dir, self.keys_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True)
            try:
                directory.chmod(0o700)
            except OSError:  # e.g. a FAT USB stick; the data is encrypted anyway
                pass
        return self


def default_data_dir() -> Path:
    import platformdirs  # only when no data dir was given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Paths for an explicit data dir, else ``JIKIMI_HOME``, else the platform default."""
    if data_dir:
        chosen = Path(data_dir)
    elif os.environ.get(ENV_HOME):
        chosen = Path(os.environ[ENV_HOME])
    else:
        chosen = default_data_dir()
    return AppPaths(chosen.expanduser().resolve())


def keyring_account(paths: AppPaths) -> str:
    """One keyring entry per data directory, so two data dirs never share a key."""
    import hashlib

    digest = hashlib.sha256(str(paths.data_dir).encode("utf-8")).hexdigest()[:16]
    return f"{APP_ID}-data-key-{digest}"
