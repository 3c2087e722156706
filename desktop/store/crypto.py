"""Encryption at rest: AES-256-GCM for sensitive fields, keyed hashes for look-ups.

One random 256-bit data key per data directory. Two sub-keys are derived from it with HKDF: one encrypts
fields, one computes the keyed hashes ("blind indexes") that let the database find a person by name or a
photo by URL without storing either in plain text. Every sealed field is bound to its column through the
AES-GCM associated data, so a value copied into another column does not decrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_VERSION = b"\x01"

# scrypt cost for the passcode: ~0.1-0.3 s and 32 MiB on a laptop, expensive for a guesser.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


class DecryptionFailed(Exception):
    """The data key does not open this value (wrong key, or the value was altered)."""


class WrongPasscode(Exception):
    pass


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _derive(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"jikimi/" + purpose).derive(
        data_key
    )


class Vault:
    def __init__(self, data_key: bytes):
        if len(data_key) != KEY_BYTES:
            raise ValueError("data key must be 32 bytes")
        self._aead = AESGCM(_derive(data_key, b"fields"))
        self._index_key = _derive(data_key, b"index")

    def seal(self, plaintext: bytes, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode("utf-8"))

    def open(self, sealed: bytes, context: str) -> bytes:
        if not sealed or sealed[:1] != FORMAT_VERSION or len(sealed) < 1 + NONCE_BYTES + 16:
            raise DecryptionFailed(f"not a sealed value for {context}")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, context.encode("utf-8"))
        except InvalidTag as exc:
            raise DecryptionFailed(f"cannot decrypt {context}") from exc

    def seal_text(self, text: str, context: str) -> bytes:
        return self.seal(text.encode("utf-8"), context)

    def open_text(self, sealed: bytes, context: str) -> str:
        return self.open(sealed, context).decode("utf-8")

    def seal_json(self, value: Any, context: str) -> bytes:
        return self.seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), context)

    def open_json(self, sealed: bytes, context: str) -> Any:
        return json.loads(self.open(sealed, context))

    def index(self, value: str | bytes, context: str) -> bytes:
        """A keyed hash: equal inputs give equal indexes, but the index reveals nothing without the key."""
        raw = value.encode("utf-8") if isinstance(value, str) else value
        return hmac.new(self._index_key, context.encode("utf-8") + b"\x00" + raw, hashlib.sha256).digest()


def _scrypt(passcode: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passcode.encode("utf-8"))


def wrap_data_key(data_key: bytes, passcode: str) -> dict[str, Any]:
    """Encrypt the data key under a key derived from the passcode (scrypt)."""
    salt = os.urandom(16)
    kek = _scrypt(passcode, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, b"jikimi/data-key")
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "wrapped_key": wrapped.hex(),
    }


def unwrap_data_key(record: dict[str, Any], passcode: str) -> bytes:
    kek = _scrypt(passcode, bytes.fromhex(record["salt"]), record["n"], record["r"], record["p"])
    try:
        return AESGCM(kek).decrypt(
            bytes.fromhex(record["nonce"]), bytes.fromhex(record["wrapped_key"]), b"jikimi/data-key"
        )
    except InvalidTag as exc:
        raise WrongPasscode() from exc
