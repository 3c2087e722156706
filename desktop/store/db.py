"""SQLite storage: WAL mode, schema version in ``user_version``, numbered migrations, a backup before
migrating, and a clear refusal to open a database written by a newer Jikimi.

Expected operational errors (locked, disk full, read-only) are turned into :class:`StorageError` with a
message id, so the app can tell the user what to do; anything else is a bug and propagates.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from desktop.core.errors import StorageError  # noqa: F401 - re-exported: the store's error
from desktop.core.local_time import utc_now  # noqa: F401 - re-exported
from desktop.log import get_logger
from desktop.store.migrations import all_migrations

log = get_logger("store")
BACKUPS_KEPT = 3


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row the cursor's INSERT just added. sqlite3 sets ``lastrowid`` after every successful
    INSERT into a rowid table, so None here means the statement was not such an INSERT: a bug."""
    row_id = cursor.lastrowid
    if row_id is None:
        raise ValueError("the cursor did not INSERT a row")
    return row_id


class DatabaseTooNew(StorageError):
    def __init__(self, found: int, supported: int):
        super().__init__("db.too_new", f"schema {found} > {supported}", found=found, supported=supported)
        self.found = found
        self.supported = supported


def schema_version() -> int:
    return len(all_migrations())


def classify(exc: sqlite3.Error) -> StorageError | None:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError("db.locked", str(exc))
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("db.disk_full", str(exc))
    if "readonly" in text or "read-only" in text:
        return StorageError("db.read_only", str(exc))
    if "not a database" in text or "malformed" in text:
        return StorageError("db.corrupt", str(exc))
    if "unable to open" in text:
        return StorageError("db.cannot_open", str(exc))
    return None


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        known = classify(exc)
        if known is None:
            raise
        raise known from exc


class Database:
    """One connection per thread-of-use; writes go through :meth:`transaction`."""

    def __init__(self, path: Path, backups_dir: Path | None = None):
        self.path = Path(path)
        self.backups_dir = backups_dir or self.path.parent / "backups"
        self._lock = threading.RLock()
        with storage_errors():
            self.conn = self._connect()
            self._migrate()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
        _owner_only(self.path)  # SQLite gives its -wal/-shm files the same mode as the database file
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA secure_delete = ON")  # deleted faces must not linger in free pages
        return conn

    def _use_wal(self) -> None:
        # Only after the version check: switching to WAL rewrites the header of a file we may refuse.
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("journal mode is %s, not WAL", mode)
        self.conn.execute("PRAGMA synchronous = NORMAL")

    @property
    def user_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        migrations = all_migrations()
        current = self.user_version
        if current > len(migrations):
            self.conn.close()
            raise DatabaseTooNew(current, len(migrations))
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if current < 0 or (current == 0 and tables):
            # A negative version, or version 0 on a file that holds tables: the header was damaged or edited.
            # Migrating would fail half-way (or run on the wrong schema); the file is left untouched.
            self.conn.close()
            raise StorageError("db.version_damaged", f"{tables} tables", version=current)
        self._use_wal()
        if current == len(migrations):
            return
        if current > 0:
            self.backup(f"before-v{len(migrations)}-from-v{current}")
        for migration in migrations[current:]:
            log.info("migrating database to schema %d (%s)", migration.version, migration.name)
            with self.transaction() as conn:
                for statement in _split_sql(migration.module.SQL):
                    conn.execute(statement)
                hook = getattr(migration.module, "migrate", None)
                if hook is not None:
                    hook(conn)
                conn.execute(f"PRAGMA user_version = {migration.version}")

    def backup(self, label: str) -> Path:
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.backups_dir / f"jikimi-{stamp}-{label}.db"
        with contextlib.closing(sqlite3.connect(target)) as dest:
            self.conn.backup(dest)
        _owner_only(target)
        old = sorted(self.backups_dir.glob("jikimi-*.db"))
        for stale in old[:-BACKUPS_KEPT]:
            stale.unlink(missing_ok=True)
        return target

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, storage_errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                # SQLite may already have rolled back itself (disk full, I/O error): then ROLLBACK fails with
                # "no transaction is active" and would hide the real reason.
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock, storage_errors():
            return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self._lock, storage_errors():
            return self.conn.execute(sql, params).fetchone()

    def count(self, sql: str, params: tuple | dict = ()) -> int:
        """The number a ``SELECT count(*) ...`` returns (an aggregate without GROUP BY always yields one row)."""
        row = self.query_one(sql, params)
        if row is None:
            raise ValueError(f"count query returned no row: {sql}")
        return row[0]

    def integrity_ok(self) -> bool:
        row = self.query_one("PRAGMA integrity_check")
        return row is not None and row[0] == "ok"

    def compact(self) -> None:
        """After deletions: checkpoint the WAL and rewrite the file so nothing deleted lingers."""
        with self._lock, storage_errors():
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM app_settings WHERE key = ?", (key,))
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO app_settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()


def _owner_only(path: Path) -> None:
    """Files holding (sealed) personal data are readable by their owner only, like the data directory."""
    with contextlib.suppress(OSError):  # e.g. FAT file systems have no modes
        path.chmod(0o600)


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit our transaction)."""
    statements, buffer = [], []
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buffer.append(line)
        candidate = "\n".join(buffer)
        if stripped.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    if buffer:
        statements.append("\n".join(buffer))
    return statements
