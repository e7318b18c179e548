"""How Mastodon answers failures, read once for the adapter and the connect flow."""

import requests

from platforms.http import ErrorKind, PlatformError, body_json, classify_status, retry_after_iso


def classify(response: requests.Response) -> PlatformError:
    """Mastodon: 429 with X-RateLimit-Reset as an ISO 8601 time; 401 for a revoked token
    (tokens never expire on their own); 422 for validation."""
    body = body_json(response)
    message = f"Mastodon: {body.get('error', response.reason)}"
    if response.status_code == 429:
        return PlatformError(
            ErrorKind.RATE_LIMITED,
            message,
            retry_after=retry_after_iso(response.headers.get("X-RateLimit-Reset")),
        )
    return classify_status(response, message)
