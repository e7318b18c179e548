"""How X answers failures, read once for the adapter and the connect flow."""

import requests

from platforms.http import ErrorKind, PlatformError, body_json, classify_status, retry_after_unix


def classify(response: requests.Response) -> PlatformError:
    """X answers RFC 7807 problems; duplicates are a 403 with its own wording; rate limits a
    429 with x-rate-limit-reset in unix seconds."""
    body = body_json(response)
    detail = body.get("detail") or body.get("title") or response.reason
    if body.get("errors") and not body.get("detail"):
        detail = "; ".join(str(e.get("message", e)) for e in body["errors"])
    status = response.status_code
    if status == 429:
        return PlatformError(
            ErrorKind.RATE_LIMITED,
            f"X rate limit: {detail}",
            retry_after=retry_after_unix(response.headers.get("x-rate-limit-reset")),
            code=str(body.get("type", "")),
        )
    if status == 403 and "duplicate" in str(detail).lower():
        return PlatformError(ErrorKind.DUPLICATE, f"X: {detail}")
    return classify_status(response, f"X: {detail}")
