"""Opening a data directory: paths, the data key, the database and the repositories over them."""

from __future__ import annotations

import errno
import shutil
from dataclasses import dataclass

from desktop.paths import AppPaths
from desktop.secrets import KeyStore
from desktop.store.cases import CaseRepository
from desktop.store.classes import ClassRepository
from desktop.store.consent_service import ConsentService
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, StorageError
from desktop.store.persons import PersonRepository
from desktop.store.sources import SourceRepository

# A small sealed value in the settings table proves the key in hand is the key the data was written with.
KEY_CHECK_SETTING = "key_check"
KEY_CHECK_CONTEXT = "app_settings.key_check"


@dataclass
class Workspace:
    paths: AppPaths
    keys: KeyStore
    db: Database
    vault: Vault

    @property
    def persons(self) -> PersonRepository:
        return PersonRepository(self.db, self.vault)

    @property
    def consents(self) -> ConsentService:
        """Recording consent, withdrawing it, and deleting a person (what goes, and counting it first)."""
        return ConsentService(self.db, self.vault)

    @property
    def cases(self) -> CaseRepository:
        return CaseRepository(self.db, self.vault)

    @property
    def classes(self) -> ClassRepository:
        return ClassRepository(self.db, self.vault)

    @property
    def sources(self) -> SourceRepository:
        return SourceRepository(self.db, self.vault)

    @property
    def face_references(self):
        """The faces each person is known by (imported when first used: it brings numpy and the matcher's
        encoding format)."""
        from desktop.store.face_references import FaceReferenceRepository

        return FaceReferenceRepository(self.db, self.vault)

    @property
    def http_validators(self):
        """The encrypted ETag/Last-Modified store for the HTTP client (re-scans download only what changed)."""
        from desktop.store.http_cache import HttpValidatorStore

        return HttpValidatorStore(self.db, self.vault)

    def close(self) -> None:
        self.db.close()

    def delete_all_data(self) -> bool:
        """Leave nothing but an empty data directory (the key leaves the keyring too). Returns False when the
        keyring could not be shown to have let go of the key: the caller tells the user to remove the entry
        (the data it opened is gone either way)."""
        self.db.close()
        keyring_cleared = self.keys.forget_everything()
        for child in list(self.paths.data_dir.iterdir()):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink(missing_ok=True)
        return keyring_cleared


def open_workspace(paths: AppPaths, passcode: str | None = None, keyring_backend=None) -> Workspace:
    """Open (creating on first use) the data in ``paths``.

    Raises :class:`desktop.secrets.PasscodeRequired`, :class:`desktop.store.crypto.WrongPasscode`,
    :class:`desktop.secrets.KeyUnavailable` or :class:`StorageError` with a message id for the user.
    """
    try:
        paths.ensure()
    except OSError as exc:
        raise StorageError("db.cannot_create_dir", str(exc)) from exc
    keys = KeyStore(paths, keyring_backend=keyring_backend)
    try:
        data_key = keys.load(passcode)
    except OSError as exc:  # the key could not be written: a full disk on first run, a read-only folder
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        raise StorageError("db.disk_full" if full else "db.cannot_create_dir", str(exc)) from exc
    vault = Vault(data_key)
    db = Database(paths.database, paths.backups_dir)
    stored = db.query_one("SELECT value FROM app_settings WHERE key = ?", (KEY_CHECK_SETTING,))
    if stored is None:
        db.set_setting(KEY_CHECK_SETTING, vault.seal(b"jikimi", KEY_CHECK_CONTEXT).hex())
    else:
        try:
            vault.open(bytes.fromhex(stored["value"]), KEY_CHECK_CONTEXT)
        except DecryptionFailed as exc:
            db.close()
            raise StorageError("key.does_not_match") from exc
    return Workspace(paths=paths, keys=keys, db=db, vault=vault)
