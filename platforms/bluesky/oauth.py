"""Connect a Bluesky account with its handle and an app password (createSession on the PDS).
The password is used once and never stored; the session's JWTs are, and refreshSession renews
them."""

from datetime import UTC, datetime

import jwt
from django.conf import settings

from platforms.http import Transport
from platforms.oauth import Candidate, ConnectError, Flow, connect_errors, refresh_errors
from platforms.tokens import TokenSet

from .errors import classify


def session_tokens(answer: dict, pds: str) -> TokenSet:
    def expiry(token):
        claims = jwt.decode(token, options={"verify_signature": False})
        return datetime.fromtimestamp(claims["exp"], UTC)

    return TokenSet(
        access_token=answer["accessJwt"],
        refresh_token=answer["refreshJwt"],
        expires_at=expiry(answer["accessJwt"]),
        refresh_expires_at=expiry(answer["refreshJwt"]),
        scopes=("com.atproto.appPass",),
        config={"pds": pds, "did": answer["did"]},
    )


def refresh(tokens: TokenSet, pds: str, *, transport: Transport | None = None) -> TokenSet:
    """refreshSession with the refresh JWT: a new pair (Bluesky rotates the refresh token)."""
    transport = transport or Transport("bluesky", classify)
    with refresh_errors("Bluesky"):
        answer = transport.request(
            "POST",
            pds.rstrip("/") + "/xrpc/com.atproto.server.refreshSession",
            headers={"Authorization": f"Bearer {tokens.refresh_token}"},
            idempotent=False,
        ).json()
    return session_tokens(answer, pds)


class BlueskyFlow(Flow):
    platform = "bluesky"
    needs_form = True

    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]:
        handle = (form.get("handle") or "").strip().lstrip("@")
        password = form.get("app_password") or ""
        if not handle or not password:
            raise ConnectError("Enter the Bluesky handle and an app password.")
        pds = (form.get("pds") or settings.PLATFORM_API_BASES["bluesky"]).rstrip("/")
        with connect_errors("Bluesky"):
            answer = (
                Transport("bluesky", classify)
                .request(
                    "POST",
                    pds + "/xrpc/com.atproto.server.createSession",
                    json={"identifier": handle, "password": password},
                    idempotent=False,
                )
                .json()
            )
        self.candidates = [
            Candidate(
                answer["did"], "@" + answer["handle"], answer["handle"], session_tokens(answer, pds)
            )
        ]
        return "", {}

    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]:
        return self.candidates
