"""How LinkedIn answers failures, read once for the adapter and the connect flow."""

import re

import requests

from platforms.http import (
    ErrorKind,
    PlatformError,
    body_json,
    classify_status,
    retry_after_utc_midnight,
)


def classify(response: requests.Response) -> PlatformError:
    """LinkedIn: a bare 429 (daily limits reset at midnight UTC), 401 with serviceErrorCode
    65600/65601, 422 DUPLICATE_POST naming the earlier post."""
    body = body_json(response)
    message = f"LinkedIn: {body.get('message', response.reason)}"
    if response.status_code == 429:
        return PlatformError(
            ErrorKind.RATE_LIMITED, message, retry_after=retry_after_utc_midnight()
        )
    inputs = body.get("errorDetails", {}).get("inputErrors", [])
    if any(e.get("code") == "DUPLICATE_POST" for e in inputs):
        found = re.search(r"urn:li:(?:share|ugcPost):\d+", body.get("message", ""))
        return PlatformError(
            ErrorKind.DUPLICATE, message, existing_id=found.group(0) if found else ""
        )
    return classify_status(response, message)
