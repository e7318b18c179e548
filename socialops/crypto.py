"""Encryption at rest for secrets and personal details kept in the database (platform tokens,
the person named in a consent record).

The keys are a list, newest first (settings.ENCRYPTION_KEYS). New values are encrypted with the
newest key; any key in the list decrypts, so a key can be rotated in without downtime and retired
once `rotate()` has re-encrypted everything under the newest one.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """The value was not made by any key in the list, or was tampered with. Callers fail closed."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("ENCRYPTION_KEYS is empty: at least one Fernet key is needed.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes; make one with `manage.py generate_encryption_key`)."
        ) from exc


def _current() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    """Ciphertext as text, for a TextField. An empty value stays empty (nothing to hide)."""
    if not plaintext:
        return ""
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    if not ciphertext:
        return ""
    try:
        return _current().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("No encryption key in ENCRYPTION_KEYS opens this value.") from exc


def rotate(ciphertext: str) -> str:
    """The same plaintext, re-encrypted under the newest key."""
    if not ciphertext:
        return ""
    try:
        return _current().rotate(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("No encryption key in ENCRYPTION_KEYS opens this value.") from exc


def generate_key() -> str:
    return Fernet.generate_key().decode()
