"""The one HTTP base every platform adapter speaks through.

Every call has a timeout. A failed call becomes a PlatformError whose `kind` tells the caller
what it may do next:

- rate_limited: wait `retry_after` seconds (parsed from the platform's own signal), then retry;
- auth_expired: refresh the token or have a person reconnect the account;
- duplicate: the platform already has this content (often: an earlier attempt went through);
- validation: the request itself is wrong; retrying will not help;
- transient: the platform failed before acting (5xx, connection refused); a retry is safe;
- permanent: anything else the platform refused;
- unknown_outcome: the request was sent and no answer came (timeout, connection reset). The
  post may or may not exist: read the account's recent posts back before trying again.

Idempotent calls (reads, deletes) are retried a bounded number of times on transient errors;
publishing calls never are, because only the caller can decide after reconciling.
"""

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import requests
from django.conf import settings
from urllib3.exceptions import NewConnectionError


class ErrorKind(StrEnum):
    RATE_LIMITED = "rate_limited"
    AUTH_EXPIRED = "auth_expired"
    DUPLICATE = "duplicate"
    VALIDATION = "validation"
    TRANSIENT = "transient"
    PERMANENT = "permanent"
    UNKNOWN_OUTCOME = "unknown_outcome"


class PlatformError(Exception):
    """A platform call that did not succeed. `retry_after` is in seconds (rate limits only);
    `status` and `code` are the platform's own HTTP status and error code, for the record."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
        code: str = "",
        existing_id: str = "",
    ):
        super().__init__(message)
        self.kind = ErrorKind(kind)
        self.message = message
        self.retry_after = retry_after
        self.status = status
        self.code = code
        # Set when a duplicate rejection names the post that already exists (LinkedIn does).
        self.existing_id = existing_id

    def __repr__(self) -> str:
        return f"PlatformError({self.kind}, {self.message!r}, retry_after={self.retry_after})"


Classifier = Callable[[requests.Response], PlatformError]


def body_json(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# Rate-limit signals, one parser per convention. Each answers seconds from now (never negative).


def seconds_until(moment: datetime) -> float:
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def retry_after_unix(value: str | None) -> float | None:
    """X `x-rate-limit-reset` and Bluesky `RateLimit-Reset`: unix epoch seconds."""
    try:
        return seconds_until(datetime.fromtimestamp(int(value), UTC)) if value else None
    except (TypeError, ValueError, OverflowError):
        return None


def retry_after_iso(value: str | None) -> float | None:
    """Mastodon `X-RateLimit-Reset`: an ISO 8601 time with microseconds."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return seconds_until(moment)


def retry_after_meta_usage(headers) -> float | None:
    """Meta's X-Business-Use-Case-Usage gives `estimated_time_to_regain_access` in minutes per
    business object; X-App-Usage only says how full the bucket is (percent). With no estimate,
    Meta's guidance is to back off; an hour is the platform-limit window."""
    minutes = []
    raw = headers.get("X-Business-Use-Case-Usage")
    if raw:
        try:
            for entries in json.loads(raw).values():
                minutes += [int(e.get("estimated_time_to_regain_access", 0)) for e in entries]
        except (ValueError, AttributeError, TypeError):
            pass
    if minutes and max(minutes) > 0:
        return max(minutes) * 60.0
    if headers.get("X-App-Usage") or raw:
        return 3600.0
    return None


def retry_after_utc_midnight() -> float:
    """LinkedIn's daily limits reset at midnight UTC and its 429 carries no header."""
    now = datetime.now(UTC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return seconds_until(midnight)


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached the platform (the connection was never made)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    seen = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, NewConnectionError | ConnectionRefusedError):
            return True
        cause = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
        if cause is None and exc.args and isinstance(exc.args[0], BaseException):
            cause = exc.args[0] if id(exc.args[0]) not in seen else None
    return False


class Transport:
    """A requests Session with a timeout on every call and the platform's error classifier.

    `classify` turns any response that is not 2xx into a PlatformError. `retries` bounds the
    retries of idempotent calls on transient errors."""

    def __init__(self, platform: str, classify: Classifier, *, session=None):
        self.platform = platform
        self.classify = classify
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = "SocialOps/1.0 (+platforms)"

    @property
    def timeout(self) -> tuple[float, float]:
        connect, read = settings.PLATFORM_HTTP_TIMEOUT
        return (connect, read)

    def request(
        self, method: str, url: str, *, idempotent: bool | None = None, **kwargs
    ) -> requests.Response:
        if idempotent is None:
            idempotent = method.upper() in ("GET", "HEAD", "DELETE", "PUT")
        kwargs.setdefault("timeout", self.timeout)
        attempts = 1 + (settings.PLATFORM_HTTP_RETRIES if idempotent else 0)
        for attempt in range(attempts):
            try:
                return self._once(method, url, idempotent=idempotent, **kwargs)
            except PlatformError as exc:
                if exc.kind != ErrorKind.TRANSIENT or attempt == attempts - 1:
                    raise
                time.sleep(min(2.0, 0.2 * 2**attempt))
        raise AssertionError("unreachable")

    def _once(self, method: str, url: str, *, idempotent: bool, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            if _never_sent(exc) or idempotent:
                raise PlatformError(
                    ErrorKind.TRANSIENT, f"{self.platform}: could not reach the platform ({exc})"
                ) from exc
            raise PlatformError(
                ErrorKind.UNKNOWN_OUTCOME,
                f"{self.platform}: the request was sent but no answer came back ({exc}); "
                "read the account's posts back before trying again.",
            ) from exc
        if 200 <= response.status_code < 300:
            return response
        error = self.classify(response)
        error.status = error.status or response.status_code
        raise error


def classify_status(response: requests.Response, message: str) -> PlatformError:
    """The fallback most platforms share for statuses their own envelope does not explain."""
    status = response.status_code
    if status in (401,):
        return PlatformError(ErrorKind.AUTH_EXPIRED, message, status=status)
    if status == 429:
        return PlatformError(ErrorKind.RATE_LIMITED, message, status=status)
    if status in (400, 413, 415, 422):
        return PlatformError(ErrorKind.VALIDATION, message, status=status)
    if status >= 500:
        return PlatformError(ErrorKind.TRANSIENT, message, status=status)
    return PlatformError(ErrorKind.PERMANENT, message, status=status)
