import pytest

from desktop.store import crypto


def test_sealed_text_round_trips_and_hides_the_plaintext():
    vault = crypto.Vault(crypto.new_data_key())
    sealed = vault.seal_text("김민지", "persons.name")
    assert "김민지".encode() not in sealed
    assert vault.open_text(sealed, "persons.name") == "김민지"


def test_same_value_seals_differently_each_time():
    vault = crypto.Vault(crypto.new_data_key())
    assert vault.seal_text("x", "c") != vault.seal_text("x", "c")


def test_a_value_moved_to_another_column_does_not_open():
    vault = crypto.Vault(crypto.new_data_key())
    sealed = vault.seal_text("https://example.org/a.jpg", "photos.image_url")
    with pytest.raises(crypto.DecryptionFailed):
        vault.open(sealed, "persons.name")


def test_a_tampered_value_is_detected():
    vault = crypto.Vault(crypto.new_data_key())
    sealed = bytearray(vault.seal_text("value", "c"))
    sealed[-1] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        vault.open(bytes(sealed), "c")


def test_another_key_cannot_open_the_data():
    sealed = crypto.Vault(crypto.new_data_key()).seal_text("value", "c")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.Vault(crypto.new_data_key()).open(sealed, "c")


def test_index_is_stable_per_key_and_differs_across_keys():
    key = crypto.new_data_key()
    assert crypto.Vault(key).index("minji", "n") == crypto.Vault(key).index("minji", "n")
    assert crypto.Vault(key).index("minji", "n") != crypto.Vault(crypto.new_data_key()).index("minji", "n")
    assert crypto.Vault(key).index("minji", "n") != crypto.Vault(key).index("minji", "other")


def test_passcode_wraps_the_data_key():
    data_key = crypto.new_data_key()
    record = crypto.wrap_data_key(data_key, "correct horse")
    assert data_key.hex() not in str(record)
    assert crypto.unwrap_data_key(record, "correct horse") == data_key
    with pytest.raises(crypto.WrongPasscode):
        crypto.unwrap_data_key(record, "wrong")
