"""What every connect flow shares: the app's client credentials per platform, requests-oauthlib
sessions, and turning oauthlib's errors into a message for the person or a PlatformError.

A flow (platforms/<kind>/oauth.py) has two halves:
  begin(redirect_uri, form) -> (authorize URL or "" when done at once, data for the session)
  finish(params, session_data, redirect_uri) -> list[Candidate]
More than one candidate (Facebook pages, Instagram accounts, LinkedIn organizations) means the
admin picks one.
"""

import os
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from django.conf import settings
from oauthlib.oauth2 import OAuth2Error
from requests_oauthlib import OAuth2Session

from .http import ErrorKind, PlatformError
from .tokens import TokenSet


class ConnectError(Exception):
    """The connection could not be made; `message` is for the admin on the accounts page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Candidate:
    external_id: str
    handle: str
    display_name: str
    tokens: TokenSet


class Flow(ABC):
    platform = ""
    needs_form = False  # Mastodon asks for the instance, Bluesky for handle + app password

    @abstractmethod
    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]: ...

    @abstractmethod
    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]: ...


def client(platform: str) -> tuple[str, str]:
    entry = settings.PLATFORM_CLIENTS.get(platform) or {}
    if not entry.get("client_id"):
        raise ConnectError(
            f"No {platform} app is configured for SocialOps (PLATFORM_CLIENTS): ask the operator."
        )
    return entry["client_id"], entry.get("client_secret", "")


def api(platform: str, path: str) -> str:
    return settings.PLATFORM_API_BASES[platform].rstrip("/") + path


def web(platform: str, path: str) -> str:
    return settings.PLATFORM_WEB_BASES[platform].rstrip("/") + path


def timeout() -> tuple[float, float]:
    return tuple(settings.PLATFORM_HTTP_TIMEOUT)


def oauth_session(**kwargs) -> OAuth2Session:
    # Plain-HTTP simulator URLs are allowed only when settings say so (demo and tests); the
    # environment variable is what oauthlib itself reads.
    if settings.PLATFORM_ALLOW_INSECURE_OAUTH:
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    os.environ["OAUTHLIB_RELAX_TOKEN_SCOPE"] = "1"  # noqa: S105 - a flag: providers may grant fewer scopes
    return OAuth2Session(**kwargs)


def denial_message(params: dict, brand: str) -> str | None:
    """The clear sentence for a consent screen that ended in an error, or None."""
    error = params.get("error")
    if not error:
        return None
    if error in ("access_denied", "user_cancelled_login", "user_cancelled_authorize"):
        return (
            f"{brand} access was not granted (the consent screen was declined). Nothing was saved."
        )
    detail = params.get("error_description") or error
    return f"{brand} refused the connection: {detail}. Nothing was saved."


@contextmanager
def connect_errors(brand: str):
    """Inside a connect flow: every failure becomes a ConnectError with a readable message."""
    try:
        yield
    except ConnectError:
        raise
    except OAuth2Error as exc:
        raise ConnectError(
            f"{brand} did not accept the authorization ({exc.error}). Nothing was saved; "
            "try connecting again."
        ) from exc
    except PlatformError as exc:
        raise ConnectError(f"{brand} answered with an error: {exc.message}") from exc
    except requests.RequestException as exc:
        raise ConnectError(f"{brand} could not be reached ({exc.__class__.__name__}).") from exc


@contextmanager
def refresh_errors(platform: str):
    """Inside a token refresh: a refused grant is auth_expired, a network failure transient."""
    try:
        yield
    except OAuth2Error as exc:
        raise PlatformError(
            ErrorKind.AUTH_EXPIRED, f"{platform} refused the refresh token ({exc.error})."
        ) from exc
    except requests.RequestException as exc:
        raise PlatformError(
            ErrorKind.TRANSIENT, f"{platform} token endpoint unreachable ({exc})."
        ) from exc
