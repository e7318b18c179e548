"""How the Graph API answers failures (Facebook Pages and Instagram share it): the error envelope
and Meta's throttling, read once for the adapters and the connect flows."""

import requests

from platforms.http import ErrorKind, PlatformError, body_json, retry_after_meta_usage

THROTTLE_CODES = {4, 17, 32, 613, 80001, 341}
DUPLICATE_CODES = {506, 368}
TRANSIENT_CODES = {1, 2}


def classify(response: requests.Response) -> PlatformError:
    """Meta signals most errors in the body, not the status: an expired token is HTTP 400
    with code 190, throttling is 400/403 with code 4/17/32/613/80001 plus usage headers."""
    error = body_json(response).get("error") or {}
    code = int(error.get("code") or 0)
    subcode = int(error.get("error_subcode") or 0)
    message = f"{error.get('type', 'Graph API')} ({code}/{subcode}): {error.get('message', '')}"
    if code == 190 or code == 102 or code == 10 or 200 <= code <= 299:
        return PlatformError(ErrorKind.AUTH_EXPIRED, message, code=str(code))
    if code in THROTTLE_CODES or (code == 9 and subcode == 2207042):
        retry = retry_after_meta_usage(response.headers)
        if code == 9:
            retry = 24 * 3600.0  # Instagram's moving 24-hour publishing cap
        return PlatformError(ErrorKind.RATE_LIMITED, message, retry_after=retry, code=str(code))
    if code in DUPLICATE_CODES:
        return PlatformError(ErrorKind.DUPLICATE, message, code=str(code))
    if code in TRANSIENT_CODES or error.get("is_transient") or response.status_code >= 500:
        return PlatformError(ErrorKind.TRANSIENT, message, code=str(code))
    if code == 100 or code == 36000 or response.status_code == 400:
        return PlatformError(ErrorKind.VALIDATION, message, code=str(code))
    return PlatformError(ErrorKind.PERMANENT, message, code=str(code))
