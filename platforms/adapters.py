"""The publish API the rest of SocialOps calls, the same for every platform:

    adapter = adapter_for(account)
    result = adapter.publish(PublishRequest(text=..., images=[ImageUpload(...)],
                                            idempotency_key=...))      # -> PublishResult
    adapter.recent_posts(limit=20)      # -> list[RemotePost], for reconciliation
    adapter.delete(external_id)
    adapter.post_metrics(external_id)   # -> dict of the platform's own metric names
    adapter.account_metrics()           # -> dict, e.g. {"followers_count": 1200}

Every method raises platforms.http.PlatformError(kind, message, retry_after=...) on failure.
An adapter refreshes an expiring token before the call and once more on the platform's own
"expired" signal; when that fails the account is marked needs_reauth and the error is
auth_expired. Each platform lives in its own folder, platforms/<kind>/ (adapter, oauth,
simulator routes); adding one means copying a sibling and registering it in ADAPTERS.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module

import requests
from django.conf import settings

from . import actions
from . import tokens as token_store
from .http import ErrorKind, PlatformError, Transport
from .models import ConnectionState, SocialAccount
from .tokens import CredentialsUnreadable, TokenSet


@dataclass(frozen=True)
class ImageUpload:
    content: bytes
    mime_type: str
    alt_text: str = ""
    # Instagram fetches media from a public URL instead of taking an upload.
    public_url: str = ""

    def __repr__(self) -> str:
        return f"ImageUpload({self.mime_type}, {len(self.content)} bytes, alt={self.alt_text!r})"


@dataclass(frozen=True)
class PublishRequest:
    text: str
    images: Sequence[ImageUpload] = ()
    # Stable per (post, account): the platforms that honour one (Mastodon's Idempotency-Key,
    # Bluesky's record key) then turn a repeated attempt into the same post.
    idempotency_key: str = ""


@dataclass(frozen=True)
class PublishResult:
    external_id: str
    url: str


@dataclass(frozen=True)
class RemotePost:
    external_id: str
    text: str
    created_at: datetime | None
    url: str = ""


@dataclass(frozen=True)
class Capabilities:
    max_images: int
    alt_text: bool
    text_only: bool = True
    delete: bool = True
    post_metrics: tuple[str, ...] = ()
    account_metrics: tuple[str, ...] = ()
    # Common metrics this platform's API does not give, with the reason (shown as
    # "not available", never as zero).
    unavailable: dict[str, str] = field(default_factory=dict)


class Adapter(ABC):
    platform: str = ""
    capabilities: Capabilities

    def __init__(self, account: SocialAccount, *, session: requests.Session | None = None):
        self.account = account
        self.transport = Transport(self.platform, self.classify, session=session)

    # --- what each platform implements -------------------------------------------------------

    @abstractmethod
    def publish(self, request: PublishRequest) -> PublishResult: ...

    @abstractmethod
    def recent_posts(self, limit: int = 20) -> list[RemotePost]: ...

    @abstractmethod
    def delete(self, external_id: str) -> None: ...

    @abstractmethod
    def post_metrics(self, external_id: str) -> dict[str, int]: ...

    @abstractmethod
    def account_metrics(self) -> dict[str, int]: ...

    @staticmethod
    @abstractmethod
    def classify(response: requests.Response) -> PlatformError: ...

    def auth_headers(self, tokens: TokenSet) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens.access_token}"}

    def refresh_tokens(self, tokens: TokenSet) -> TokenSet:
        """Trade the refresh token for a new set. Platforms without refresh raise."""
        raise PlatformError(
            ErrorKind.AUTH_EXPIRED, f"{self.account}: the platform's token cannot be renewed."
        )

    # --- shared plumbing ---------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return settings.PLATFORM_API_BASES[self.platform].rstrip("/")

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.api_base + path

    def _mark_needs_reauth(self, reason: str) -> None:
        # The token store only raises; deciding that the account needs reconnecting (and
        # holding its targets, telling its admins) is the account verbs' job.
        actions.mark_needs_reauth(account=self.account, reason=reason)

    def tokens(self) -> TokenSet:
        if self.account.state == ConnectionState.DISCONNECTED:
            raise PlatformError(ErrorKind.AUTH_EXPIRED, f"{self.account} is disconnected.")
        try:
            current = token_store.read_tokens(self.account)
        except CredentialsUnreadable as exc:
            self._mark_needs_reauth(exc.reason)
            raise
        if token_store.needs_refresh(current):
            current = self._refresh(current)
        return current

    def _refresh(self, stale: TokenSet) -> TokenSet:
        try:
            return token_store.refresh(
                self.account,
                stale_access_token=stale.access_token,
                refresher=self.refresh_tokens,
            )
        except CredentialsUnreadable as exc:
            self._mark_needs_reauth(exc.reason)
            raise
        except PlatformError as exc:
            if exc.kind == ErrorKind.AUTH_EXPIRED:
                self._mark_needs_reauth(f"The platform refused the connection: {exc.message}")
            raise

    def call(self, method: str, path: str, *, auth: bool = True, **kwargs) -> requests.Response:
        """One authenticated call. On the platform's "token expired" answer, refresh once and
        repeat (the platform refused before acting, so repeating cannot duplicate)."""
        if not auth:
            return self.transport.request(method, self.url(path), **kwargs)
        current = self.tokens()
        headers = kwargs.pop("headers", {})
        try:
            return self.transport.request(
                method, self.url(path), headers={**headers, **self.auth_headers(current)}, **kwargs
            )
        except PlatformError as exc:
            if exc.kind != ErrorKind.AUTH_EXPIRED:
                raise
            if not current.refresh_token:
                self._mark_needs_reauth(f"The platform refused the token: {exc.message}")
                raise
            fresh = self._refresh(current)
        return self._retry_after_refresh(method, path, headers, fresh, **kwargs)

    def _retry_after_refresh(self, method, path, headers, fresh: TokenSet, **kwargs):
        try:
            return self.transport.request(
                method, self.url(path), headers={**headers, **self.auth_headers(fresh)}, **kwargs
            )
        except PlatformError as exc:
            if exc.kind == ErrorKind.AUTH_EXPIRED:
                self._mark_needs_reauth(f"The platform refused the renewed token: {exc.message}")
            raise

    def check_images(self, request: PublishRequest) -> None:
        caps = self.capabilities
        if len(request.images) > caps.max_images:
            raise PlatformError(
                ErrorKind.VALIDATION,
                f"{self.account.get_platform_display()} takes at most {caps.max_images} images.",
            )
        if not request.images and not caps.text_only:
            raise PlatformError(
                ErrorKind.VALIDATION,
                f"{self.account.get_platform_display()} cannot publish a post without an image.",
            )


ADAPTERS = {
    "x": "platforms.x.adapter.XAdapter",
    "facebook": "platforms.facebook.adapter.FacebookAdapter",
    "instagram": "platforms.instagram.adapter.InstagramAdapter",
    "linkedin": "platforms.linkedin.adapter.LinkedInAdapter",
    "mastodon": "platforms.mastodon.adapter.MastodonAdapter",
    "bluesky": "platforms.bluesky.adapter.BlueskyAdapter",
}


def adapter_class(platform: str) -> type[Adapter]:
    module, name = ADAPTERS[platform].rsplit(".", 1)
    return getattr(import_module(module), name)


def adapter_for(account: SocialAccount, *, session: requests.Session | None = None) -> Adapter:
    return adapter_class(account.platform)(account, session=session)
