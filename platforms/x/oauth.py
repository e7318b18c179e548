"""Connect an X account: OAuth 2.0 authorization code with PKCE (S256) and offline.access, so
a refresh token comes back; then GET /2/users/me for the id and handle."""

from requests.auth import HTTPBasicAuth

from platforms.http import Transport
from platforms.oauth import (
    Candidate,
    ConnectError,
    Flow,
    api,
    client,
    connect_errors,
    oauth_session,
    refresh_errors,
    timeout,
    web,
)
from platforms.tokens import TokenSet, expires_from

from .errors import classify

SCOPES = ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"]


class XFlow(Flow):
    platform = "x"

    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]:
        client_id, _ = client("x")
        session = oauth_session(
            client_id=client_id, redirect_uri=redirect_uri, scope=SCOPES, pkce="S256"
        )
        url, state = session.authorization_url(web("x", "/i/oauth2/authorize"))
        return url, {"state": state, "verifier": session._code_verifier}

    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]:
        client_id, secret = client("x")
        session = oauth_session(
            client_id=client_id, redirect_uri=redirect_uri, scope=SCOPES, pkce="S256"
        )
        session._code_verifier = data["verifier"]
        with connect_errors("X"):
            token = session.fetch_token(
                api("x", "/2/oauth2/token"),
                code=params.get("code", ""),
                auth=HTTPBasicAuth(client_id, secret) if secret else None,
                include_client_id=not secret,
                timeout=timeout(),
            )
            if "offline.access" not in token.get("scope", []):
                raise ConnectError(
                    "X did not grant offline access, so the connection would end in two hours. "
                    "Connect again and keep every permission ticked."
                )
            me = Transport("x", classify).request(
                "GET",
                api("x", "/2/users/me"),
                headers={"Authorization": f"Bearer {token['access_token']}"},
            )
        user = me.json()["data"]
        tokens = TokenSet(
            access_token=token["access_token"],
            refresh_token=token.get("refresh_token", ""),
            expires_at=expires_from(token.get("expires_in")),
            scopes=tuple(token.get("scope", [])),
        )
        return [Candidate(user["id"], "@" + user["username"], user["name"], tokens)]


def refresh(tokens: TokenSet) -> TokenSet:
    """X rotates refresh tokens: the answer's refresh_token replaces the spent one."""
    client_id, secret = client("x")
    session = oauth_session(client_id=client_id, token={"access_token": tokens.access_token})
    with refresh_errors("X"):
        answer = session.refresh_token(
            api("x", "/2/oauth2/token"),
            refresh_token=tokens.refresh_token,
            auth=HTTPBasicAuth(client_id, secret) if secret else None,
            timeout=timeout(),
            **({} if secret else {"client_id": client_id}),
        )
    return TokenSet(
        access_token=answer["access_token"],
        refresh_token=answer.get("refresh_token", ""),
        expires_at=expires_from(answer.get("expires_in")),
        scopes=tuple(answer.get("scope") or tokens.scopes),
    )
