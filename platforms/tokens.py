"""Tokens at rest: the only code that reads or writes Credential's encrypted fields.

Decryption failure fails closed: the caller gets CredentialsUnreadable (an auth_expired
PlatformError), never a half-usable credential, and marks the account needs_reauth with its
reason (the adapter layer does; this module stores tokens and does not decide what happens to the
account, so it imports nothing from platforms.actions). A refresh runs under a row lock on the
credential, so when two workers find the token stale at once, one refreshes and persists the
rotated refresh token, and the other reuses its result instead of spending the old refresh token
a second time (X and Bluesky rotate refresh tokens: the old one stops working).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from socialops import crypto
from socialops.crypto import DecryptionError

from .http import ErrorKind, PlatformError
from .models import Credential, SocialAccount

# Refresh this long before the platform says the access token expires (the Bluesky SDK uses
# 15 minutes; X's tokens live 2 hours).
REFRESH_MARGIN = timedelta(minutes=15)


@dataclass(frozen=True)
class TokenSet:
    """What a token endpoint answered. An empty refresh_token means "none was sent"."""

    access_token: str
    refresh_token: str = ""
    expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    scopes: tuple[str, ...] = ()
    config: dict = field(default_factory=dict)

    def __repr__(self) -> str:  # never print a token
        return f"TokenSet(expires_at={self.expires_at}, scopes={self.scopes})"


def expires_from(seconds) -> datetime | None:
    return timezone.now() + timedelta(seconds=int(seconds)) if seconds else None


class CredentialsUnreadable(PlatformError):
    """No key in ENCRYPTION_KEYS opens the stored credentials. `reason` is what the account
    should show until an admin reconnects it."""

    reason = (
        "The stored credentials could not be decrypted (encryption key missing); "
        "reconnect the account."
    )

    def __init__(self, account: SocialAccount):
        super().__init__(
            ErrorKind.AUTH_EXPIRED, f"{account}: stored credentials could not be decrypted."
        )


def _decrypt(account: SocialAccount, credential: Credential | None) -> TokenSet:
    if credential is None or not credential.access_token:
        raise PlatformError(
            ErrorKind.AUTH_EXPIRED, f"{account} is not connected: no credentials are stored."
        )
    return TokenSet(
        access_token=crypto.decrypt(credential.access_token),
        refresh_token=crypto.decrypt(credential.refresh_token),
        expires_at=account.token_expires_at,
        refresh_expires_at=credential.refresh_expires_at,
        scopes=tuple(account.scopes),
        config=dict(credential.config),
    )


def read_tokens(account: SocialAccount) -> TokenSet:
    try:
        return _decrypt(account, Credential.objects.filter(account=account).first())
    except DecryptionError:
        raise CredentialsUnreadable(account) from None


def write_tokens(account: SocialAccount, tokens: TokenSet, *, refreshed: bool = False) -> None:
    """Store a token set encrypted. A refresh answer without a refresh token keeps the stored
    one: platforms that do not rotate simply leave it out, and losing it would end the
    connection at the next expiry."""
    credential, _ = Credential.objects.get_or_create(account=account)
    credential.access_token = crypto.encrypt(tokens.access_token)
    if tokens.refresh_token:
        credential.refresh_token = crypto.encrypt(tokens.refresh_token)
        credential.refresh_expires_at = tokens.refresh_expires_at
    credential.config = {**credential.config, **tokens.config}
    credential.updated_at = timezone.now()
    if refreshed:
        credential.refreshed_at = credential.updated_at
    credential.save()
    account.token_expires_at = tokens.expires_at
    fields = ["token_expires_at"]
    if tokens.scopes:
        account.scopes = list(tokens.scopes)
        fields.append("scopes")
    account.save(update_fields=fields)


def needs_refresh(tokens: TokenSet) -> bool:
    return tokens.expires_at is not None and tokens.expires_at - timezone.now() < REFRESH_MARGIN


def refresh(
    account: SocialAccount, *, stale_access_token: str, refresher: Callable[[TokenSet], TokenSet]
) -> TokenSet:
    """Refresh once for everyone who saw `stale_access_token`. Holds the credential's row lock
    across the platform call so a rotated refresh token is spent and persisted exactly once."""
    try:
        with transaction.atomic():
            credential = Credential.objects.select_for_update().get(account=account)
            account.refresh_from_db(fields=["token_expires_at", "scopes", "state"])
            current = _decrypt(account, credential)
            if current.access_token != stale_access_token:
                return current  # another worker refreshed while this one waited for the lock
            if not current.refresh_token:
                raise PlatformError(
                    ErrorKind.AUTH_EXPIRED,
                    f"{account}: the access token expired and cannot be renewed.",
                )
            fresh = refresher(current)
            write_tokens(account, fresh, refreshed=True)
    except DecryptionError:
        # Raised outside the transaction that failed, so the caller's needs_reauth mark is not
        # rolled back with it.
        raise CredentialsUnreadable(account) from None
    return read_tokens(account)
