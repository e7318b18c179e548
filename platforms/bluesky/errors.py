"""How Bluesky (XRPC) answers failures, read once for the adapter and the connect flow."""

import requests

from platforms.http import ErrorKind, PlatformError, body_json, classify_status, retry_after_unix


def classify(response: requests.Response) -> PlatformError:
    """XRPC errors name themselves: ExpiredToken comes as HTTP 400, not 401; rate limits carry
    IETF RateLimit-Reset in unix seconds."""
    body = body_json(response)
    name, message = (
        body.get("error", ""),
        f"Bluesky: {body.get('error', '')} {body.get('message', response.reason)}",
    )
    if response.status_code == 429 or name == "RateLimitExceeded":
        return PlatformError(
            ErrorKind.RATE_LIMITED,
            message,
            retry_after=retry_after_unix(response.headers.get("RateLimit-Reset")),
        )
    if name in (
        "ExpiredToken",
        "InvalidToken",
        "AuthMissing",
        "AccountTakedown",
        "AccountDeactivated",
    ):
        return PlatformError(ErrorKind.AUTH_EXPIRED, message, code=name)
    if "already exists" in body.get("message", ""):
        return PlatformError(ErrorKind.DUPLICATE, message, code=name)
    return classify_status(response, message)
