"""LinkedIn 3-legged OAuth (client id and secret in the body, no PKCE), then the organizations
the member administers (organizationAcls); the admin picks the page."""

from django.conf import settings

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

SCOPES = ["w_organization_social", "r_organization_social", "rw_organization_admin"]


class LinkedInFlow(Flow):
    platform = "linkedin"

    def _session(self, redirect_uri):
        client_id, _ = client("linkedin")
        return oauth_session(client_id=client_id, redirect_uri=redirect_uri, scope=SCOPES)

    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]:
        url, state = self._session(redirect_uri).authorization_url(
            web("linkedin", "/oauth/v2/authorization")
        )
        return url, {"state": state}

    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]:
        _, secret = client("linkedin")
        headers_base = {
            "LinkedIn-Version": settings.LINKEDIN_API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }
        rest = Transport("linkedin", classify)
        with connect_errors("LinkedIn"):
            token = self._session(redirect_uri).fetch_token(
                web("linkedin", "/oauth/v2/accessToken"),
                code=params.get("code", ""),
                client_secret=secret,
                include_client_id=True,
                timeout=timeout(),
            )
            headers = {**headers_base, "Authorization": f"Bearer {token['access_token']}"}
            acls = rest.request(
                "GET",
                api("linkedin", "/rest/organizationAcls"),
                params={"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"},
                headers=headers,
            ).json()["elements"]
            candidates = []
            for acl in acls:
                urn = acl["organization"]
                org = rest.request(
                    "GET",
                    api("linkedin", f"/rest/organizations/{urn.rsplit(':', 1)[1]}"),
                    headers=headers,
                ).json()
                tokens = TokenSet(
                    token["access_token"],
                    token.get("refresh_token", ""),
                    expires_from(token.get("expires_in")),
                    expires_from(token.get("refresh_token_expires_in")),
                    tuple(token.get("scope", [])),
                )
                name = org.get("localizedName", urn)
                candidates.append(Candidate(urn, org.get("vanityName", name), name, tokens))
        if not candidates:
            raise ConnectError("You administer no LinkedIn page. Nothing was saved.")
        return candidates


def refresh(tokens: TokenSet) -> TokenSet:
    """Programmatic refresh (approved partners): a new 60-day access token; the refresh token's
    own 365-day clock keeps running, so LinkedIn sends the same one back."""
    client_id, secret = client("linkedin")
    session = oauth_session(client_id=client_id, token={"access_token": tokens.access_token})
    with refresh_errors("LinkedIn"):
        answer = session.refresh_token(
            web("linkedin", "/oauth/v2/accessToken"),
            refresh_token=tokens.refresh_token,
            client_id=client_id,
            client_secret=secret,
            include_client_id=True,
            timeout=timeout(),
        )
    return TokenSet(
        answer["access_token"],
        answer.get("refresh_token", ""),
        expires_from(answer.get("expires_in")),
        tokens.refresh_expires_at,
    )
