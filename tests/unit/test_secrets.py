import stat

import pytest

from desktop import secrets
from desktop.store import crypto


def test_without_a_keyring_the_key_goes_to_an_owner_only_file_and_says_so(app_paths):
    store = secrets.KeyStore(app_paths)
    key = store.load()
    assert store.status().mode == secrets.MODE_FILE
    assert store.status().is_fallback
    key_file = app_paths.keys_dir / "data.key"
    assert key_file.read_bytes() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert secrets.KeyStore(app_paths).load() == key


def test_with_a_keyring_the_key_lives_there_and_not_on_disk(app_paths, memory_keyring):
    store = secrets.KeyStore(app_paths, keyring_backend=memory_keyring)
    key = store.load()
    assert store.status().mode == secrets.MODE_KEYRING
    assert not (app_paths.keys_dir / "data.key").exists()
    assert len(memory_keyring.store) == 1
    assert secrets.KeyStore(app_paths, keyring_backend=memory_keyring).load() == key


def test_keyring_that_disappeared_gives_a_clear_reason(app_paths, memory_keyring):
    secrets.KeyStore(app_paths, keyring_backend=memory_keyring).load()
    with pytest.raises(secrets.KeyUnavailable) as raised:
        secrets.KeyStore(app_paths).load()  # no keyring backend any more
    assert raised.value.message_id == "key.keyring_gone"


def test_passcode_protects_the_key_and_removes_the_plain_copy(app_paths):
    store = secrets.KeyStore(app_paths)
    key = store.load()
    store.set_passcode("1234-abcd")
    assert not (app_paths.keys_dir / "data.key").exists()
    assert store.needs_passcode()
    with pytest.raises(secrets.PasscodeRequired):
        store.load()
    assert store.load("1234-abcd") == key


def test_wrong_passcodes_are_slowed_down_even_across_restarts(app_paths):
    now = [1000.0]
    store = secrets.KeyStore(app_paths, clock=lambda: now[0])
    store.load("right")
    for _ in range(secrets.FREE_ATTEMPTS):
        with pytest.raises(crypto.WrongPasscode):
            store.load("wrong")
    restarted = secrets.KeyStore(app_paths, clock=lambda: now[0])
    with pytest.raises(secrets.TooManyAttempts) as raised:
        restarted.load("right")
    assert raised.value.wait_seconds > 0
    now[0] += raised.value.wait_seconds + 1
    assert len(restarted.load("right")) == 32


def test_removing_the_passcode_returns_the_key_to_the_fallback_file(app_paths):
    store = secrets.KeyStore(app_paths)
    key = store.load("pw")
    assert store.remove_passcode("pw") == secrets.MODE_FILE
    assert secrets.KeyStore(app_paths).load() == key


def test_deleting_all_data_says_when_the_keyring_kept_the_key(app_paths, memory_keyring):
    """A locked keyring refuses to delete: the app must not claim the key is gone."""
    from desktop.store.workspace import open_workspace

    workspace = open_workspace(app_paths, keyring_backend=memory_keyring)

    def refuse(service, username):
        raise RuntimeError("keyring locked")

    memory_keyring.delete_password = refuse
    assert workspace.delete_all_data() is False
    assert memory_keyring.store  # still there, and the caller was told


def test_deleting_all_data_confirms_the_key_left_the_keyring(app_paths, memory_keyring):
    from desktop.store.workspace import open_workspace

    workspace = open_workspace(app_paths, keyring_backend=memory_keyring)
    assert workspace.delete_all_data() is True
    assert memory_keyring.store == {}
